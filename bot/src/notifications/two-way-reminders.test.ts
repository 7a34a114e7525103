import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappButtonReply, whatsappTextMessage } from '@consulta/channels/testing';
import { startNotificationsBot, type NotificationsBot } from './notifications-bot-harness';

// A reminder reaches a patient by SMS or WhatsApp with its answers; "C" (or Confirm) is thanked
// with no assistant turn, "X" (or Cancel) starts the assistant's cancellation of that appointment,
// which the patient confirms as usual, and words of their own ("can we do 2pm instead?") are read
// as being about that appointment. Local model, loopback Twilio and Graph APIs.
const ben = '+12125550100';
const ana = '+34600111222';
let bot: NotificationsBot;

beforeAll(async () => {
  bot = await startNotificationsBot();
  bot.services.notifications.startWorkers();
}, 60_000);
afterAll(() => bot?.close());

const pool = () => bot.runtime.database.pool;
const statusOf = async (appointmentId: string) =>
  (await pool().query<{ status: string }>(`SELECT status FROM appointments.appointments WHERE id = $1`, [appointmentId])).rows[0]?.status;
const turnsFrom = (phone: string) => bot.turns.filter((turn) => turn.senderId === phone).map((turn) => turn.text);
const smsTo = (phone: string) => bot.twilio.messages.filter((message) => message.to === phone).map((message) => message.body);
// Graph bodies are read as the fake recorded them.
const whatsappTo = (phone: string) => bot.graph.messages.filter((message) => message.to === phone.slice(1)).map((message) => message.body as any);

/** A reminder of the appointment falls due now, and the sweep hands it to the engine. */
async function remind(appointmentId: string) {
  const { rows } = await pool().query<{ patient_id: string; start_at: Date }>(`SELECT patient_id, start_at FROM appointments.appointments WHERE id = $1`, [appointmentId]);
  const now = bot.runtime.clock.now();
  await pool().query(
    `INSERT INTO notifications.reminders (id, appointment_id, patient_id, offset_minutes, starts_at, due_at, state, created_at, updated_at)
     VALUES ($1, $2, $3, 1440, $4, $5, 'pending', $5, $5)`,
    [`rem-test-${appointmentId}`, appointmentId, rows[0]!.patient_id, rows[0]!.start_at, new Date(now.getTime() - 60_000)],
  );
  expect(await bot.services.notifications.reminders.sweep()).toBe(1);
}

async function next<T>(list: () => T[], after: number): Promise<T> {
  await expect.poll(() => list().length, { timeout: 20_000 }).toBeGreaterThan(after);
  return list()[after]!;
}

/** The first text from `after` on that matches: other notifications of earlier tests may still arrive in between. */
async function nextMatching(list: () => string[], after: number, pattern: RegExp): Promise<{ text: string; index: number }> {
  await expect.poll(() => list().slice(after).some((text) => pattern.test(text)), { timeout: 20_000 }).toBe(true);
  const index = list().findIndex((text, position) => position >= after && pattern.test(text));
  return { text: list()[index]!, index };
}

describe('a reminder by SMS', () => {
  it('says C, X or R; "C" is thanked without a turn, "x" cancels through the assistant', async () => {
    await remind('appt-seed-1');
    const reminder = await next(() => smsTo(ben), 0);
    expect(reminder).toMatch(/^Reminder: Dermatology consultation with Dr\. Elena López on Tuesday 8 December 2026, 03:00 \(Eastern Time\)\./);
    expect(reminder).toMatch(/\n\nReply C to confirm, X to cancel or R to reschedule$/);

    expect(await bot.sms(ben, 'C')).toBe(200);
    expect(await next(() => smsTo(ben), 1)).toBe('Thank you for confirming. See you on Tuesday 8 December 2026, 03:00 (Eastern Time).');
    expect(turnsFrom(ben)).toEqual([]);

    expect(await bot.sms(ben, 'x')).toBe(200);
    const question = await next(() => smsTo(ben), 2);
    expect(turnsFrom(ben)).toEqual(['I want to cancel my appointment with Dr. Elena López on Tue 8 Dec, 03:00']);
    expect(question).toMatch(/cancel.*dermatology consultation/is);
    expect(question).toMatch(/1\. Yes\n2\. No/);
    expect(await bot.sms(ben, '1')).toBe(200);
    await expect.poll(() => statusOf('appt-seed-1'), { timeout: 20_000 }).toBe('cancelled');
  });
});

