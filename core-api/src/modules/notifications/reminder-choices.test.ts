import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderChoices } from './reminder-choices';
import { createNotificationsHarness, movableClock, waitFor, type NotificationsHarness } from './notifications-test-harness';

const when = 'Tuesday 8 December 2026, 10:20 (Central European Time)';
const start = '2026-12-08T09:20:00.000Z';

describe('reminderChoices', () => {
  it('offers confirm, cancel and reschedule in the patient’s words, naming the appointment in their zone', () => {
    const about = { appointmentId: 'appt-1', description: 'with Dr. Elena López on Tue 8 Dec, 10:20' };
    expect(reminderChoices({ appointmentId: 'appt-1', start, timeZone: 'Europe/Madrid', locale: 'en', professionalName: 'Dr. Elena López', when })).toEqual([
      { label: 'Confirm', value: 'I will come to my appointment with Dr. Elena López on Tue 8 Dec, 10:20', answer: `Thank you for confirming. See you on ${when}.`, key: 'C', about },
      { label: 'Cancel', value: 'I want to cancel my appointment with Dr. Elena López on Tue 8 Dec, 10:20', key: 'X', about },
      { label: 'Reschedule', value: 'I want to move my appointment with Dr. Elena López on Tue 8 Dec, 10:20', key: 'R', about },
    ]);
  });

  it('names no appointment to the channel when it has no id', () => {
    const choices = reminderChoices({ appointmentId: '', start, timeZone: 'Europe/Madrid', locale: 'en', professionalName: 'Dr. Elena López', when });
    expect(choices.map((choice) => choice.about)).toEqual([undefined, undefined, undefined]);
  });

  it('speaks Spanish and French, and does without a name it could not look up', () => {
    const spanish = reminderChoices({ appointmentId: 'appt-1', start, timeZone: 'Europe/Madrid', locale: 'es-ES', professionalName: 'Dr. Elena López', when: 'martes' });
    expect(spanish.map((choice) => choice.label)).toEqual(['Confirmar', 'Cancelar', 'Cambiar la hora']);
    expect(spanish[1]!.value).toBe('Quiero cancelar mi cita con Dr. Elena López del mar 8 dic, 10:20');
    const french = reminderChoices({ appointmentId: 'appt-1', start, timeZone: 'America/New_York', locale: 'fr', professionalName: '', when: 'mardi' });
    expect(french.map((choice) => choice.label)).toEqual(['Confirmer', 'Annuler', 'Déplacer']);
    expect(french[2]!.value).toBe('Je veux déplacer mon rendez-vous du mar. 8 déc., 04:20');
    // WhatsApp cuts button titles at 20 characters: none needs cutting.
    for (const locale of ['en', 'es', 'fr']) {
      for (const choice of reminderChoices({ appointmentId: 'appt-1', start, timeZone: 'UTC', locale, professionalName: 'X', when })) expect(choice.label.length).toBeLessThanOrEqual(20);
    }
  });
});

describe('a reminder as the engine sends it', () => {
  const clock = movableClock('2026-12-01T09:00:00Z');
  let test: NotificationsHarness;
  beforeAll(async () => {
    test = await createNotificationsHarness({ clock });
    await test.takeEvents();
    test.services.notifications.startWorkers();
  }, 60_000);
  afterAll(() => test?.close());

  const act = async (method: 'POST' | 'PUT', url: string, userId: string, payload?: object) => {
    const response = await test.app.inject({ method, url: `/api/v1${url}`, headers: await test.as(userId), payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };

  it('carries the answers on SMS (as on WhatsApp), not on web chat', async () => {
    const approved = async (start: string) => {
      const { id } = await act('POST', '/appointments', 'patient-ben', { professionalId: 'dr-chen', serviceId: 'gp-visit', start, intake: { reason: 'Check-up', date_of_birth: '1975-09-30' } });
      await act('POST', `/appointments/${id}/approve`, 'dr-chen');
      await test.publish();
      return id as string;
    };
    const onWebchat = await approved('2026-12-03T14:00:00.000Z');
    const onSms = await approved('2026-12-03T15:00:00.000Z');
    // The first 24-hour reminder goes by web chat (Ben's default), the second after he chose SMS only.
    clock.set('2026-12-02T14:00:30Z');
    expect(await test.services.notifications.reminders.sweep()).toBe(1);
    await act('PUT', '/me/notification-preferences', 'patient-ben', { channels: ['sms'], quietStart: null, quietEnd: null, doNotDisturb: false, dailyCap: null });
    clock.set('2026-12-02T15:00:30Z');
    expect(await test.services.notifications.reminders.sweep()).toBe(1);

    const byText = await waitFor(async () => test.senders.sms.sent.find((sent) => sent.event === 'reminder' && sent.data.appointmentId === onSms));
    expect(byText.text).toBe('Reminder: General practice visit with Dr. Wei Chen on Thursday 3 December 2026, 10:00 (Eastern Time).');
    const about = { appointmentId: onSms, description: 'with Dr. Wei Chen on Thu 3 Dec, 10:00' };
    expect(byText.choices).toEqual([
      { label: 'Confirm', value: 'I will come to my appointment with Dr. Wei Chen on Thu 3 Dec, 10:00', answer: 'Thank you for confirming. See you on Thursday 3 December 2026, 10:00 (Eastern Time).', key: 'C', about },
      { label: 'Cancel', value: 'I want to cancel my appointment with Dr. Wei Chen on Thu 3 Dec, 10:00', key: 'X', about },
      { label: 'Reschedule', value: 'I want to move my appointment with Dr. Wei Chen on Thu 3 Dec, 10:00', key: 'R', about },
    ]);
    // Web chat has no answers to keep: its reminder is the sentence alone.
    const onPage = await waitFor(async () => test.senders.webchat.sent.find((sent) => sent.event === 'reminder' && sent.data.appointmentId === onWebchat));
    expect(onPage.choices).toBeUndefined();
  });
});
