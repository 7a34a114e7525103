import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { createBreaker } from '../../platform/circuit-breaker';
import { createEmailSender, isRecipientRefusal } from './email-sender';
import type { OutgoingNotification } from './notification-sender';

const notification = {
  id: 'ntf-circuit', channel: 'email', event: 'appointment.approved', subject: 'Confirmed', text: 'Confirmed.',
  recipient: { userId: 'patient-ben', name: 'Ben Carter', address: 'ben.carter@example.org', locale: 'en', timeZone: 'America/New_York' },
} as unknown as OutgoingNotification;

it('stops dialling a mail server that keeps refusing connections, and says so with a retryable error', async () => {
  // A port nobody listens on: every connection is refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const breaker = createBreaker('smtp', { volumeThreshold: 3, isHealthy: isRecipientRefusal });
  const sender = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Consulta <no-reply@consulta.local>', breaker });
  const codes: string[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const error = await sender.send(notification).then(() => undefined, (failure: { code: string; permanent: boolean }) => failure);
    expect(error?.permanent).toBe(false);
    codes.push(error!.code);
  }
  expect(codes).toEqual(['smtp_unavailable', 'smtp_unavailable', 'smtp_unavailable', 'smtp_circuit_open', 'smtp_circuit_open']);
  sender.close();
  breaker.shutdown();
});
