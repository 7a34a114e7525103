import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import type { KnowledgeService } from './knowledge-service';

const tags = ['knowledge'];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const Locale = Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' });
const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const DocumentBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ minLength: 1, maxLength: 100_000 }),
  format: Type.Union([Type.Literal('markdown'), Type.Literal('text')], { default: 'markdown' }),
  locale: Locale,
  domainId: Nullable(Type.String({ maxLength: 60 })),
  professionalId: Nullable(Type.String({ maxLength: 100 })),
});
const DocumentSchema = Type.Object({
  id: Type.String(), title: Type.String(), body: Type.String(), format: Type.String(), locale: Type.String(),
  domainId: Type.Union([Type.String(), Type.Null()]), professionalId: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(), indexedVersion: Type.Union([Type.Integer(), Type.Null()]), updatedBy: Type.String(), updatedAt: Type.String(),
}, { $id: 'KnowledgeDocument' });
const PassageSchema = Type.Object({
  documentId: Type.String(), title: Type.String(), heading: Type.String(), content: Type.String(),
  score: Type.Number(), similarity: Type.Number(), coverage: Type.Number(), relevance: Type.Number(),
});

/**
 * Admins write the organisation's knowledge documents; anyone may search
 * them (they are the organisation's public texts, and a visitor asks before
 * signing in).
 */
export const knowledgeRoutes: FastifyPluginAsyncTypebox<{ knowledge: KnowledgeService }> = async (app, { knowledge }) => {
  app.get(
    '/knowledge/search',
    {
      schema: {
        tags, security: [], summary: 'The passages that answer a question, best first (empty when nothing is relevant)',
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 1_000 }), locale: Type.Optional(Locale),
          domainId: Type.Optional(Type.String({ maxLength: 60 })), professionalId: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
        }),
        response: { 200: Type.Object({ locale: Type.String(), passages: Type.Array(PassageSchema) }), ...errors },
      },
    },
    (request) => {
      const { q, ...scope } = request.query;
      return knowledge.search({ question: q, ...scope });
    },
  );
  app.get(
    '/knowledge/documents',
    {
      schema: {
        tags, summary: 'Knowledge documents (admins)',
        querystring: Type.Object({ locale: Type.Optional(Locale), domainId: Type.Optional(Type.String({ maxLength: 60 })) }),
        response: { 200: Type.Array(DocumentSchema), ...errors },
      },
    },
    (request) => knowledge.list(requireUser(request), request.query),
  );
  app.post(
    '/knowledge/documents',
    {
      schema: {
        tags, summary: 'Add a document (admins); indexed before the answer',
        body: Type.Object({ ...DocumentBody.properties, id: Type.Optional(Id) }),
        response: { 201: DocumentSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await knowledge.create(requireUser(request), request.body)),
  );
  app.get(
    '/knowledge/documents/:id',
    { schema: { tags, summary: 'One document (admins)', params: Type.Object({ id: Type.String() }), response: { 200: DocumentSchema, ...errors } } },
    (request) => knowledge.get(requireUser(request), request.params.id),
  );
  app.put(
    '/knowledge/documents/:id',
    {
      schema: {
        tags, summary: 'Replace a document (admins); `expectedVersion` refuses to overwrite someone else\'s edit',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ ...DocumentBody.properties, expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: DocumentSchema, ...errors },
      },
    },
    (request) => knowledge.update(requireUser(request), request.params.id, request.body),
  );
  app.delete(
    '/knowledge/documents/:id',
    { schema: { tags, summary: 'Remove a document and its passages (admins)', params: Type.Object({ id: Type.String() }), response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await knowledge.remove(requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
