import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock';
import type { Job } from '../../platform/queue/job-queue';
import type { AddressBook } from './address-book';
import type { MessageComposer } from './message-composer';
import { defaultDelivery, type AppointmentLookup, type DeliveryJob, type NotificationEngine } from './notification-engine';
import { NotificationSendError, type NotificationChannel, type NotificationSender } from './notification-sender';
import type { NotificationRecord, NotificationsRepository } from './notifications-repository';

export interface DeliveryWorkerDependencies {
  clock: Clock;
  repository: NotificationsRepository;
  addressBook: AddressBook;
  composer: MessageComposer;
  engine: Pick<NotificationEngine, 'fallBack'>;
  appointments: AppointmentLookup;
  senderFor(channel: NotificationChannel): NotificationSender | undefined;
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
}

/** Thrown on the last try with no channel left: the queue keeps the job in its dead-letter list. */
export class DeliveryExhaustedError extends Error {
  override readonly name = 'DeliveryExhaustedError';
}

/**
 * One delivery job: re-reads the notification (sent already: nothing to do),
 * re-checks that the channel may still be used and that a reminder is still
 * current, writes the message and hands it to the channel's sender. A
 * permanent failure moves to the next channel at once; other failures are
 * retried with backoff, and after the last try the next channel is used, or
 * with none left the job stays in the dead-letter list for an admin.
 */
export function createDeliveryWorker(dependencies: DeliveryWorkerDependencies) {
  const { clock, repository, log } = dependencies;

  async function giveUp(record: NotificationRecord, reason: string, state: 'failed' | 'suppressed' = 'failed'): Promise<boolean> {
    if (state === 'failed') await repository.markFailed(record.id, reason, clock.now());
    else await repository.markSuppressed(record.id, reason, clock.now());
    return dependencies.engine.fallBack(record);
  }

  async function stillCurrent(record: NotificationRecord): Promise<boolean> {
    if (record.templateEvent !== 'reminder' || !record.appointmentId) return true;
    const appointment = await dependencies.appointments.get(record.appointmentId);
    return appointment?.status === 'approved' && appointment.start.toISOString() === record.data.start;
  }

  return {
    async handle(job: Job<DeliveryJob>): Promise<void> {
      const record = await repository.get(job.data.notificationId);
      if (!record || record.state !== 'queued') return;
      if (!(await stillCurrent(record))) {
        await repository.markSuppressed(record.id, 'stale_reminder', clock.now());
        return;
      }
      const channel = record.channel as NotificationChannel;
      const card = await dependencies.addressBook.lookUp(record.recipientId, { channels: [channel] });
      if (!card) {
        await repository.markSuppressed(record.id, 'recipient_gone', clock.now());
        return;
      }
      // Consent or an address may have changed since the notification was queued (a STOP at night).
      const blocked = card.blocked(channel);
      if (blocked) {
        await giveUp(record, blocked, blocked === 'opted_out' || blocked === 'no_consent' ? 'suppressed' : 'failed');
        return;
      }
      const sender = dependencies.senderFor(channel)!;
      const recipient = card.on(channel);
      const { outgoing, template } = await dependencies.composer.compose(record, recipient);
      // A sent message counts its try in the same write that marks it sent; every other outcome counts it first.
      const countAttempt = () => repository.startAttempt(record.id, job.attempt, template, clock.now());
      if (sender.freeTextAllowed && !outgoing.template && !(await sender.freeTextAllowed(recipient))) {
        await countAttempt();
        await giveUp(record, 'outside_window');
        return;
      }
      let result: Awaited<ReturnType<NotificationSender['send']>>;
      try {
        result = await sender.send(outgoing);
      } catch (error) {
        await countAttempt();
        const code = error instanceof NotificationSendError ? error.code : 'send_failed';
        if (error instanceof NotificationSendError && error.permanent) {
          log.info({ notificationId: record.id, channel, code }, 'notification failed for good on this channel');
          await giveUp(record, code);
          return;
        }
        if (job.attempt < (job.data.attempts ?? defaultDelivery.attempts)) throw error; // retried with backoff
        log.warn({ notificationId: record.id, channel, code }, 'notification retries exhausted');
        if (!(await giveUp(record, `retries_exhausted: ${code}`))) {
          throw new DeliveryExhaustedError(`${channel} failed ${job.attempt} times (${code}) and no other channel is left`);
        }
        return;
      }
      await repository.markSent(record.id, result.providerMessageId ?? null, clock.now(), { number: job.attempt, template });
    },
  };
}