describe('a reminder answered in words', () => {
  it('moves the reminder’s appointment to the time asked, though the patient has others, after the usual confirmation', async () => {
    const booked = await bot.app.inject({
      method: 'POST', url: '/api/v1/appointments', headers: await bot.as('patient-ben'),
      payload: { professionalId: 'dr-chen', serviceId: 'gp-visit', start: '2026-12-03T15:00:00.000Z', intake: { reason: 'Blood test results', date_of_birth: '1975-09-30' } },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const appointmentId = booked.json().id as string;
    expect((await bot.app.inject({ method: 'POST', url: `/api/v1/appointments/${appointmentId}/approve`, headers: await bot.as('dr-chen') })).statusCode).toBe(200);
    const sent = smsTo(ben).length;
    await remind(appointmentId);
    const reminder = await nextMatching(() => smsTo(ben), sent, /^Reminder: General practice visit with Dr\. Wei Chen on Thursday 3 December 2026, 10:00/);

    expect(await bot.sms(ben, 'can we do 2pm instead?')).toBe(200);
    const { text: question } = await nextMatching(() => smsTo(ben), reminder.index + 1, /Please confirm|Shall I/);
    expect(turnsFrom(ben).at(-1)).toBe('can we do 2pm instead?');
    expect(bot.turns.at(-1)!.regarding).toEqual({ appointmentId, description: 'with Dr. Wei Chen on Thu 3 Dec, 10:00' });
    expect(question).toMatch(/General practice visit/);
    expect(question).toMatch(/Thu 3 Dec, 14:00/);
    expect(question).toMatch(/1\. Yes\n2\. No/);

    expect(await bot.sms(ben, '1')).toBe(200);
    await expect.poll(() => statusOf(appointmentId), { timeout: 20_000 }).toBe('rescheduled');
    const { rows } = await pool().query<{ start_at: Date; status: string }>(
      `SELECT start_at, status FROM appointments.appointments WHERE rescheduled_from = $1`, [appointmentId]);
    expect(rows).toEqual([{ start_at: new Date('2026-12-03T19:00:00.000Z'), status: expect.any(String) }]);
  });
});

describe('a reminder by WhatsApp', () => {
  it('offers reply buttons; Confirmar is thanked without a turn, Cancelar cancels through the assistant', async () => {
    // Ana books with Dr. López, who approves; she wrote in the last 24 hours, so buttons reach her.
    const headers = await bot.as('patient-ana');
    const booked = await bot.app.inject({
      method: 'POST', url: '/api/v1/appointments', headers,
      payload: { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-09T10:00:00.000Z', intake: { reason: 'Revisión de un lunar', date_of_birth: '1988-04-12' } },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const appointmentId = booked.json().id as string;
    expect((await bot.app.inject({ method: 'POST', url: `/api/v1/appointments/${appointmentId}/approve`, headers: await bot.as('dr-lopez') })).statusCode).toBe(200);
    expect(await bot.whatsapp({ messages: [whatsappTextMessage(ana, 'Hola')] })).toBe(200);
    await next(() => whatsappTo(ana), 0);

    await remind(appointmentId);
    // The reminder waits in the number's queue behind the greeting's reply, however many messages that has.
    const isReminder = (body: { interactive?: { body?: { text?: string } } }) => body.interactive?.body?.text?.startsWith('Recordatorio') === true;
    await expect.poll(() => whatsappTo(ana).some(isReminder), { timeout: 20_000 }).toBe(true);
    const greeted = whatsappTo(ana).findIndex(isReminder);
    const reminder = whatsappTo(ana)[greeted];
    expect(reminder.type).toBe('interactive');
    expect(reminder.interactive.body.text).toBe('Recordatorio: Dermatology consultation con Dr. Elena López el miércoles, 9 de diciembre de 2026, 11:00 (hora de Europa central).');
    const buttons = reminder.interactive.action.buttons.map((button: { reply: { id: string; title: string } }) => button.reply);
    expect(buttons.map((button: { title: string }) => button.title)).toEqual(['Confirmar', 'Cancelar', 'Cambiar la hora']);
    const turnsBefore = turnsFrom(ana).length;

    expect(await bot.whatsapp({ messages: [whatsappButtonReply(ana, buttons[0].id, buttons[0].title)] })).toBe(200);
    expect((await next(() => whatsappTo(ana), greeted + 1)).text.body).toBe('Gracias por confirmar. Te esperamos el miércoles, 9 de diciembre de 2026, 11:00 (hora de Europa central).');
    expect(turnsFrom(ana)).toHaveLength(turnsBefore);

    expect(await bot.whatsapp({ messages: [whatsappButtonReply(ana, buttons[1].id, buttons[1].title)] })).toBe(200);
    const question = await next(() => whatsappTo(ana), greeted + 2);
    expect(turnsFrom(ana).at(-1)).toBe('Quiero cancelar mi cita con Dr. Elena López del mié 9 dic, 11:00');
    expect(question.interactive.type).toBe('button');
    const yes = question.interactive.action.buttons[0].reply;
    expect(yes.title).toMatch(/^sí$/i);
    expect(await bot.whatsapp({ messages: [whatsappButtonReply(ana, yes.id, yes.title)] })).toBe(200);
    await expect.poll(() => statusOf(appointmentId), { timeout: 20_000 }).toBe('cancelled');
  });
});
