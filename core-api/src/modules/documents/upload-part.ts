import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, invalid, tooLarge } from '../../platform/errors';

/** One `file` part of a multipart request, with its form fields, as a buffer; @fastify/multipart's errors as coded ones. */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<{ content: Buffer; filename: string; fields: Record<string, string> }> {
  let part: MultipartFile | undefined;
  let content: Buffer;
  try {
    part = await request.file();
    if (!part) throw invalid('file_missing', 'Send the file as a multipart part named `file`.');
    content = await part.toBuffer();
  } catch (error) {
    throw uploadError(error, maxBytes);
  }
  const fields: Record<string, string> = {};
  for (const [name, field] of Object.entries(part.fields)) {
    if (field && !Array.isArray(field) && field.type === 'field') fields[name] = String(field.value);
  }
  return { content, filename: part.filename ?? '', fields };
}

/** A name as people type it, without folders or control characters. */
export function titleOf(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  if (!name) throw invalid('document_title_invalid', 'Give the document a title (`title`, or the file name).');
  return name;
}

function uploadError(error: unknown, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT') {
    return tooLarge('file_too_large', `A file may be at most ${maxBytes} bytes, one per upload.`, { maxBytes });
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return invalid('multipart_required', 'Upload the file as multipart/form-data.');
  return error;
}
