import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { Database } from '../../platform/database/open-database';
import { subscribeToEvents, type EventSubscriber } from '../../platform/outbox';
import type { Job, JobQueue } from '../../platform/queue/job-queue';
import type { DirectoryService } from '../directory/directory-service';
import type { IdentityServices } from '../identity/identity-module';
import { createAddressBook } from './address-book';
import type { ConfirmationSource } from './confirmation-attachment';
import { createDeliveryWorker } from './delivery-worker';
import { createEmailSender, isRecipientRefusal } from './email-sender';
import { createBreaker } from '../../platform/circuit-breaker';
import type { Metrics } from '../../platform/metrics';
import { createMessageComposer } from './message-composer';
import { createNotificationEngine, notificationsQueue, type AppointmentLookup, type DeliveryJob, type DeliverySettings, type NotificationEngine } from './notification-engine';
import { createNotificationSenderRegistry, type NotificationChannel, type NotificationSender, type NotificationSenderRegistry } from './notification-sender';
import { createNotificationsRepository } from './notifications-repository';
import { notificationsRoutes } from './notifications-routes';
import { createNotificationsService, type NotificationsService } from './notifications-service';
import { createPreferencesStore } from './preferences-store';
import { createPushSender, createPushSubscriptions } from './push-sender';
import { createReminders, type Reminders } from './reminders';
import { templateRoutes } from './template-routes';
import { createVerificationCodeSender } from './verification-code-sender';
import type { VerificationCodeSender } from '../identity/verifications';
import { createTemplateStore } from './template-store';

export type NotificationsConfig = Pick<Config, 'SMTP_URL' | 'SMTP_FROM' | 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT'>;

export interface NotificationsModuleOptions {
  database: Database;
  clock: Clock;
  queue: JobQueue;
  config: NotificationsConfig;
  identity: Pick<IdentityServices, 'users' | 'contacts' | 'consents' | 'audit'>;
  directory: Pick<DirectoryService, 'professional' | 'service'>;
  appointments: AppointmentLookup;
  /** Senders the host registers for its channels (SMS, WhatsApp, web chat, Teams); e-mail and push are built in. */
  senders?: NotificationSenderRegistry;
  /** Tries per channel and the first backoff (tests shorten them). */
  delivery?: DeliverySettings;
  /** The confirmation document of an approval, for the patient's notification (the documents module's `confirmationFor`). */
  confirmations?: ConfirmationSource;
  /** The SMTP circuit breaker reports its state here. */
  metrics?: Metrics;
}

/**
 * Jobs a process runs at once, unless `startWorkers` is told otherwise. A job mostly waits on the
 * database and Redis (on PostgreSQL, on each commit's flush to disk), so more at once use those
 * waits: at 4 events and 8 deliveries a burst of approvals queued up behind commits. What exceeds the
 * database pool waits for a connection.
 */
export const notificationWorkerConcurrency = { events: 16, delivery: 16 };

export interface NotificationsServices {
  engine: NotificationEngine;
  /** What users and admins read of notifications (the routes' service). */
  tracking: NotificationsService;
  /** Sends identity's one-time codes through this module's senders. */
  sendVerificationCode: VerificationCodeSender;
  reminders: Reminders;
  /** Consumes the events queue and runs delivery jobs in this process. */
  startWorkers(options?: {
    /** Delivery jobs run at once (default `notificationWorkerConcurrency.delivery`). */
    concurrency?: number;
    /** Events the engine handles at once (default `notificationWorkerConcurrency.events`). */
    eventConcurrency?: number;
    /** Other consumers of domain events (documents, …): each gets its own copy, since one worker per queue takes events from the rest. */
    alongside?: EventSubscriber[];
  }): void;
  /** Runs one delivery job here and now, as a worker would (tests, tools). */
  deliver(job: Job<DeliveryJob>): Promise<void>;
}

/**
 * Registers the notification routes and answers the engine. Workers start
 * only when asked (serving processes and worker processes do; tests drive the
 * engine directly or start them themselves).
 */
export async function registerNotificationsModule(app: FastifyInstance, options: NotificationsModuleOptions): Promise<NotificationsServices> {
  const { database, clock, queue, config, identity } = options;
  const pool = database.pool;
  const repository = createNotificationsRepository(pool);
  const templates = createTemplateStore({ pool, clock });
  const preferences = createPreferencesStore(pool);
  const pushSubscriptions = createPushSubscriptions(pool);
  const registry = options.senders ?? createNotificationSenderRegistry();

  const builtIn = new Map<NotificationChannel, NotificationSender>();
  if (config.SMTP_URL) {
    const email = createEmailSender({
      smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, breaker: createBreaker('smtp', { metrics: options.metrics, isHealthy: isRecipientRefusal }),
    });
    builtIn.set('email', email);
    app.addHook('onClose', async () => email.close());
  }
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) {
    builtIn.set('push', createPushSender({ publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY, subject: config.VAPID_SUBJECT, subscriptions: pushSubscriptions }));
  }
  // Registered senders win, so a test or a host can replace a built-in one.
  const senderFor = (channel: NotificationChannel) => registry.get(channel) ?? builtIn.get(channel);

  const addressBook = createAddressBook({
    contacts: identity.contacts,
    hasSender: (channel) => senderFor(channel) !== undefined,
    hasPushSubscription: (userId) => pushSubscriptions.has(userId),
  });
  // The engine and the reminders call each other: reminders hand due ones to the engine, the engine passes events on.
  const reminders: Reminders = createReminders({ database: pool, clock, appointments: options.appointments, notify: (intent) => engine.notify(intent) });
  const engine: NotificationEngine = createNotificationEngine({ clock, queue, repository, addressBook, templates, appointments: options.appointments, reminders, delivery: options.delivery });
  const composer = createMessageComposer({ directory: options.directory, users: identity.users, templates, clock, mailFrom: config.SMTP_FROM,
    confirmations: options.confirmations, warn: (details, message) => app.log.warn(details, message),
  });
  const worker = createDeliveryWorker({ clock, repository, addressBook, composer, engine, appointments: options.appointments, senderFor, log: app.log });

  const service = createNotificationsService({ clock, queue, audit: identity.audit, repository, preferences, pushSubscriptions, reminders, engine });
  await app.register(notificationsRoutes, { notifications: service, vapidPublicKey: config.VAPID_PUBLIC_KEY });
  await app.register(templateRoutes, { templates, repository, audit: identity.audit });

  return {
    engine,
    tracking: service,
    sendVerificationCode: createVerificationCodeSender({ users: identity.users, consents: identity.consents, senderFor }),
    reminders,
    deliver: (job) => worker.handle(job),
    startWorkers(workerOptions = {}) {
      const concurrency = { events: workerOptions.eventConcurrency ?? notificationWorkerConcurrency.events, delivery: workerOptions.concurrency ?? notificationWorkerConcurrency.delivery };
      subscribeToEvents(queue, [{ name: 'notifications', handle: (event) => engine.handleEvent(event), concurrency: concurrency.events }, ...(workerOptions.alongside ?? [])]);
      queue.work<DeliveryJob>(notificationsQueue, (job) => worker.handle(job), { concurrency: concurrency.delivery });
    },
  };
}
