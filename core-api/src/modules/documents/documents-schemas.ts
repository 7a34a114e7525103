import { Type } from 'typebox';
import { ErrorResponse } from '../identity/identity-schemas';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const tags = ['documents'];
export const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };
export const id = Type.String({ minLength: 1, maxLength: 100 });
export const DocumentParams = Type.Object({ documentId: id });
export const VersionQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) });
// Bytes, not JSON: Fastify sends a Buffer as it is, and the OpenAPI document says `format: binary`.
export const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
export const Language = Type.Union([Type.Literal('eng'), Type.Literal('spa')]);

export const DocumentVersion = Type.Object({
  version: Type.Integer(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  keyId: Type.String({ description: 'The master key that wraps this version\'s data key (rotation).' }),
  createdBy: Type.String(),
  createdAt: Type.String(),
});

export const Document = Type.Object(
  {
    id: Type.String(),
    patientId: Type.String({ description: 'The owner: the patient the document is about.' }),
    kind: Type.Union([Type.Literal('generated'), Type.Literal('form'), Type.Literal('upload')]),
    templateKey: nullable(Type.String()),
    title: Type.String(),
    appointmentId: nullable(Type.String()),
    createdBy: Type.String(),
    createdAt: Type.String(),
    latest: DocumentVersion,
    versions: Type.Array(DocumentVersion),
    sharedWith: Type.Array(Type.String(), { description: 'The only users who may read it.' }),
  },
  { $id: 'Document' },
);

export const FormField = Type.Object({
  name: Type.String(),
  type: Type.Union([
    Type.Literal('text'), Type.Literal('checkbox'), Type.Literal('dropdown'), Type.Literal('option_list'), Type.Literal('radio'), Type.Literal('other'),
  ]),
  value: nullable(Type.String()),
  options: Type.Optional(Type.Array(Type.String())),
  readOnly: Type.Boolean(),
});

export const ExtractedField = Type.Object({
  key: Type.String({ description: 'The intake field.' }),
  value: Type.String(),
  confidence: Type.Number({ description: '0–100' }),
  source: Type.Union([Type.Literal('label'), Type.Literal('pattern')]),
  needsReview: Type.Boolean({ description: 'Low confidence, or found by its validation rule alone: for a human to check.' }),
});

export const Extraction = Type.Object(
  {
    documentId: Type.String(),
    version: Type.Integer(),
    language: Language,
    text: Type.String(),
    confidence: Type.Number(),
    fields: Type.Array(ExtractedField),
    needsReview: Type.Boolean(),
  },
  { $id: 'DocumentExtraction' },
);

export const AccessLogEntry = Type.Object({
  id: Type.Integer(),
  version: nullable(Type.Integer()),
  actorId: Type.String(),
  action: Type.String(),
  outcome: Type.Union([Type.Literal('allowed'), Type.Literal('denied')]),
  requestId: Type.String(),
  at: Type.String(),
});

export const TemplateInfo = Type.Object({
  key: Type.String(),
  domains: Type.Array(Type.String(), { description: 'Empty: every domain.' }),
  locales: Type.Array(Type.String()),
  titles: Type.Record(Type.String(), Type.String()),
});

export const GenerationRule = Type.Object({
  id: Type.String(), domainId: Type.String(), eventType: Type.String(), templateKey: Type.String(), enabled: Type.Boolean(),
});

export const FormTemplate = Type.Object({
  id: Type.String(), name: Type.String(), fields: Type.Array(Type.String()), createdBy: Type.String(), createdAt: Type.String(),
});

export const FillResult = Type.Object({
  document: Document,
  filled: Type.Array(Type.String(), { description: 'The fields that were set.' }),
  unknown: Type.Optional(Type.Array(Type.String({ description: 'Names given that the form does not have (ignored).' }))),
});

export const FormValues = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 5_000 }), { maxProperties: 200 });
