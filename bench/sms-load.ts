import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import twilio from 'twilio';
import { startFakeTwilioApi } from '@consulta/channels/testing';

/*
 * The SMS benchmark's load generator and Twilio (see sms-bench.ts), in a process of their own so
 * neither lands on the server's core. It prints {"twilio": url}, reads {"server": url, ...} on
 * standard input, then:
 *  A. posts signed webhooks open-loop at RATE per second for SECONDS from the registered numbers,
 *     timing each acknowledgement, and waits until every one is answered by SMS;
 *  B. sends SAMPLES messages one at a time and times each from the post to the reply at Twilio.
 * Prints {"acks": [...], "backlogMs": n, "endToEnd": [...], "answered": n, "sent": n}.
 */
const lines = createInterface({ input: process.stdin });
const twilioApi = await startFakeTwilioApi({ accountSid: process.env.BENCH_ACCOUNT_SID!, authToken: process.env.BENCH_AUTH_TOKEN! });
// The fake records no times: stamp each message as it shows up.
const arrivals: Array<{ to: string; at: number }> = [];
const stamp = setInterval(() => {
  for (let index = arrivals.length; index < twilioApi.messages.length; index++) arrivals.push({ to: twilioApi.messages[index]!.to, at: performance.now() });
}, 2);
process.stdout.write(`${JSON.stringify({ twilio: twilioApi.baseUrl })}\n`);

const setup = JSON.parse((await lines[Symbol.asyncIterator]().next()).value as string) as {
  server: string; publicUrl: string; numbers: string[]; rate: number; seconds: number; samples: number; text: string;
};
let messageSid = 0;
async function post(from: string, body: string) {
  const params = { AccountSid: process.env.BENCH_ACCOUNT_SID!, MessageSid: `SM${String(++messageSid).padStart(32, '0')}`, From: from, To: '+34910000000', Body: body };
  const signature = twilio.getExpectedTwilioSignature(process.env.BENCH_AUTH_TOKEN!, `${setup.publicUrl}/channels/sms`, params);
  const response = await fetch(`${setup.server}/channels/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  await response.text();
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
}
const until = async (check: () => boolean, timeoutMs: number) => {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for replies');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

// A: open loop at the given rate.
const acks: number[] = [];
const total = setup.rate * setup.seconds;
const started = performance.now();
const posts: Array<Promise<void>> = [];
for (let index = 0; index < total; index++) {
  const due = started + (index * 1000) / setup.rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const sent = performance.now();
  // A webhook that fails (refused, timed out) counts as never acknowledged.
  posts.push(post(setup.numbers[index % setup.numbers.length]!, setup.text).then(() => void acks.push(performance.now() - sent), () => void acks.push(Number.POSITIVE_INFINITY)));
}
await Promise.all(posts);
const postedAt = performance.now();
await until(() => arrivals.length >= total, 600_000);
const backlogMs = arrivals[total - 1]!.at - postedAt;

// B: one message at a time, nothing else running.
const endToEnd: number[] = [];
for (let index = 0; index < setup.samples; index++) {
  const from = setup.numbers[index % setup.numbers.length]!;
  const before = arrivals.length;
  const sent = performance.now();
  await post(from, setup.text);
  await until(() => arrivals.slice(before).some((arrival) => `+${arrival.to.replace(/^\+/, '')}` === from), 60_000);
  endToEnd.push(arrivals.slice(before).find((arrival) => `+${arrival.to.replace(/^\+/, '')}` === from)!.at - sent);
}
clearInterval(stamp);
await twilioApi.close();
process.stdout.write(`${JSON.stringify({ acks, backlogMs, endToEnd, answered: arrivals.length, sent: total + setup.samples })}\n`);
process.exit(0);
