import type { CoreRuntime } from '@consulta/core-api';
import type { TurnQueueOption } from '@consulta/channels';
import type { BotConfig } from './bot-config';

/**
 * Where SMS and WhatsApp turns run: behind the webhook in this process
 * (`CHANNEL_TURNS=inline`, the default), or as jobs on the platform queue
 * (`queue`), taken by the processes that do background work (`all`,
 * `worker`), so bot processes only acknowledge webhooks.
 */
export function channelTurns(botConfig: BotConfig, runtime: CoreRuntime, takesTurns: boolean): TurnQueueOption | undefined {
  return botConfig.CHANNEL_TURNS === 'queue' ? { queue: runtime.queue, consume: takesTurns } : undefined;
}
