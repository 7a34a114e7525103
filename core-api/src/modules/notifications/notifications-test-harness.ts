import Fastify, { type FastifyInstance } from 'fastify';
import { coreApi, type CoreServices } from '../../app';
import type { Clock } from '../../platform/clock';
import { installErrorHandler } from '../../platform/http-errors';
import type { DomainEvent } from '../../platform/outbox';
import { createTestRuntime, type TestRuntime } from '../../testing/test-runtime';
import { createNotificationSenderRegistry, type NotificationSendError, type NotificationChannel, type NotificationSender, type OutgoingNotification } from './notification-sender';

/** A clock a test moves by hand. */
export function movableClock(start: string): Clock & { set(instant: string): void; advance(ms: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), set: (instant) => void (now = new Date(instant).getTime()), advance: (ms) => void (now += ms) };
}

/** A sender that keeps what it was given and fails on demand. */
export function recordingSender(channel: NotificationChannel) {
  const sent: OutgoingNotification[] = [];
  let failure: NotificationSendError | null = null;
  const sender: NotificationSender & { sent: OutgoingNotification[]; failWith(error: NotificationSendError | null): void } = {
    channel,
    sent,
    failWith: (error) => void (failure = error),
    async send(notification) {
      if (failure) throw failure;
      sent.push(notification);
      return { providerMessageId: `${channel}-${sent.length}-${notification.id.slice(-6)}` };
    },
  };
  return sender;
}

export interface NotificationsHarness {
  app: FastifyInstance;
  runtime: TestRuntime;
  services: CoreServices;
  senders: Record<'webchat' | 'sms' | 'whatsapp' | 'teams', ReturnType<typeof recordingSender>>;
  as(userId: string): Promise<{ authorization: string }>;
  serviceHeaders(): Promise<{ authorization: string }>;
  /** Events written to the outbox since the last call (what the relay would publish), oldest first. */
  takeEvents(): Promise<DomainEvent[]>;
  /** Feeds the events to the engine, as the events worker does. */
  publish(events?: DomainEvent[]): Promise<DomainEvent[]>;
  close(): Promise<void>;
}

/**
 * core-api on a fresh seeded database with recording senders for the host's
 * channels, for notification tests: the engine is driven directly (no relay
 * timer), delivery workers start with `services.notifications.startWorkers()`.
 */
export async function createNotificationsHarness(options: { clock?: Clock; environment?: Record<string, string>; delivery?: { attempts: number; backoffMs: number } } = {}): Promise<NotificationsHarness> {
  const runtime = await createTestRuntime({ environment: options.environment });
  const registry = createNotificationSenderRegistry();
  const senders = { webchat: recordingSender('webchat'), sms: recordingSender('sms'), whatsapp: recordingSender('whatsapp'), teams: recordingSender('teams') };
  for (const sender of Object.values(senders)) registry.register(sender);
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  let services: CoreServices | undefined;
  await app.register(coreApi, {
    prefix: '/api/v1', ...runtime, clock: options.clock ?? runtime.clock, notificationSenders: registry, notificationDelivery: options.delivery, onServices: (wired) => (services = wired),
  });
  await app.ready();
  const token = async (payload: object) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload });
    if (response.statusCode !== 200) throw new Error(`no dev token: ${response.body}`);
    return { authorization: `Bearer ${response.json().token as string}` };
  };
  let seen = new Set<string>();
  const takeEvents = async () => {
    const { rows } = await runtime.database.pool.query<{ id: string; type: string; payload: Record<string, unknown>; occurred_at: Date }>(
      `SELECT id, type, payload, occurred_at FROM platform.outbox ORDER BY occurred_at, id`,
    );
    const fresh = rows.filter((row) => !seen.has(row.id));
    seen = new Set(rows.map((row) => row.id));
    return fresh.map((row) => ({ id: row.id, type: row.type, payload: row.payload, occurredAt: row.occurred_at.toISOString() }));
  };
  return {
    app,
    runtime,
    services: services!,
    senders,
    as: (userId) => token({ userId }),
    serviceHeaders: () => token({ userId: 'assistant-bot', service: true, appRoles: ['Assistant.ActAs'] }),
    takeEvents,
    async publish(events) {
      const list = events ?? (await takeEvents());
      for (const event of list) await services!.notifications.engine.handleEvent(event);
      return list;
    },
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
