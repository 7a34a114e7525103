import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { readUpload } from '../../platform/multipart-upload';
import { ErrorResponse } from '../identity/identity-schemas';
import { ChatFile } from './chat-schemas';
import { callerOf, ConversationParams, errors, id, tags } from './conversation-routes';
import { documentName, type FilesService } from './files-service';

const FileParams = Type.Object({ conversationId: id, fileId: id });
const VersionQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) });
// Bytes, not JSON: Fastify sends a Buffer as it is, and the OpenAPI document says `format: binary`.
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266), never letting a quote or newline through. */
const contentDisposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Files shared in a conversation: multipart upload, versions, download and preview. */
export const fileRoutes: FastifyPluginAsyncTypebox<{ files: FilesService; maxBytes: number }> = async (app, { files, maxBytes }) => {
  app.post(
    '/chat/conversations/:conversationId/files',
    {
      // Multipart is streamed by @fastify/multipart, which enforces the file limit; this only bounds the envelope.
      bodyLimit: maxBytes + 64 * 1024,
      schema: {
        tags,
        summary: 'Share a file (multipart/form-data, one `file` part)',
        description:
          `The type is detected from the content (pdf, png, jpeg, webp, gif, plain text); anything else is refused with 422 ` +
          '`file_type_not_allowed` whatever its name says, and a file over the configured limit (CHAT_FILE_MAX_BYTES) with 413 `file_too_large`. ' +
          'The document name is `name` (query or a form field before the file) or the file name; an upload under a name already ' +
          'shared in the conversation becomes its next version.',
        consumes: ['multipart/form-data'],
        params: ConversationParams,
        querystring: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        response: { 201: ChatFile, 413: ErrorResponse, 422: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const upload = await readUpload(request, maxBytes);
      const name = documentName(request.query.name ?? upload.fields.name ?? upload.filename);
      const file = await files.upload(caller, request.params.conversationId, { content: upload.content, name, originalName: upload.filename || null });
      return reply.status(201).send(file);
    },
  );

  app.get(
    '/chat/conversations/:conversationId/files',
    { schema: { tags, summary: 'The files shared in a conversation, with their versions; an audited read', params: ConversationParams, response: { 200: Type.Array(ChatFile), ...errors } } },
    (request) => files.list(callerOf(request), request.params.conversationId),
  );

  app.get(
    '/chat/conversations/:conversationId/files/:fileId',
    { schema: { tags, summary: 'One file and its version history; an audited read', params: FileParams, response: { 200: ChatFile, ...errors } } },
    (request) => files.get(callerOf(request), request.params.conversationId, request.params.fileId),
  );

  app.get(
    '/chat/conversations/:conversationId/files/:fileId/content',
    {
      schema: {
        tags, summary: 'Download a version (the latest by default), byte for byte; participants only, and every download is an audit entry',
        params: FileParams, querystring: VersionQuery, response: { 200: Binary, ...errors },
      },
    },
    async (request, reply) => {
      const { file, version, content } = await files.download(callerOf(request), request.params.conversationId, request.params.fileId, request.query.version);
      return reply
        .type(version.contentType)
        .header('content-disposition', contentDisposition(file.name))
        .header('cache-control', 'private, no-store')
        .header('x-file-version', String(version.version))
        .send(content);
    },
  );

  app.get(
    '/chat/conversations/:conversationId/files/:fileId/preview',
    {
      schema: {
        tags,
        summary: 'A small preview: images and the first page of a PDF as WebP within 320 px, text as its first 2,000 characters',
        description:
          'PDF pages are drawn with pdf.js (no scripts run) within limits of time, memory and page size (200 in a side). ' +
          'A PDF that cannot be previewed answers 422 with a code: `pdf_unreadable` (damaged, or not really a PDF), `pdf_encrypted`, ' +
          '`pdf_page_size_unsupported`, `pdf_preview_too_costly` (over the time or memory limit); 503 `preview_busy` when too many are being drawn. ' +
          '`x-preview` is `rendered`, or `placeholder` when the renderer itself failed and a generic page picture stands in ' +
          '(`x-preview-fallback: pdf_render_failed`).',
        params: FileParams, querystring: VersionQuery, response: { 200: Binary, 422: ErrorResponse, 503: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const preview = await files.preview(callerOf(request), request.params.conversationId, request.params.fileId, request.query.version);
      reply.type(preview.contentType).header('cache-control', 'private, no-store').header('x-preview', preview.placeholder ? 'placeholder' : 'rendered');
      if (preview.placeholder) {
        request.log.warn({ err: preview.fallbackError, fileId: request.params.fileId }, 'PDF preview fell back to the placeholder');
        reply.header('x-preview-fallback', 'pdf_render_failed');
      }
      return reply.send(preview.body);
    },
  );
};

/** @fastify/multipart's own errors, as our coded ones. */
