import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { ActivitySet } from './activity';
import type { ActivityBus } from './activity-bus';
import type { TranscriptStore } from './transcript-store';

/**
 * One client's WebSocket stream: what the transcript holds after the client's
 * watermark, then every new activity set as it is published. Live sets that
 * arrive while the backlog is read are held and de-duplicated by watermark,
 * so nothing is lost or sent twice.
 */
export function streamConversation(
  socket: WebSocket,
  context: { conversationId: string; from: number; store: TranscriptStore; bus: ActivityBus; log: FastifyBaseLogger },
): void {
  let sent = context.from;
  let held: ActivitySet[] | null = [];

  const send = (set: ActivitySet) => {
    if (set.watermark !== undefined) {
      const watermark = Number(set.watermark);
      if (watermark <= sent) return;
      sent = watermark;
    }
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(set));
  };

  const unsubscribe = context.bus.subscribe(context.conversationId, (set) => {
    if (held) held.push(set);
    else send(set);
  });

  // Proxies drop quiet connections; a ping every 30 s keeps the stream open.
  const keepAlive = setInterval(() => socket.ping(), 30_000);
  keepAlive.unref();
  socket.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
  // Clients send empty messages as heartbeats; the stream carries nothing from them.
  socket.on('message', () => undefined);

  void (async () => {
    try {
      let watermark = context.from;
      for (;;) {
        const page = await context.store.after(context.conversationId, watermark);
        if (page.activities.length === 0) break;
        send({ activities: page.activities, watermark: String(page.watermark) });
        watermark = page.watermark;
      }
      const pending = held ?? [];
      held = null;
      pending.forEach(send);
    } catch (error) {
      context.log.error({ err: error, conversationId: context.conversationId }, 'direct line stream failed');
      socket.close(1011, 'stream failed');
    }
  })();
}
