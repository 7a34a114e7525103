import type { FastifyBaseLogger } from 'fastify';
import { createKeyedQueue } from './keyed-queue';

/** The part of the platform's job queue (core-api's JobQueue: BullMQ, or the database queue) turns need. */
export interface TurnJobQueue {
  add(queue: string, name: string, data: unknown, options?: { jobId?: string; discardWhenDone?: boolean }): Promise<string>;
  work(queue: string, handler: (job: { data: unknown }) => Promise<void>, options?: { concurrency?: number }): void;
}

/**
 * Where a phone channel's turns run. Without it, in this process behind the
 * webhook (the embedded default). With it, the webhook only adds a job and
 * the processes that `consume` run the turns, so a webhook process does no
 * turn work and answers at once under any load.
 */
export interface TurnQueueOption {
  queue: TurnJobQueue;
  consume: boolean;
}

export interface TurnDispatchOptions<Message> {
  channel: 'sms' | 'whatsapp';
  turns?: TurnQueueOption;
  /** Turns at once in this process; more wait in line. */
  maxRunning: number;
  /** One number's turns never overlap and run in the order taken. */
  keyOf: (message: Message) => string;
  idOf: (message: Message) => string;
  /** Records the message once; false when it was already taken (a provider's retry). */
  claim: (message: Message) => Promise<boolean>;
  handle: (message: Message) => Promise<void>;
  /** A message as it comes back from the queue's JSON (dates become strings). */
  revive?: (data: unknown) => Message;
  log: FastifyBaseLogger;
}

/**
 * Takes a received message to its turn, here or through the queue. Inline,
 * the claim comes before the acknowledgement (a failure is a 500 and the
 * provider retries). Queued, the job id is the message id, so a retried
 * webhook adds nothing; the claim moves to the consumer, so a message whose
 * add failed is claimed only when the retry's job runs.
 */
export function createTurnDispatch<Message>(options: TurnDispatchOptions<Message>) {
  const keyed = createKeyedQueue({ maxRunning: options.maxRunning });
  const queueName = `${options.channel}-turns`;
  const failed = () => options.log.error(`${options.channel} turn failed outside its own error handling`);

  if (options.turns?.consume) {
    const revive = options.revive ?? ((data: unknown) => data as Message);
    options.turns.queue.work(
      queueName,
      async (job) => {
        const message = revive(job.data);
        // In line for the number first, claimed inside: jobs taken together keep the order they were
        // taken in. A failed claim fails the job (it is tried again); a turn handles its own errors.
        await keyed.enqueue(options.keyOf(message), async () => {
          if (await options.claim(message)) await options.handle(message).catch(failed);
        });
      },
      { concurrency: options.maxRunning },
    );
  }

  return {
    /** Hands one received message on; resolves once it is safe to acknowledge. */
    async dispatch(message: Message): Promise<void> {
      if (options.turns) {
        // The message is personal: the job goes once its turn has run (or failed for good).
        await options.turns.queue.add(queueName, options.channel, message, { jobId: `${options.channel}-${options.idOf(message)}`, discardWhenDone: true });
        return;
      }
      if (await options.claim(message)) void keyed.enqueue(options.keyOf(message), () => options.handle(message)).catch(failed);
    },
    /** The number's own queue, shared with sends the patient did not ask for (reminders). */
    keyed,
  };
}
