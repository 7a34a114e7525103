import { fileURLToPath, URL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

/*
 * Renders the first page of a PDF for pdf-preview.ts. It runs in a worker thread so that the parent
 * can stop it outright (terminate) at its time limit, whatever pdf.js is busy with, and cap its heap.
 * It is plain JavaScript because a worker thread loads its file with Node alone, without the
 * TypeScript loader of the process that starts it.
 *
 * workerData: { data: Uint8Array, size, maxPagePoints, maxImagePixels }.
 * Answers one message: { ok: true, width, height, pixels } (RGBA, width × height × 4 bytes) or
 * { ok: false, code, message, details? }, where code is pdf_unreadable, pdf_encrypted,
 * pdf_page_size_unsupported, or unexpected (anything that does not say the PDF is at fault).
 */

const { data, size, maxPagePoints, maxImagePixels } = workerData;

// pdf.js's own fonts, character maps and image decoders, from its package: read from disk, never fetched.
const assetDirectory = (name) => fileURLToPath(new URL(`../../${name}/`, import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs')));

// Errors pdf.js raises when the file itself is at fault; anything else is ours to look into.
const brokenPdf = new Set(['InvalidPDFException', 'FormatError', 'MissingPDFException']);

function failure(error) {
  const name = error && typeof error === 'object' ? error.name : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return { ok: false, code: 'pdf_encrypted', message };
  if (brokenPdf.has(name)) return { ok: false, code: 'pdf_unreadable', message };
  return { ok: false, code: 'unexpected', message: `${name ?? 'Error'}: ${message}` };
}

async function render() {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data,
    // No JavaScript: pdf.js would otherwise compile the PDF's functions with `new Function`.
    isEvalSupported: false,
    enableXfa: false,
    // Images larger than this are left out instead of decoded (a small file can declare a huge picture).
    maxImageSize: maxImagePixels,
    standardFontDataUrl: assetDirectory('standard_fonts'),
    cMapUrl: assetDirectory('cmaps'),
    cMapPacked: true,
    wasmUrl: assetDirectory('wasm'),
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise;
    const page = await document.getPage(1);
    const natural = page.getViewport({ scale: 1 });
    if (!(natural.width >= 1 && natural.height >= 1 && natural.width <= maxPagePoints && natural.height <= maxPagePoints)) {
      return {
        ok: false,
        code: 'pdf_page_size_unsupported',
        message: `The first page is ${Math.round(natural.width)} × ${Math.round(natural.height)} points; previews are made of pages up to ${maxPagePoints} points a side.`,
        details: { width: natural.width, height: natural.height, maxPoints: maxPagePoints },
      };
    }
    const viewport = page.getViewport({ scale: Math.min(size / natural.width, size / natural.height) });
    const width = Math.max(1, Math.round(viewport.width));
    const height = Math.max(1, Math.round(viewport.height));
    // pdf.js's Node canvas factory is @napi-rs/canvas.
    const { canvas, context } = document.canvasFactory.create(width, height);
    await page.render({ canvas, canvasContext: context, viewport, background: '#ffffff' }).promise;
    const pixels = context.getImageData(0, 0, width, height).data;
    return { ok: true, width, height, pixels: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength) };
  } finally {
    await task.destroy();
  }
}

try {
  const result = await render();
  parentPort.postMessage(result);
} catch (error) {
  parentPort.postMessage(failure(error));
}
