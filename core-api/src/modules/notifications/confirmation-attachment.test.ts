import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../testing/test-smtp-server';
import { readPdf } from '../documents/test-pdfs';
import { createNotificationsHarness, waitFor, type NotificationsHarness } from './notifications-test-harness';

// The patient's approval notification carries the confirmation the documents module makes for the same
// event; both consume the event at once, and whichever runs first makes it: it exists once.
let smtp: TestSmtpServer;
let test: NotificationsHarness;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  test = await createNotificationsHarness({ environment: { SMTP_URL: smtp.url, SMTP_FROM: 'Riverside Care <no-reply@riverside.example>' } });
  await test.takeEvents();
  test.services.notifications.startWorkers();
}, 60_000);
afterAll(async () => {
  await test?.close();
  await smtp?.close();
});

const post = async (url: string, userId: string, payload?: object) => {
  const response = await test.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: await test.as(userId), payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
};
const rows = async (text: string, values: unknown[]) => (await test.runtime.database.pool.query(text, values)).rows;

/** Hands the events to notifications and to documents at the same time, as the two event workers would. */
async function publishToBoth() {
  const events = await test.takeEvents();
  await Promise.all([test.publish(events), ...events.map((event) => test.services.documents.eventSubscriber.handle(event))]);
  return events;
}

describe('the confirmation with the approval', () => {
  it('attaches the confirmation PDF to the patient\'s e-mail, made once whoever gets there first', async () => {
    const preferences = await test.app.inject({
      method: 'PUT', url: '/api/v1/me/notification-preferences', headers: await test.as('patient-ben'),
      payload: { channels: ['email'], quietStart: null, quietEnd: null, doNotDisturb: false, dailyCap: null },
    });
    expect(preferences.statusCode).toBe(200);
    await post('/appointments/appt-seed-2/approve', 'dr-chen');
    const events = await publishToBoth();
    const approved = events.find((event) => event.type === 'appointment.approved')!;

    const mail = await smtp.mailTo('ben.carter@example.org');
    expect(mail.subject).toBe('Your appointment is confirmed');
    const pdf = mail.attachments.find((attachment) => attachment.contentType === 'application/pdf');
    expect(pdf?.filename).toBe('confirmation-appt-seed-2.pdf');
    const read = await readPdf(pdf!.content);
    expect(read.text).toContain('Appointment confirmation');
    expect(read.text).toContain('Dr. Wei Chen');
    expect(read.text).toContain('appt-seed-2');
    // The invitation still travels beside it.
    expect(mail.attachments.some((attachment) => attachment.contentType === 'text/calendar')).toBe(true);

    const made = await rows(`SELECT id FROM documents.documents WHERE source_event_id = $1 AND template_key = 'appointment-confirmation'`, [approved.id]);
    expect(made).toHaveLength(1);
    // The attachment is an access like a download, in the document's own log.
    await waitFor(async () => (await rows(`SELECT 1 FROM documents.access_log WHERE document_id = $1 AND action = 'attach' AND actor_id = 'notifications'`, [made[0].id])).length > 0);
    // The professional's notification of the same approval has no attachment: it goes to the patient only.
    expect(await rows(`SELECT count(*)::int AS n FROM documents.documents WHERE appointment_id = 'appt-seed-2'`, [])).toEqual([{ n: 1 }]);
  });

  it('says on channels without files that the confirmation is in the patient\'s documents, in their language', async () => {
    const requested = await post('/appointments', 'patient-ana', {
      professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-08T10:20:00+01:00', intake: { reason: 'A rash', date_of_birth: '1988-04-12' },
    });
    await publishToBoth();
    await post(`/appointments/${requested.id}/approve`, 'dr-lopez');
    await publishToBoth();
    const sent = await waitFor(async () =>
      Object.values(test.senders).flatMap((sender) => sender.sent).find((notification) => notification.event === 'appointment.approved' && notification.data.appointmentId === requested.id));
    expect(sent.recipient.userId).toBe('patient-ana');
    expect(sent.attachments).toBeUndefined();
    expect(sent.text.split('\n').at(-1)).toBe(sent.recipient.locale === 'es' ? 'Tienes la confirmación (PDF) en tus documentos.' : 'Your confirmation (PDF) is in your documents.');
    const documents = await test.app.inject({ url: '/api/v1/documents', headers: await test.as('patient-ana') });
    expect(documents.json().filter((document: { appointmentId: string }) => document.appointmentId === requested.id)).toHaveLength(1);
  });
});
