import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './platform/config';
import type { Clock } from './platform/clock';
import type { Database } from './platform/database/open-database';
import type { JobQueue } from './platform/queue/job-queue';
import type { Redis } from 'ioredis';
import { httpHardening } from './platform/http-hardening';
import { installErrorHandler } from './platform/http-errors';
import { loadOrCreateSecret } from './platform/local-secret';
import { registerIdentityModule, type IdentityServices } from './modules/identity/identity-module';
import { registerDomainModules, type SchedulingServices } from './modules/domain-modules';
import { startBackgroundWork, type BackgroundWork } from './platform/background-work';
import { appointmentsPersonalData } from './modules/appointments/appointments-personal-data';
import { createAppointmentsRepository } from './modules/appointments/appointments-repository';
import type { WaitlistService } from './modules/appointments/waitlist-service';
import { registerNotificationsModule, type NotificationsServices } from './modules/notifications/notifications-module';
import { notificationsPersonalData } from './modules/notifications/notifications-personal-data';
import { chatFileStorage } from './modules/chat/chat-module';
import { chatPersonalData } from './modules/chat/chat-personal-data';
import { documentsCipher } from './modules/documents/documents-module';
import { documentsPersonalData } from './modules/documents/documents-personal-data';
import type { ChatBus } from './modules/chat/chat-bus';
import type { NotificationSenderRegistry } from './modules/notifications/notification-sender';
import type { DeliverySettings } from './modules/notifications/notification-engine';
import { observeAppointmentsInto, type Metrics } from './platform/metrics';
import { overviewRoutes } from './modules/overview/overview-routes';
import { createRedisSlotCache, type SlotCache } from './modules/availability/slot-cache';

/** What core-api needs from the process that hosts it; everything is passed in. */
export interface CoreApiDependencies {
  config: Config;
  database: Database;
  queue: JobQueue;
  clock: Clock;
  /** Where the dev issuer (AUTH_MODE=dev) keeps its signing key; unset keeps it in memory. */
  devIssuerKeyFile?: string;
  /** The runtime's Redis client, when REDIS_URL is set: rate limits count across replicas there. */
  redis?: Redis;
  /** Publish the outbox and run periodic sweeps in this process (serving processes: yes; tests: no). */
  backgroundWork?: boolean;
  /**
   * Senders for the channels the host runs (SMS, WhatsApp, web chat, Teams); the host may register
   * them after mounting core-api. E-mail (SMTP_URL) and Web Push (VAPID keys) are built in.
   */
  notificationSenders?: NotificationSenderRegistry;
  /** Tries per channel and first backoff of notification delivery (default 5 tries from 2 s; tests shorten them). */
  notificationDelivery?: DeliverySettings;
  /** The chat module's event bus, for tests that join two apps without Redis; by default Redis when set, else in-process. */
  chatBus?: ChatBus;
  /** Where slot lists are cached: by default Redis when the runtime has it; `null` turns caching off. */
  slotCache?: SlotCache | null;
  /** The process's metrics (booking outcomes are counted into them); none in most tests. */
  metrics?: Metrics;
  /** Receives the module services once wired, for in-process callers (tests, the sweeps of a worker). */
  onServices?: (services: CoreServices) => void;
}

export const apiVersion = '0.1.0';

/**
 * The core-api as one Fastify plugin, mounted under `/api/v1` by whichever
 * process hosts it (the bot server in the embedded default, or its own server).
 *
 * @example
 * await app.register(coreApi, { prefix: '/api/v1', ...runtime, config });
 */
