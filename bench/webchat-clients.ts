import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

/*
 * The web chat benchmark's load generator (see webchat-bench.ts): its own process, so that the
 * clients' HTTP, WebSocket and JSON work does not land on the server's core.
 *   tsx bench/webchat-clients.ts DOMAIN SECRET CONVERSATIONS MESSAGES_JSON
 * Prints { latencies, wallMs, replies }.
 */
const [domain, secret, count, messagesJson] = process.argv.slice(2);
const messages = JSON.parse(messagesJson!) as string[];
const patients = ['patient-ana', 'patient-ben', 'patient-chloe'] as const;

async function directLineRun(domain: string, secret: string, conversations: number) {
  const latencies: number[] = [];
  let replies = 0;
  // Every conversation is started and its stream open before the clock starts: the bare turns have
  // no conversation to set up, so only the exchange of messages is compared.
  let ready = 0;
  let go!: () => void;
  const started = new Promise<void>((resolve) => (go = resolve));
  let startedAt = 0;
  const run = Promise.all(
    Array.from({ length: conversations }, async (_, index) => {
      const generated = await postJson(`${domain}/tokens/generate`, secret, { user: { id: patients[index % patients.length] } });
      const conversation = await postJson(`${domain}/conversations`, generated.token);
      const socket = new WebSocket(conversation.streamUrl);
      const waiting = new Map<string, () => void>();
      // A reply may come over the stream before the POST that caused it has answered.
      const early = new Set<string>();
      socket.on('message', (data) => {
        const text = data.toString();
        if (!text) return;
        for (const activity of JSON.parse(text).activities as Array<{ type: string; replyToId?: string; from: { role?: string } }>) {
          if (activity.type !== 'message' || activity.from.role !== 'bot' || !activity.replyToId) continue;
          const answered = waiting.get(activity.replyToId);
          if (answered) answered();
          else early.add(activity.replyToId);
        }
      });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      if (++ready === conversations) {
        startedAt = performance.now();
        go();
      }
      await started;
      try {
        for (const text of messages) {
          const sent = performance.now();
          let answered!: () => void;
          const reply = new Promise<void>((resolve) => (answered = resolve));
          const { id } = await postJson(`${domain}/conversations/${conversation.conversationId}/activities`, conversation.token, { type: 'message', text });
          if (early.has(id)) answered();
          else waiting.set(id, answered);
          await reply;
          latencies.push(performance.now() - sent);
          replies += 1;
        }
      } finally {
        socket.close();
      }
    }),
  );
  await run;
  return { latencies, wallMs: performance.now() - startedAt, replies };
}

async function postJson(url: string, credential: string, body?: unknown): Promise<{ conversationId: string; token: string; streamUrl: string; id: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { conversationId: string; token: string; streamUrl: string; id: string };
}


process.stdout.write(JSON.stringify(await directLineRun(domain!, secret!, Number(count))));
