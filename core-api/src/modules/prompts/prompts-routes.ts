import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../identity/authentication';
import { unauthenticated } from '../../platform/errors';
import { ErrorResponse } from '../identity/identity-schemas';
import type { PromptsService } from './prompts-service';

const Key = {
  promptId: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 100 }),
  domain: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 60, default: 'all' }),
  locale: Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', default: 'en' }),
};
const KeyParams = Type.Object({ promptId: Key.promptId });
const KeyQuery = Type.Object({ domain: Key.domain, locale: Key.locale });
const ActivationSchema = Type.Object({
  version: Type.Integer(),
  variantVersion: Type.Union([Type.Integer(), Type.Null()]),
  variantShare: Type.Union([Type.Number(), Type.Null()]),
  activatedBy: Type.String(),
  at: Type.String(),
});
const tags = ['prompts'];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** Admins version, activate, split and roll back prompts; the assistant reads the one in force. */
export const promptsRoutes: FastifyPluginAsyncTypebox<{ prompts: PromptsService }> = async (app, { prompts }) => {
  app.get(
    '/prompts/versions',
    {
      schema: {
        tags, summary: 'Stored prompt versions (admins)', querystring: Type.Object({ promptId: Type.Optional(Key.promptId) }),
        response: {
          200: Type.Array(Type.Object({
            promptId: Type.String(), domain: Type.String(), locale: Type.String(), version: Type.Integer(), body: Type.String(),
            note: Type.Union([Type.String(), Type.Null()]), createdBy: Type.String(), createdAt: Type.String(),
          })),
          ...errors,
        },
      },
    },
    (request) => prompts.list(requireUser(request), { promptId: request.query.promptId }),
  );
  app.post(
    '/prompts/:promptId/versions',
    {
      schema: {
        tags, summary: 'Write a new version (not active until activated)', params: KeyParams,
        body: Type.Object({ domain: Key.domain, locale: Key.locale, body: Type.String({ minLength: 1, maxLength: 20_000 }), note: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 201: Type.Object({ promptId: Type.String(), domain: Type.String(), locale: Type.String(), version: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      const { domain, locale, body, note } = request.body;
      return reply.status(201).send(await prompts.addVersion(requireUser(request), { promptId: request.params.promptId, domain, locale }, { body, note }));
    },
  );
  app.post(
    '/prompts/:promptId/activate',
    {
      schema: {
        tags, summary: 'Put a version in force (0 is the shipped file), optionally split with a variant by conversation', params: KeyParams,
        body: Type.Object({
          domain: Key.domain, locale: Key.locale, version: Type.Integer({ minimum: 0 }),
          variantVersion: Type.Optional(Type.Integer({ minimum: 0 })), variantShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
        }),
        response: { 200: ActivationSchema, ...errors },
      },
    },
    (request) => {
      const { domain, locale, ...input } = request.body;
      return prompts.activate(requireUser(request), { promptId: request.params.promptId, domain, locale }, input);
    },
  );
  app.post(
    '/prompts/:promptId/rollback',
    { schema: { tags, summary: 'Put back what was in force before the latest activation', params: KeyParams, body: KeyQuery, response: { 200: ActivationSchema, ...errors } } },
    (request) => prompts.rollback(requireUser(request), { promptId: request.params.promptId, ...request.body }),
  );
  app.get(
    '/prompts/:promptId/activations',
    { schema: { tags, summary: 'Activation history, newest first', params: KeyParams, querystring: KeyQuery, response: { 200: Type.Array(ActivationSchema), ...errors } } },
    (request) => prompts.history(requireUser(request), { promptId: request.params.promptId, ...request.query }),
  );
  app.get(
    '/prompts/:promptId/active',
    {
      schema: {
        tags, summary: 'The version in force for a conversation (body null: use the shipped file); records the A/B assignment',
        params: KeyParams, querystring: Type.Object({ ...KeyQuery.properties, conversation: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Type.Object({ version: Type.Integer(), body: Type.Union([Type.String(), Type.Null()]) }), ...errors },
      },
    },
    (request) => {
      if (!request.principal) throw unauthenticated();
      const { domain, locale, conversation } = request.query;
      return prompts.resolve({ promptId: request.params.promptId, domain, locale }, conversation);
    },
  );
};
