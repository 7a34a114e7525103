import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import type { DocumentCaller } from './document-access';
import { AccessLogEntry, Binary, Document, DocumentParams, errors, Extraction, FillResult, FormField, FormValues, id, Language, tags, VersionQuery } from './documents-schemas';
import type { DocumentsService } from './documents-service';
import { readUpload } from '../../platform/multipart-upload';
import { titleOf } from './upload-part';

export const callerOf = (request: FastifyRequest): DocumentCaller => ({ principal: requireUser(request), audit: request.auditContext });

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
const contentDisposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const extensions: Record<string, string> = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg' };

/** Reading, uploading, filling, OCR, sharing and the audit trail of documents. */
export const documentsRoutes: FastifyPluginAsyncTypebox<{ documents: DocumentsService; maxBytes: number }> = async (app, { documents, maxBytes }) => {
  app.get(
    '/documents',
    {
      schema: {
        tags, summary: 'The documents shared with you (`patientId` narrows to one patient), newest first; each is an audited read',
        querystring: Type.Object({ patientId: Type.Optional(id) }), response: { 200: Type.Array(Document), ...errors },
      },
    },
    (request) => documents.list(callerOf(request), { patientId: request.query.patientId }),
  );

  app.post(
    '/documents',
    {
      bodyLimit: maxBytes + 64 * 1024,
      schema: {
        tags,
        summary: 'Upload a document for a patient (multipart/form-data: fields `patientId`, `title`, then one `file` part)',
        description:
          'The type is detected from the content: PDF, PNG or JPEG; anything else is refused with 422 `file_type_not_allowed` whatever its name ' +
          'says, and a file over DOCUMENT_UPLOAD_MAX_BYTES with 413 `file_too_large`. The patient may upload to their own record; a professional ' +
          'to the record of a patient of theirs; an admin to any patient of the organisation. Shared with the patient and the uploader.',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({ patientId: Type.Optional(id), title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        response: { 201: Document, 413: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const upload = await readUpload(request, maxBytes);
      const patientId = request.query.patientId ?? upload.fields.patientId ?? (caller.principal.role === 'patient' ? caller.principal.userId : '');
      const document = await documents.upload(caller, {
        patientId, title: titleOf(request.query.title ?? upload.fields.title ?? upload.filename), content: upload.content,
      });
      return reply.status(201).send(document);
    },
  );

  app.get(
    '/documents/:documentId',
    { schema: { tags, summary: 'One document with its versions and shares; an audited read', params: DocumentParams, response: { 200: Document, ...errors } } },
    (request) => documents.get(callerOf(request), request.params.documentId),
  );

  app.get(
    '/documents/:documentId/content',
    {
      schema: {
        tags, summary: 'Download a version (the latest by default), decrypted; every download is logged',
        description: 'A version whose stored bytes fail their integrity check answers 422 `document_tampered`; one sealed under a master key that is no longer configured, 422 `document_key_unknown`.',
        params: DocumentParams, querystring: VersionQuery, response: { 200: Binary, ...errors },
      },
    },
    async (request, reply) => {
      const { document, version, content } = await documents.download(callerOf(request), request.params.documentId, request.query.version);
      const name = /\.[a-z]{3,4}$/i.test(document.title) ? document.title : `${document.title}${extensions[version.contentType] ?? ''}`;
      return reply
        .type(version.contentType)
        .header('content-disposition', contentDisposition(name))
        .header('cache-control', 'private, no-store')
        .header('x-document-version', String(version.version))
        .send(content);
    },
  );

  app.get(
    '/documents/:documentId/fields',
    {
      schema: {
        tags, summary: 'The fillable fields (AcroForm) of a PDF version and their values', params: DocumentParams, querystring: VersionQuery,
        response: { 200: Type.Array(FormField), ...errors },
      },
    },
    (request) => documents.fields(callerOf(request), request.params.documentId, request.query.version),
  );

  app.post(
    '/documents/:documentId/fill',
    {
      schema: {
        tags, summary: 'Fill the form of the latest version field by field (optionally flattened); the result is the next version',
        params: DocumentParams, body: Type.Object({ values: FormValues, flatten: Type.Optional(Type.Boolean()) }), response: { 200: FillResult, ...errors },
      },
    },
    (request) => documents.fill(callerOf(request), request.params.documentId, request.body),
  );

  app.post(
    '/documents/:documentId/ocr',
    {
      schema: {
        tags,
        summary: 'Read the text of an image version (a card, a scanned letter) and map it to intake fields',
        description:
          'Text is read with tesseract.js from language data shipped with the server (`eng`, `spa`); values are mapped to the intake fields of the ' +
          'appointment\'s domain (or `domainId`) by their labels and validation rules, each with its confidence; values below 80 or found by ' +
          'pattern alone are flagged `needsReview`. The result is stored encrypted with the version.',
        params: DocumentParams,
        body: Type.Object({ language: Type.Optional(Language), domainId: Type.Optional(id), version: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: Extraction, ...errors },
      },
    },
    (request) => documents.extract(callerOf(request), request.params.documentId, request.body),
  );

  app.get(
    '/documents/:documentId/extraction',
    { schema: { tags, summary: 'What OCR read from a version (the latest by default)', params: DocumentParams, querystring: VersionQuery, response: { 200: Extraction, ...errors } } },
    (request) => documents.extraction(callerOf(request), request.params.documentId, request.query.version),
  );

  app.put(
    '/documents/:documentId/shares/:userId',
    {
      schema: {
        tags, summary: 'Share with a named user: the patient, an admin, or a professional of the patient\'s appointments (422 `share_not_allowed` otherwise)',
        description: 'The patient and staff it is shared with may share it; others who can read it get 403.',
        params: Type.Object({ documentId: id, userId: id }), response: { 200: Document, ...errors },
      },
    },
    (request) => documents.share(callerOf(request), request.params.documentId, request.params.userId),
  );

  app.delete(
    '/documents/:documentId/shares/:userId',
    {
      schema: {
        tags, summary: 'Stop sharing with a user (never with the patient: 409 `owner_share_required`)',
        params: Type.Object({ documentId: id, userId: id }), response: { 200: Document, ...errors },
      },
    },
    (request) => documents.unshare(callerOf(request), request.params.documentId, request.params.userId),
  );

  app.get(
    '/documents/:documentId/audit',
    {
      schema: {
        tags, summary: 'The document\'s audit trail: every access, allowed or denied, oldest first', params: DocumentParams,
        response: { 200: Type.Array(AccessLogEntry), ...errors },
      },
    },
    (request) => documents.auditTrail(callerOf(request), request.params.documentId),
  );
};
