import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationsHarness, waitFor, type NotificationsHarness } from './notifications-test-harness';

// A real SMTP server on loopback: nodemailer speaks SMTP to it, mailparser reads what arrived.
const received: ParsedMail[] = [];
const refused = new Set<string>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (refused.has(address.address)) return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
    callback();
  },
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        received.push(mail);
        callback();
      })
      .catch(callback);
  },
});

let test: NotificationsHarness;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  test = await createNotificationsHarness({ environment: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Riverside Care <no-reply@riverside.example>' } });
  await test.takeEvents();
  test.services.notifications.startWorkers();
  // Ben and Chloé want e-mail first.
  for (const userId of ['patient-ben', 'patient-chloe']) {
    const response = await test.app.inject({
      method: 'PUT', url: '/api/v1/me/notification-preferences', headers: await test.as(userId),
      payload: { channels: ['email', 'sms'], quietStart: null, quietEnd: null, doNotDisturb: false, dailyCap: null },
    });
    expect(response.statusCode).toBe(200);
  }
}, 60_000);
afterAll(async () => {
  await test?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const act = async (url: string, userId: string, payload?: object) => {
  const response = await test.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: await test.as(userId), payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
};

describe('e-mail over SMTP', () => {
  it('sends the approval with text, escaped HTML and a calendar invitation', async () => {
    await act('/appointments/appt-seed-2/approve', 'dr-chen');
    await test.publish();
    const mail = await waitFor(async () => received.find((entry) => entry.subject === 'Your appointment is confirmed'));
    expect(mail.to).toMatchObject({ value: [{ address: 'ben.carter@example.org', name: 'Ben Carter' }] });
    expect(mail.from).toMatchObject({ value: [{ address: 'no-reply@riverside.example', name: 'Riverside Care' }] });
    expect(mail.text).toContain('Hello Ben Carter,');
    expect(mail.text).toContain('Your appointment for General practice visit with Dr. Wei Chen on Wednesday 2 December 2026, 08:00 (Eastern Time) is confirmed.');
    expect(mail.html).toContain('<p>Your appointment for General practice visit with Dr. Wei Chen on Wednesday 2 December 2026, 08:00 (Eastern Time) is confirmed.</p>');
    expect(mail.headers.get('x-consulta-notification')).toMatch(/^ntf-/);

    const calendar = mail.attachments.find((attachment) => attachment.contentType === 'text/calendar');
    expect(calendar).toBeDefined();
    const ics = calendar!.content.toString('utf8');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('UID:appt-seed-2@consulta');
    expect(ics).toContain('DTSTART:20261202T130000Z');
    expect(ics).toContain('DTEND:20261202T132000Z');
    expect(ics).toContain('SUMMARY:General practice visit · Dr. Wei Chen');

    // The mail can arrive before the worker records the send: wait for the row to move on from queued.
    const rows = await waitFor(async () => {
      const result = await test.runtime.database.pool.query(
        `SELECT state, provider_message_id FROM notifications.notifications WHERE appointment_id = 'appt-seed-2' AND event_type = 'appointment.approved'`,
      );
      return result.rows.every((row) => row.state !== 'queued') && result.rows;
    });
    expect(rows).toEqual([{ state: 'sent', provider_message_id: mail.messageId }]);
  });

  it('escapes what a person typed before it reaches the HTML part', async () => {
    await act('/appointments/appt-seed-3/cancel', 'atty-martin', { reason: '<img src=x onerror=alert(1)> & more' });
    await test.publish();
    const mail = await waitFor(async () => received.find((entry) => entry.subject === 'Votre rendez-vous a été annulé'));
    expect(mail.html).toContain('Motif : &lt;img src=x onerror=alert(1)&gt; &amp; more.');
    expect(mail.html).not.toContain('<img');
    expect(mail.text).toContain('Motif : <img src=x onerror=alert(1)> & more.');
    expect(mail.attachments).toHaveLength(0); // invitations go with approvals only
  });

  it('moves on to the next channel when the mail server refuses the address for good', async () => {
    refused.add('ben.carter@example.org');
    try {
      await act('/appointments/appt-seed-1/cancel', 'dr-lopez', { reason: 'Clinic closed' });
      await test.publish();
      await waitFor(async () => test.senders.sms.sent.length === 1);
      const rows = await waitFor(async () => {
        const result = await test.runtime.database.pool.query(
          `SELECT channel, state, reason FROM notifications.notifications WHERE appointment_id = 'appt-seed-1' AND event_type = 'appointment.cancelled' ORDER BY channel`,
        );
        return result.rows.length === 2 && result.rows.every((row) => row.state !== 'queued') && result.rows;
      });
      expect(rows).toEqual([
        { channel: 'email', state: 'failed', reason: 'smtp_550' },
        { channel: 'sms', state: 'sent', reason: null },
      ]);
    } finally {
      refused.clear();
    }
  });
});
