import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { AppError } from '../../platform/errors';

/*
 * The first page of a PDF as a WebP preview, rendered by pdf.js onto @napi-rs/canvas in a worker
 * thread (pdf-preview-worker.mjs). A PDF is a program of sorts from whoever uploaded it, so the
 * render is fenced: no script evaluation, a wall-clock limit enforced by terminating the thread (a
 * timer in the same thread could not interrupt a busy parser), a heap limit, a page-size limit, a
 * cap on decoded image size, and at most a few renders at once with a short queue behind them.
 */

export interface PdfPreviewLimits {
  /** The longest side of the preview, in pixels. */
  size: number;
  /** Wall-clock time for one render, worker start included. */
  timeoutMs: number;
  /** Heap of the worker thread. */
  memoryMb: number;
  /** Longest page side accepted, in points: 14,400 (200 in) is the largest page PDF allows without UserUnit. */
  maxPagePoints: number;
  /** Images over this many pixels are left out of the preview rather than decoded. */
  maxImagePixels: number;
}

export const pdfPreviewLimits: PdfPreviewLimits = { size: 320, timeoutMs: 8_000, memoryMb: 192, maxPagePoints: 14_400, maxImagePixels: 4096 * 4096 };

// Renders are CPU-bound: two at a time (the cores of a small server), a few waiting, the rest turned away.
const concurrentRenders = 2;
const queuedRenders = 16;
let running = 0;
const waiting: Array<() => void> = [];

async function withRenderSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= concurrentRenders) {
    if (waiting.length >= queuedRenders) throw new AppError('unavailable', 'preview_busy', 'Too many previews are being made; try again in a moment.');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

type WorkerAnswer =
  | { ok: true; width: number; height: number; pixels: Uint8Array }
  | { ok: false; code: string; message: string; details?: unknown };

const workerFile = new URL('./pdf-preview-worker.mjs', import.meta.url);

const unprocessable = (code: string, message: string, details?: unknown) => new AppError('unprocessable', code, message, details);

/**
 * Renders the first page scaled to fit `size` px, encoded WebP. A PDF at fault (unreadable,
 * encrypted, a page out of bounds, over the time or memory limit) is a 422 AppError with its code;
 * any other failure is thrown as it is, for the caller to fall back on.
 */
export async function renderPdfPreview(content: Buffer, limits: PdfPreviewLimits = pdfPreviewLimits): Promise<Buffer> {
  const answer = await withRenderSlot(() => renderInWorker(content, limits));
  if (!answer.ok) {
    if (answer.code === 'unexpected') throw new Error(`PDF preview failed: ${answer.message}`);
    const messages: Record<string, string> = {
      pdf_unreadable: 'This PDF cannot be read (it is damaged or not really a PDF), so it has no preview.',
      pdf_encrypted: 'This PDF is protected by a password, so it has no preview.',
    };
    throw unprocessable(answer.code, messages[answer.code] ?? answer.message, answer.details ?? { reason: answer.message });
  }
  return sharp(answer.pixels, { raw: { width: answer.width, height: answer.height, channels: 4 } }).webp({ quality: 70 }).toBuffer();
}

/**
 * The first page as a PNG of `size` px on its longest side, under the same fence as previews:
 * the documents module reads scanned pages with OCR from it.
 */
export async function renderPdfFirstPagePng(content: Buffer, size: number): Promise<Buffer> {
  const limits = { ...pdfPreviewLimits, size, timeoutMs: 20_000, memoryMb: 384 };
  const answer = await withRenderSlot(() => renderInWorker(content, limits));
  if (!answer.ok) {
    if (answer.code === 'unexpected') throw new Error(`PDF render failed: ${answer.message}`);
    throw unprocessable(answer.code, answer.code === 'pdf_encrypted' ? 'This PDF is protected by a password.' : 'This PDF cannot be read.', answer.details ?? { reason: answer.message });
  }
  return sharp(answer.pixels, { raw: { width: answer.width, height: answer.height, channels: 4 } }).png().toBuffer();
}

function renderInWorker(content: Buffer, limits: PdfPreviewLimits): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, {
      // A copy: pdf.js takes ownership of what it is given, and the caller keeps its buffer.
      workerData: { data: new Uint8Array(content), size: limits.size, maxPagePoints: limits.maxPagePoints, maxImagePixels: limits.maxImagePixels },
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 16 },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () => settle(() => reject(unprocessable('pdf_preview_too_costly', `This PDF's first page takes too long to draw (over ${limits.timeoutMs} ms).`, { limit: 'time', timeoutMs: limits.timeoutMs }))),
      limits.timeoutMs,
    );
    worker.once('message', (answer: WorkerAnswer) => settle(() => resolve(answer)));
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? unprocessable('pdf_preview_too_costly', `This PDF's first page needs too much memory to draw (over ${limits.memoryMb} MB).`, { limit: 'memory', memoryMb: limits.memoryMb })
            : error,
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new Error(`the PDF preview worker exited (${code}) without an answer`))));
  });
}
