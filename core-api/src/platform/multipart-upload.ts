import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, invalid, tooLarge } from './errors';

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

function uploadError(error: unknown, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT') {
    return tooLarge('file_too_large', `A file may be at most ${maxBytes} bytes, one per upload.`, { maxBytes });
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return invalid('multipart_required', 'Upload the file as multipart/form-data.');
  return error;
}
