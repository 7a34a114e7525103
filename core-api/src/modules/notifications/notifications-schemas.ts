import { Type } from 'typebox';
import { templateEvents } from './default-templates';
import { notificationLocales } from './date-format';
import { notificationChannels } from './notification-sender';
import type { NotificationRecord } from './notifications-repository';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

// Spelled out (TypeBox infers literal types only from literal arrays); the checks below keep them equal to the lists in code.
export const Channel = Type.Enum(['email', 'sms', 'whatsapp', 'webchat', 'teams', 'push']);
export const TemplateEventName = Type.Enum([
  'appointment.requested', 'appointment.approved', 'appointment.declined', 'appointment.cancelled', 'appointment.rescheduled',
  'appointment.expired', 'appointment.proposed', 'waitlist.offered', 'reminder',
]);
export const Locale = Type.Enum(['en', 'es', 'fr']);
export const NotificationStateName = Type.Enum(['queued', 'sent', 'delivered', 'failed', 'suppressed']);
for (const [schema, list] of [[Channel, notificationChannels], [TemplateEventName, templateEvents], [Locale, notificationLocales]] as const) {
  if (JSON.stringify(schema.enum) !== JSON.stringify(list)) throw new Error(`Schema enum out of step with ${JSON.stringify(list)}`);
}
const localTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local time HH:MM in the user’s own zone' });

export const NotificationView = Type.Object({
  id: Type.String(),
  event: Type.String({ description: 'The event type that caused it, or `reminder`' }),
  appointmentId: nullable(Type.String()),
  recipientId: Type.String(),
  channel: Type.String({ description: 'The channel used, or `none` when no channel could reach the recipient' }),
  state: NotificationStateName,
  reason: nullable(Type.String({ description: 'Why it was suppressed or failed' })),
  providerMessageId: nullable(Type.String()),
  attempts: Type.Integer(),
  template: Type.Object({ event: Type.String(), version: nullable(Type.Integer()), variant: nullable(Type.String()) }),
  dueAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  sentAt: nullable(Type.String({ format: 'date-time' })),
  deliveredAt: nullable(Type.String({ format: 'date-time' })),
  failedAt: nullable(Type.String({ format: 'date-time' })),
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The API's view: names of its own, never the table's columns, and no payload (ids of other people). */
export function toNotificationView(record: NotificationRecord) {
  return {
    id: record.id, event: record.eventType, appointmentId: record.appointmentId, recipientId: record.recipientId, channel: record.channel,
    state: record.state, reason: record.reason, providerMessageId: record.providerMessageId, attempts: record.attempts,
    template: { event: record.templateEvent, version: record.templateVersion, variant: record.variant },
    dueAt: record.dueAt.toISOString(), createdAt: record.createdAt.toISOString(), updatedAt: record.updatedAt.toISOString(),
    sentAt: iso(record.sentAt), deliveredAt: iso(record.deliveredAt), failedAt: iso(record.failedAt),
  };
}

export const NotificationQuery = Type.Object({
  recipientId: Type.Optional(Type.String({ maxLength: 200 })),
  state: Type.Optional(NotificationStateName),
  channel: Type.Optional(Type.String({ maxLength: 20 })),
  event: Type.Optional(Type.String({ maxLength: 100 })),
  appointmentId: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export const Preferences = Type.Object(
  {
    channels: Type.Array(Channel, { minItems: 1, maxItems: notificationChannels.length, description: 'In order of preference; the next is tried when one fails' }),
    quietStart: nullable(localTime),
    quietEnd: nullable(localTime),
    doNotDisturb: Type.Boolean(),
    dailyCap: nullable(Type.Integer({ minimum: 1, maximum: 100, description: 'Non-urgent notifications per 24 hours' })),
  },
  { additionalProperties: false },
);

export const DeliveryStatusReport = Type.Object(
  {
    providerMessageId: Type.String({ minLength: 1, maxLength: 200 }),
    status: Type.Union([Type.Literal('delivered'), Type.Literal('failed')]),
    reason: Type.Optional(Type.String({ maxLength: 200, description: 'The provider’s error code, never message text' })),
  },
  { additionalProperties: false },
);

export const PushSubscription = Type.Object(
  {
    endpoint: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2_000 }),
    keys: Type.Object({ p256dh: Type.String({ minLength: 1, maxLength: 200 }), auth: Type.String({ minLength: 1, maxLength: 100 }) }),
  },
  { additionalProperties: false },
);

export const TemplateKeyParams = Type.Object({ event: TemplateEventName, channel: Channel, locale: Locale });

export const TemplateContentBody = Type.Object(
  {
    subject: nullable(Type.String({ maxLength: 300 })),
    text: Type.String({ minLength: 1, maxLength: 5_000 }),
    html: nullable(Type.String({ maxLength: 50_000 })),
    urgent: Type.Boolean({ default: false, description: 'Not held back by quiet hours, do-not-disturb or the daily cap' }),
  },
  { additionalProperties: false },
);

export const TemplateVersionView = Type.Object({
  event: Type.String(), channel: Type.String(), locale: Type.String(), version: Type.Integer(),
  subject: nullable(Type.String()), text: Type.String(), html: nullable(Type.String()), urgent: Type.Boolean(),
  note: nullable(Type.String()), createdBy: Type.String(), createdAt: Type.String(),
});

export const ActivationView = Type.Object({
  version: Type.Integer(), variantVersion: nullable(Type.Integer()), variantShare: nullable(Type.Number()),
  activatedBy: Type.String(), at: Type.String(), rolledBackAt: nullable(Type.String()),
});

export const RenderedView = Type.Object({ subject: nullable(Type.String()), text: Type.String(), html: nullable(Type.String()) });
