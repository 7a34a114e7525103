import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { forbidden } from '../../platform/errors';
import { ErrorResponse } from '../identity/identity-schemas';
import { callerOf } from './documents-routes';
import { Document, errors, FillResult, FormTemplate, FormValues, GenerationRule, id, tags, TemplateInfo } from './documents-schemas';
import type { DocumentsService } from './documents-service';
import type { GenerationService } from './generation-service';
import { readUpload } from '../../platform/multipart-upload';
import { titleOf } from './upload-part';

/** Templates, generation, admins' fillable forms, automation rules and key rotation. */
export const generationRoutes: FastifyPluginAsyncTypebox<{ generation: GenerationService; documents: DocumentsService; maxBytes: number }> = async (
  app, { generation, documents, maxBytes },
) => {
  app.get(
    '/documents/templates',
    { schema: { tags, summary: 'The document templates, with their domains and locales', response: { 200: Type.Array(TemplateInfo), ...errors } } },
    (request) => {
      callerOf(request);
      return generation.templates();
    },
  );

  app.post(
    '/documents/generate',
    {
      schema: {
        tags,
        summary: 'Render a template to PDF for an appointment, filled from the appointment, the patient\'s profile and the intake answers',
        description:
          'For whoever may read the appointment\'s intake (its patient and professional, admins). The document belongs to the patient and is shared ' +
          'with the patient, the professional and the caller. `locale` (en, es) defaults to the patient\'s.',
        body: Type.Object({ appointmentId: id, templateKey: id, locale: Type.Optional(Type.String({ maxLength: 10 })) }),
        response: { 201: Document, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await generation.generate(callerOf(request), request.body)),
  );

  app.get(
    '/documents/rules',
    {
      schema: {
        tags, summary: 'Which documents are generated on which events, per domain (admins)',
        querystring: Type.Object({ domainId: Type.Optional(id) }), response: { 200: Type.Array(GenerationRule), ...errors },
      },
    },
    (request) => {
      if (callerOf(request).principal.role !== 'admin') throw forbidden('Only admins read the automation rules.');
      return generation.rules({ domainId: request.query.domainId });
    },
  );

  app.put(
    '/documents/rules/:domainId',
    {
      schema: {
        tags, summary: "Replace a domain's automation rules: which templates are rendered on which appointment events (admins)",
        params: Type.Object({ domainId: id }),
        body: Type.Object({
          rules: Type.Array(Type.Object({ eventType: Type.String({ maxLength: 64 }), templateKey: id, enabled: Type.Boolean({ default: true }) }), { maxItems: 50 }),
        }),
        response: { 200: Type.Array(GenerationRule), ...errors },
      },
    },
    (request) => {
      if (callerOf(request).principal.role !== 'admin') throw forbidden('Only admins change the automation rules.');
      return generation.replaceRules(request.params.domainId, request.body.rules);
    },
  );

  app.post(
    '/documents/forms',
    {
      bodyLimit: maxBytes + 64 * 1024,
      schema: {
        tags, summary: 'Upload a blank fillable PDF form (AcroForm) for the organisation (admins; multipart: `name`, then one `file` part)',
        consumes: ['multipart/form-data'], querystring: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        response: { 201: FormTemplate, 413: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.principal.role !== 'admin') throw forbidden('Only admins upload fillable forms.');
      const upload = await readUpload(request, maxBytes);
      const form = await generation.uploadForm(caller, { name: titleOf(request.query.name ?? upload.fields.name ?? upload.filename), content: upload.content });
      return reply.status(201).send(form);
    },
  );

  app.get(
    '/documents/forms',
    { schema: { tags, summary: 'The organisation\'s fillable forms and their field names (staff)', response: { 200: Type.Array(FormTemplate), ...errors } } },
    (request) => generation.forms(callerOf(request)),
  );

  app.post(
    '/documents/forms/:formId/fill',
    {
      schema: {
        tags,
        summary: 'Fill a form for an appointment: fields named like its data (`patient_name`, `reason`, `insurance_number`, …) are filled from it, `values` win',
        description: 'Optionally flattened (nothing stays editable). The result is a document of the patient, shared with the patient, the professional and the caller.',
        params: Type.Object({ formId: id }),
        body: Type.Object({ appointmentId: id, values: Type.Optional(FormValues), flatten: Type.Optional(Type.Boolean()), locale: Type.Optional(Type.String({ maxLength: 10 })) }),
        response: { 201: FillResult, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await generation.fillForm(callerOf(request), request.params.formId, request.body)),
  );

  app.post(
    '/documents/keys/rotate',
    {
      schema: {
        tags, summary: 'Re-wrap every data key under the current master key (admins), after putting a new key first in DOCUMENT_MASTER_KEYS',
        response: { 200: Type.Object({ rewrapped: Type.Integer() }), ...errors },
      },
    },
    async (request) => {
      if (callerOf(request).principal.role !== 'admin') throw forbidden('Only admins rotate keys.');
      return { rewrapped: await documents.rotateKeys() };
    },
  );
};
