import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { AppError } from '../../platform/errors';
import { renderPdfPreview } from './pdf-preview';

/** What may be shared in a conversation, by the type its content shows (never its name or declared type). */
export const allowedFileTypes: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'text/plain': 'txt',
};

export interface InspectedFile {
  /** The detected type when it is on the allow-list; null otherwise. */
  contentType: string | null;
  /** What was detected, for the refusal message ("application/x-msdownload"); "unknown" when nothing. */
  detected: string;
  sha256: string;
  size: number;
}

/**
 * Detects the type from the bytes with `file-type`. Text has no magic number,
 * so content that `file-type` does not recognise counts as text only when it
 * is valid UTF-8 without control characters other than tab, CR, LF and form feed.
 */
export async function inspectFile(content: Buffer): Promise<InspectedFile> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const detectedType = await fileTypeFromBuffer(content);
  const detected = detectedType?.mime ?? (isPlainText(content) ? 'text/plain' : 'unknown');
  return { contentType: detected in allowedFileTypes ? detected : null, detected, sha256, size: content.length };
}

function isPlainText(content: Buffer): boolean {
  if (content.length === 0) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(content.toString('latin1'))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

export interface Preview {
  contentType: string;
  body: Buffer;
  /** True when the preview only stands for the file: a PDF whose page could not be drawn for a reason of ours, not the file's. */
  placeholder: boolean;
  /** Why the placeholder stands in, for the logs (the client sees only that it is one). */
  fallbackError?: unknown;
}

const previewSize = 320;
// A page with a folded corner: drawn shapes only, so it renders without any font installed.
const pdfPlaceholder = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="320" viewBox="0 0 240 320">
  <rect width="240" height="320" fill="#f3f2f1"/><path d="M40 20h120l40 40v240H40z" fill="#fff" stroke="#c8c6c4" stroke-width="4"/>
  <path d="M160 20v40h40" fill="#edebe9" stroke="#c8c6c4" stroke-width="4"/><rect x="70" y="120" width="100" height="40" rx="6" fill="#d13438"/>
  <rect x="70" y="190" width="100" height="8" fill="#c8c6c4"/><rect x="70" y="210" width="80" height="8" fill="#c8c6c4"/></svg>`;

/**
 * A small preview: images scaled to fit 320 px as WebP (which also strips their
 * metadata, such as GPS positions), the first 2,000 characters of text, and the
 * first page of a PDF drawn the same way. A PDF that is at fault (damaged,
 * encrypted, too costly to draw) is a 422 from `renderPdf`; only a failure of
 * ours (the renderer itself broke) falls back to a generic page picture.
 */
export async function previewOf(content: Buffer, contentType: string, renderPdf: (content: Buffer) => Promise<Buffer> = renderPdfPreview): Promise<Preview> {
  if (contentType.startsWith('image/')) {
    const body = await sharp(content, { animated: false }).rotate().resize(previewSize, previewSize, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 70 }).toBuffer();
    return { contentType: 'image/webp', body, placeholder: false };
  }
  if (contentType === 'text/plain') {
    return { contentType: 'text/plain; charset=utf-8', body: Buffer.from(content.toString('utf8').slice(0, 2_000)), placeholder: false };
  }
  try {
    return { contentType: 'image/webp', body: await renderPdf(content), placeholder: false };
  } catch (error) {
    if (error instanceof AppError) throw error;
    return { contentType: 'image/webp', body: await sharp(Buffer.from(pdfPlaceholder)).webp({ quality: 70 }).toBuffer(), placeholder: true, fallbackError: error };
  }
}
