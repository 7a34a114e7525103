import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPushSender, type PushSubscriptionInput, type PushSubscriptions } from './push-sender';

// A push service on loopback over HTTPS (web-push speaks nothing else), with a certificate made
// for the test: web-push signs (VAPID) and encrypts (aes128gcm) for real.
const folder = mkdtempSync(path.join(tmpdir(), 'push-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
  '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(folder, 'key.pem'), '-out', path.join(folder, 'cert.pem')], { stdio: 'ignore' });
const tls = { key: readFileSync(path.join(folder, 'key.pem')), cert: readFileSync(path.join(folder, 'cert.pem')) };
rmSync(folder, { recursive: true, force: true });
const received: Array<{ path: string; headers: IncomingHttpHeaders; bytes: number }> = [];
const server = createServer(tls, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ path: request.url!, headers: request.headers, bytes: Buffer.concat(chunks).length });
    if (request.url === '/gone') return void response.writeHead(410).end();
    response.writeHead(201, { location: `https://push.example${request.url}/message-1` }).end();
  });
});
let base: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const browserKeys = () => {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
};

function memorySubscriptions(list: PushSubscriptionInput[]): PushSubscriptions & { list: PushSubscriptionInput[] } {
  return {
    list,
    save: async () => undefined,
    remove: async (endpoint) => void list.splice(list.findIndex((entry) => entry.endpoint === endpoint), 1),
    forUser: async () => [...list],
    has: async () => list.length > 0,
  };
}

const notification = {
  id: 'ntf-push-1', channel: 'push' as const, event: 'appointment.requested', subject: 'New appointment request', text: 'Ben Carter asks for a visit.',
  recipient: { userId: 'admin-sam', role: 'admin' as const, name: 'Sam Rivera', address: 'admin-sam', locale: 'en', timeZone: 'UTC' }, data: {}, urgent: false,
};

describe('Web Push sender', () => {
  it('sends a signed, encrypted message to each browser and forgets those the push service says are gone', async () => {
    const vapid = webpush.generateVAPIDKeys();
    const subscriptions = memorySubscriptions([{ endpoint: `${base}/device-1`, keys: browserKeys() }, { endpoint: `${base}/gone`, keys: browserKeys() }]);
    const sender = createPushSender({
      publicKey: vapid.publicKey, privateKey: vapid.privateKey, subject: 'mailto:admin@consulta.local', subscriptions, agent: new Agent({ ca: tls.cert }),
    });
    expect(await sender.send(notification)).toEqual({ providerMessageId: 'https://push.example/device-1/message-1' });
    const delivered = received.find((entry) => entry.path === '/device-1')!;
    expect(delivered.headers['content-encoding']).toBe('aes128gcm');
    expect(delivered.headers.authorization).toMatch(new RegExp(`^vapid t=.+, k=${vapid.publicKey}$`));
    expect(delivered.bytes).toBeGreaterThan(notification.text.length); // encrypted, padded
    expect(subscriptions.list.map((entry) => entry.endpoint)).toEqual([`${base}/device-1`]);

    subscriptions.list.length = 0;
    await expect(sender.send(notification)).rejects.toMatchObject({ code: 'no_push_subscription', permanent: true });
  });
});