export const coreApi: FastifyPluginAsync<CoreApiDependencies> = async (app, dependencies) => {
  installErrorHandler(app);
  await app.register(httpHardening, {
    corsOrigins: dependencies.config.CORS_ORIGINS?.split(',').map((origin) => origin.trim()) ?? [],
    bodyLimitBytes: dependencies.config.BODY_LIMIT_BYTES,
    rateLimit: {
      windowSeconds: dependencies.config.RATE_LIMIT_WINDOW_SECONDS,
      publicMax: dependencies.config.RATE_LIMIT_PUBLIC_MAX,
      redis: dependencies.redis,
      nameSpace: dependencies.config.QUEUE_PREFIX,
      userMax: dependencies.config.RATE_LIMIT_USER_MAX,
      callerOf: (request) => {
        const principal = request.principal;
        if (!principal) return { kind: 'anonymous' };
        return principal.kind === 'service' ? { kind: 'service' } : { kind: 'user', userId: principal.userId };
      },
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Consulta core API',
        version: apiVersion,
        description: 'Appointments, availability, identity and the other domain services behind the Consulta assistant.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const { config, database, clock } = dependencies;
  const chatFiles = chatFileStorage(config);
  // Identity registers before notifications, which send its one-time codes: bound once both exist.
  const late: { sendVerificationCode?: NotificationsServices['sendVerificationCode']; waitlist?: WaitlistService } = {};
  const identity = await registerIdentityModule(app, {
    database,
    clock,
    config,
    devIssuerKeyFile: dependencies.devIssuerKeyFile,
    // Beside the embedded database, so sealed fields stay readable across restarts; tests keep it in memory.
    fieldKeyFile: config.NODE_ENV === 'test' ? undefined : path.join(config.DATA_DIR, 'field-encryption-key'),
    contributors: [appointmentsPersonalData(database.pool, () => late.waitlist), notificationsPersonalData(database.pool), chatPersonalData({ pool: database.pool, storage: chatFiles }), documentsPersonalData({ pool: database.pool, cipher: documentsCipher(config) })],
    sendVerificationCode: (input) => {
      if (!late.sendVerificationCode) throw new Error('notifications are not wired yet');
      return late.sendVerificationCode(input);
    },
    verificationSecret:
      config.NODE_ENV === 'test' ? undefined : loadOrCreateSecret(path.join(config.DATA_DIR, 'verification-secret')),
    onEventsWritten: () => background?.relay.wake(),
  });

  let background: BackgroundWork | undefined;
  const scheduling = await registerDomainModules(app, {
    database, queue: dependencies.queue, clock, audit: identity.audit, users: identity.users, config, onEventsWritten: () => background?.relay.wake(),
    chat: { config, authenticate: identity.authenticate, redis: dependencies.redis, storage: chatFiles, bus: dependencies.chatBus },
    observeAppointments: dependencies.metrics && observeAppointmentsInto(dependencies.metrics),
    slotCache: dependencies.slotCache === undefined
      ? dependencies.redis && createRedisSlotCache(dependencies.redis, { prefix: config.QUEUE_PREFIX, ttlSeconds: config.SLOT_CACHE_TTL_SECONDS })
      : (dependencies.slotCache ?? undefined),
    calendarFeedSecret:
      config.CALENDAR_FEED_SECRET ?? loadOrCreateSecret(config.NODE_ENV === 'test' ? undefined : path.join(config.DATA_DIR, 'calendar-feed-secret')),
  });
  late.waitlist = scheduling.waitlist;
  const notifications = await registerNotificationsModule(app, {
    database, clock, queue: dependencies.queue, config, identity, directory: scheduling.directory,
    // Read-only: the engine re-checks an appointment's state before a reminder goes out.
    appointments: createAppointmentsRepository(database.pool),
    senders: dependencies.notificationSenders,
    delivery: dependencies.notificationDelivery,
    metrics: dependencies.metrics,
    confirmations: (input) => scheduling.documents.generation.confirmationFor(input),
  });
  late.sendVerificationCode = notifications.sendVerificationCode;
  await app.register(overviewRoutes, {
    appointments: scheduling.appointments, conversations: scheduling.chat.conversations, notifications: notifications.tracking, clock,
  });
  if (dependencies.backgroundWork) {
    background = startBackgroundWork({
      pool: database.pool,
      queue: dependencies.queue,
      sweeps: [() => scheduling.appointments.expireDue(), () => scheduling.waitlist.expireOffers(), () => notifications.reminders.sweep()],
    });
    notifications.startWorkers({ alongside: [scheduling.documents.eventSubscriber] });
    app.addHook('onClose', () => background!.stop());
  }
  dependencies.onServices?.({ ...identity, ...scheduling, notifications });
};

export type CoreServices = IdentityServices & SchedulingServices & { notifications: NotificationsServices };
