import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import { unauthenticated } from '../../platform/errors';
import type { NotificationsService } from './notifications-service';
import { DeliveryStatusReport, NotificationQuery, NotificationView, Preferences, PushSubscription } from './notifications-schemas';

const tags = ['notifications'];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const PreferencesView = Type.Object({ ...Preferences.properties, custom: Type.Boolean({ description: 'False while the role’s defaults apply' }) });
const DeadLetter = Type.Object({ notification: NotificationView, error: Type.String() });
const ReminderRules = Type.Object({ domainId: Type.String(), offsetsMinutes: Type.Array(Type.Integer()) });

/** Tracking, preferences, push registration, dead letters and reminder rules. */
export const notificationsRoutes: FastifyPluginAsyncTypebox<{ notifications: NotificationsService; vapidPublicKey?: string }> = async (app, options) => {
  const { notifications } = options;

  app.get(
    '/me/notifications',
    {
      schema: {
        tags, summary: 'Your notifications, newest first, with their delivery state',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
        response: { 200: Type.Array(NotificationView), ...errors },
      },
    },
    (request) => notifications.mine({ ...request.auditContext, principal: requireUser(request) }, request.query.limit),
  );

  app.get(
    '/notifications',
    { schema: { tags, summary: 'Notifications of the organisation, filtered (admins)', querystring: NotificationQuery, response: { 200: Type.Array(NotificationView), ...errors } } },
    (request) => {
      const { event, ...filter } = request.query;
      return notifications.list({ ...request.auditContext, principal: requireUser(request) }, { ...filter, eventType: event });
    },
  );

  app.post(
    '/notifications/delivery-status',
    {
      schema: {
        tags, summary: 'A channel reports that a sent message was delivered or failed, by the provider’s message id (services with Assistant.ActAs)',
        body: DeliveryStatusReport, response: { 200: NotificationView, ...errors },
      },
    },
    (request) => {
      if (!request.principal) throw unauthenticated();
      return notifications.reportDelivery(request.principal, request.body);
    },
  );

  app.get(
    '/me/notification-preferences',
    { schema: { tags, summary: 'Your channels in order, quiet hours, do-not-disturb and daily cap', response: { 200: PreferencesView, ...errors } } },
    (request) => notifications.preferencesOf(requireUser(request)),
  );

  app.put(
    '/me/notification-preferences',
    { schema: { tags, summary: 'Set your notification preferences', body: Preferences, response: { 200: PreferencesView, ...errors } } },
    (request) => notifications.setPreferences({ ...request.auditContext, principal: requireUser(request) }, request.body),
  );

  app.get(
    '/notifications/push-key',
    {
      schema: {
        tags, summary: 'The VAPID public key a browser subscribes with (null when Web Push is not configured)',
        response: { 200: Type.Object({ publicKey: Type.Union([Type.String(), Type.Null()]) }), ...errors },
      },
    },
    (request) => {
      requireUser(request);
      return { publicKey: options.vapidPublicKey ?? null };
    },
  );

  app.post(
    '/me/push-subscriptions',
    { schema: { tags, summary: 'Register this browser for Web Push', body: PushSubscription, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await notifications.registerPush(requireUser(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/notifications/dead-letters',
    { schema: { tags, summary: 'Deliveries that used up their tries on every channel (admins)', response: { 200: Type.Array(DeadLetter), ...errors } } },
    (request) => notifications.deadLetters(requireUser(request)),
  );

  app.post(
    '/notifications/:id/retry',
    {
      schema: {
        tags, summary: 'Send a failed notification again on its channel (admins)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 202: NotificationView, ...errors },
      },
    },
    async (request, reply) => reply.status(202).send(await notifications.retry({ ...request.auditContext, principal: requireUser(request) }, request.params.id)),
  );

  const DomainParams = Type.Object({ domainId: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 60 }) });
  app.get(
    '/notifications/reminder-rules/:domainId',
    { schema: { tags, summary: 'Minutes before the start when reminders go, for a domain (admins)', params: DomainParams, response: { 200: ReminderRules, ...errors } } },
    (request) => notifications.reminderRules(requireUser(request), request.params.domainId),
  );
  app.put(
    '/notifications/reminder-rules/:domainId',
    {
      schema: {
        tags, summary: 'Set a domain’s reminder offsets, e.g. [4320] for three days before (admins); applies to appointments approved from now on',
        params: DomainParams,
        body: Type.Object({ offsetsMinutes: Type.Array(Type.Integer({ minimum: 5, maximum: 86_400 }), { maxItems: 10 }) }, { additionalProperties: false }),
        response: { 200: ReminderRules, ...errors },
      },
    },
    (request) => notifications.setReminderRules(requireUser(request), request.params.domainId, request.body.offsetsMinutes),
  );
};
