import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock';
import type { DomainEvent } from '../../platform/outbox';
import type { JobQueue } from '../../platform/queue/job-queue';
import type { AddressBook, RecipientCard } from './address-book';
import { releaseTime, suppressionOf, usableChannels } from './delivery-policy';
import { intentsOf, outcomeOf, type NotificationIntent } from './event-intents';
import { notificationChannels, type NotificationChannel } from './notification-sender';
import type { NotificationRecord, NotificationsRepository } from './notifications-repository';
import { preferencesFrom } from './preferences-store';
import type { Reminders } from './reminders';
import type { TemplateStore } from './template-store';
import { toNotificationLocale } from './date-format';

/** The queue delivery jobs run on. */
export const notificationsQueue = 'notifications';
/** Tries of one channel before the next one is used (and, with none left, the dead-letter list), and the first wait. */
export const defaultDelivery = { attempts: 5, backoffMs: 2_000 };
export type DeliverySettings = typeof defaultDelivery;

export interface DeliveryJob {
  notificationId: string;
  /** The job's tries, so the worker knows its last one. */
  attempts: number;
}

/** What the engine needs to know of an appointment: its current state, read from the appointments module. */
export interface AppointmentLookup {
  get(id: string): Promise<{ id: string; patientId: string; professionalId: string; serviceId: string; domainId: string; status: string; start: Date; end: Date } | null>;
}

export interface EngineDependencies {
  clock: Clock;
  queue: JobQueue;
  repository: NotificationsRepository;
  addressBook: AddressBook;
  templates: Pick<TemplateStore, 'resolve'>;
  appointments: AppointmentLookup;
  reminders: Pick<Reminders, 'onEvent'>;
  delivery?: DeliverySettings;
}

/** The job id of a delivery, and the key of its row: a replayed event lands on both again. */
export const deliveryKey = (eventId: string, recipientId: string, channel: string) => `${eventId}:${recipientId}:${channel}`;

/** A notification's id, derived from its key so that its A/B bucket is the same on every replay. */
export function notificationId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `ntf-${hex.slice(0, 24)}`;
}

/**
 * Turns events into notifications: who hears (intents), on which channel
 * (preferences, addresses, consent), when (quiet hours) or not at all
 * (do-not-disturb, frequency cap), and queues one delivery job per
 * notification. Idempotent on the event id.
 */
export function createNotificationEngine(dependencies: EngineDependencies) {
  const { clock, queue, repository } = dependencies;
  const delivery = dependencies.delivery ?? defaultDelivery;

  const enqueue = (record: NotificationRecord, jobId = deliveryKey(record.eventId, record.recipientId, record.channel)) =>
    queue.add<DeliveryJob>(notificationsQueue, record.templateEvent, { notificationId: record.id, attempts: delivery.attempts }, {
      jobId,
      delayMs: Math.max(0, record.dueAt.getTime() - clock.now().getTime()),
      attempts: delivery.attempts,
      backoff: { type: 'exponential', delayMs: delivery.backoffMs },
    });

  async function recipientOf(intent: NotificationIntent): Promise<string | null> {
    if ('userId' in intent.recipient) return intent.recipient.userId;
    return (await dependencies.appointments.get(intent.recipient.patientOf))?.patientId ?? null;
  }

  /** Creates (once) the notification of an intent and queues its delivery. */
  async function notify(intent: NotificationIntent): Promise<NotificationRecord | null> {
    const recipientId = await recipientOf(intent);
    if (!recipientId) return null;
    const now = clock.now();
    const state = await repository.recipientState(intent.eventId, recipientId, new Date(now.getTime() - 86_400_000));
    if (state.replayed) {
      // The rows are there already; re-adding their jobs is harmless (same ids) and
      // covers a crash between writing a row and queuing its job.
      const existing = await repository.ofEvent(intent.eventId, recipientId);
      for (const record of existing) if (record.state === 'queued') await enqueue(record);
      if (existing.length > 0) return existing.at(-1)!;
    }
    // Without preferences of their own the role's defaults apply, and the role comes with the card: it is asked about every channel then.
    const wanted = state.preferences?.channels ?? notificationChannels;
    const card = await dependencies.addressBook.lookUp(recipientId, { channels: wanted, hasPushSubscription: state.hasPushSubscription });
    if (!card) return null; // erased or unknown: nobody to tell
    const preferences = preferencesFrom(state.preferences, card.recipient.role);
    const channels = usableChannels(preferences.channels, (channel) => card.blocked(channel) === null);
    const first = channels[0] ?? preferences.channels[0] ?? 'none';
    const key = deliveryKey(intent.eventId, recipientId, first);
    const urgent = await isUrgent(intent, first, card, notificationId(key));
    const suppressed = suppressionOf({ preferences, urgent, sentInLastDay: state.sentInLastDay ?? 0, channels });
    const quiet = preferences.quietStart && preferences.quietEnd ? { start: preferences.quietStart, end: preferences.quietEnd } : null;
    const { record } = await repository.insert(
      {
        id: notificationId(key), eventId: intent.eventId, eventType: intent.eventType, appointmentId: intent.appointmentId,
        organizationId: card.organizationId, recipientId, recipientRole: card.recipient.role, channel: first,
        state: suppressed ? 'suppressed' : 'queued', reason: suppressed, templateEvent: intent.templateEvent, urgent, data: intent.data,
        fallbackChannels: channels.slice(1), dueAt: urgent ? now : releaseTime(now, quiet, card.recipient.timeZone),
      },
      now,
    );
    if (record.state === 'queued') await enqueue(record);
    return record;
  }

  /** Urgency is a property of the template (version) the notification will use. */
  async function isUrgent(intent: NotificationIntent, channel: NotificationChannel | 'none', card: RecipientCard, id: string): Promise<boolean> {
    if (channel === 'none') return false;
    const key = { event: intent.templateEvent, channel, locale: toNotificationLocale(card.recipient.locale) };
    return (await dependencies.templates.resolve(key, id)).content.urgent;
  }

  return {
    notify,

    /** The events-queue consumer: reminders, A/B outcomes, then notifications. Safe to run again for the same event. */
    async handleEvent(event: DomainEvent): Promise<void> {
      await dependencies.reminders.onEvent(event);
      const outcome = outcomeOf(event);
      if (outcome && typeof event.payload.appointmentId === 'string') await repository.recordOutcome(event.payload.appointmentId, outcome, clock.now());
      for (const intent of intentsOf(event)) await notify(intent);
    },

    /** The next channel after one that failed for good; false when none is left. */
    async fallBack(record: NotificationRecord): Promise<boolean> {
      const card = await dependencies.addressBook.lookUp(record.recipientId, { channels: record.fallbackChannels });
      const remaining = card ? record.fallbackChannels.filter((channel) => card.blocked(channel) === null) : [];
      const [next, ...rest] = remaining;
      if (!next) return false;
      const key = deliveryKey(record.eventId, record.recipientId, next);
      const now = clock.now();
      const { record: created } = await repository.insert(
        {
          ...record, id: notificationId(key), channel: next, state: 'queued', reason: null, fallbackChannels: rest,
          dueAt: record.dueAt > now ? record.dueAt : now,
        },
        now,
      );
      if (created.state === 'queued') await enqueue(created);
      return true;
    },

    enqueue,
  };
}

export type NotificationEngine = ReturnType<typeof createNotificationEngine>;
