import { randomBytes } from 'node:crypto';
import type { OutboundMessage } from '../turn';
import type { Activity } from './activity';
import type { ConversationFeed } from './conversation-feed';

/**
 * Web Chat's livestreaming: the reply growing in one bubble while the model
 * writes it. Interim texts go out as typing activities (pushed, never
 * stored; REST pollers simply see the final message), and the stream ends
 * with the reply itself, or empty when the reply is not plain text.
 * See BotFramework-WebChat docs/LIVESTREAMING.md.
 */
export function createLivestream(context: { feed: ConversationFeed; conversationId: string; from: Activity['from'] }) {
  const streamId = `${context.conversationId}|stream-${randomBytes(6).toString('base64url')}`;
  let sequence = 0;
  let latest = '';
  let queued = false;
  let sending: Promise<void> = Promise.resolve();

  const interim = (text: string): Activity => {
    sequence += 1;
    return {
      type: 'typing',
      ...(sequence === 1 ? { id: streamId } : {}),
      from: context.from,
      text,
      channelData: { streamType: 'streaming', streamSequence: sequence, ...(sequence > 1 ? { streamId } : {}) },
    };
  };

  return {
    get started() {
      return sequence > 0 || queued;
    },
    /** Takes the text so far; while one push is on its way, later texts collapse into the newest. */
    update(text: string) {
      latest = text;
      if (queued) return;
      queued = true;
      sending = sending.then(async () => {
        queued = false;
        await context.feed.signal(context.conversationId, interim(latest));
      });
    },
    /** Ends the stream: a plain reply becomes its final message (answered true), anything else is sent as usual after an empty end. */
    async finish(first: OutboundMessage | undefined, render: (message: OutboundMessage) => Activity): Promise<boolean> {
      await sending;
      const plain = first && !first.choices?.length && !first.summary;
      if (plain) {
        const final = render(first);
        await context.feed.post(context.conversationId, { ...final, channelData: { ...final.channelData, streamId, streamType: 'final' } });
        return true;
      }
      await context.feed.signal(context.conversationId, { type: 'typing', from: context.from, channelData: { streamId, streamType: 'final' } });
      return false;
    },
  };
}
