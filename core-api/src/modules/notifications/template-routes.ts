import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import type { AuditLog } from '../identity/audit-log';
import type { UserPrincipal } from '../identity/principal';
import { forbidden, notFound } from '../../platform/errors';
import { sampleVariables } from './default-templates';
import { canManageNotifications } from './notifications-policy';
import type { NotificationsRepository } from './notifications-repository';
import { ActivationView, Channel, Locale, RenderedView, TemplateContentBody, TemplateEventName, TemplateKeyParams, TemplateVersionView } from './notifications-schemas';
import { checkTemplate, renderTemplate } from './template-renderer';
import { templateKey, type TemplateStore } from './template-store';

const tags = ['notifications'];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const path = '/notifications/templates/:event/:channel/:locale';

const admin = (principal: UserPrincipal) => {
  if (!canManageNotifications(principal)) throw forbidden('Only admins manage notification templates.');
  return principal;
};

/** Admins write template versions, put one in force (with an optional A/B variant), roll back and preview. */
export const templateRoutes: FastifyPluginAsyncTypebox<{ templates: TemplateStore; repository: NotificationsRepository; audit: AuditLog }> = async (app, options) => {
  const { templates, audit } = options;
  const keyOf = (params: { event: string; channel: string; locale: string }) => templateKey(params.event, params.channel, params.locale);

  app.get(
    '/notifications/templates/versions',
    {
      schema: {
        tags, summary: 'Stored template versions (admins); version 0, the built-in default, is not listed',
        querystring: Type.Object({ event: Type.Optional(TemplateEventName), channel: Type.Optional(Channel), locale: Type.Optional(Locale) }),
        response: { 200: Type.Array(TemplateVersionView), ...errors },
      },
    },
    (request) => {
      admin(requireUser(request));
      return templates.versions(request.query);
    },
  );

  app.get(
    path,
    {
      schema: {
        tags, summary: 'The template in force and its activation (null while the built-in default is)', params: TemplateKeyParams,
        response: { 200: Type.Object({ version: Type.Integer(), content: TemplateContentBody, activation: Type.Union([ActivationView, Type.Null()]) }), ...errors },
      },
    },
    async (request) => {
      admin(requireUser(request));
      const key = keyOf(request.params);
      const activation = (await templates.activations(key)).find((entry) => entry.rolledBackAt === null) ?? null;
      const version = activation?.version ?? 0;
      return { version, content: (await templates.content(key, version))!, activation };
    },
  );

  app.post(
    `${path}/versions`,
    {
      schema: {
        tags, summary: 'Write a new version, checked by rendering it with sample data (not in force until activated)', params: TemplateKeyParams,
        body: Type.Object({ ...TemplateContentBody.properties, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ version: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      const principal = admin(requireUser(request));
      const key = keyOf(request.params);
      const created = await templates.addVersion(principal.userId, key, request.body);
      await audit.record(request.auditContext, { action: 'notification_template.create', resourceType: 'notification_template', resourceId: `${key.event}/${key.channel}/${key.locale}@${created.version}` });
      return reply.status(201).send(created);
    },
  );

  app.post(
    `${path}/activate`,
    {
      schema: {
        tags, summary: 'Put a version in force (0 is the built-in default), optionally with a B variant for a share of notifications', params: TemplateKeyParams,
        body: Type.Object({
          version: Type.Integer({ minimum: 0 }),
          variantVersion: Type.Optional(Type.Integer({ minimum: 0 })),
          variantShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
        }, { additionalProperties: false }),
        response: { 200: ActivationView, ...errors },
      },
    },
    async (request) => {
      const principal = admin(requireUser(request));
      const key = keyOf(request.params);
      const activation = await templates.activate(principal.userId, key, request.body);
      await audit.record(request.auditContext, { action: 'notification_template.activate', resourceType: 'notification_template', resourceId: `${key.event}/${key.channel}/${key.locale}@${activation.version}` });
      const { id: _id, ...view } = activation;
      return view;
    },
  );

  app.post(
    `${path}/rollback`,
    {
      schema: {
        tags, summary: 'Take the activation in force back: the one before it applies again', params: TemplateKeyParams,
        response: { 200: Type.Object({ version: Type.Integer(), variantVersion: Type.Union([Type.Integer(), Type.Null()]), variantShare: Type.Union([Type.Number(), Type.Null()]) }), ...errors },
      },
    },
    async (request) => {
      const principal = admin(requireUser(request));
      const key = keyOf(request.params);
      const back = await templates.rollback(principal.userId, key);
      await audit.record(request.auditContext, { action: 'notification_template.rollback', resourceType: 'notification_template', resourceId: `${key.event}/${key.channel}/${key.locale}@${back.version}` });
      return back;
    },
  );

  app.get(
    `${path}/activations`,
    { schema: { tags, summary: 'Activation history, newest first, rolled-back ones included', params: TemplateKeyParams, response: { 200: Type.Array(ActivationView), ...errors } } },
    async (request) => {
      admin(requireUser(request));
      return (await templates.activations(keyOf(request.params))).map(({ id: _id, ...view }) => view);
    },
  );

  app.post(
    `${path}/preview`,
    {
      schema: {
        tags, summary: 'Render a version, or a draft, with sample data', params: TemplateKeyParams,
        body: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 0 })), draft: Type.Optional(TemplateContentBody) }, { additionalProperties: false }),
        response: { 200: RenderedView, ...errors },
      },
    },
    async (request) => {
      admin(requireUser(request));
      const key = keyOf(request.params);
      const content = request.body.draft ?? (await templates.content(key, request.body.version ?? (await inForceVersion(key))));
      if (!content) throw notFound('template_version', `${key.event}/${key.channel}/${key.locale}@${request.body.version}`);
      if (request.body.draft) await checkTemplate(content);
      return renderTemplate(content, sampleVariables, { html: key.channel === 'email' });
    },
  );

  app.get(
    '/notifications/templates/outcomes',
    {
      schema: {
        tags, summary: 'How appointments ended after each A/B variant (admins)',
        querystring: Type.Object({ event: Type.Optional(TemplateEventName) }),
        response: {
          200: Type.Array(Type.Object({ event: Type.String(), channel: Type.String(), version: Type.Integer(), variant: Type.String(), outcome: Type.String(), count: Type.Integer() })),
          ...errors,
        },
      },
    },
    (request) => {
      admin(requireUser(request));
      return options.repository.outcomes({ templateEvent: request.query.event });
    },
  );

  async function inForceVersion(key: ReturnType<typeof keyOf>) {
    return (await templates.activations(key)).find((entry) => entry.rolledBackAt === null)?.version ?? 0;
  }
};
