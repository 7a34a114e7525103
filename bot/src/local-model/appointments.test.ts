import { describe, expect, it } from 'vitest';
import { ConversationDriver, choicesOf, onlyCall } from './testing/conversation-driver';
import { appointment, slot, slots } from './testing/demo-directory';

const BEN = { userId: 'patient-ben', userName: 'Ben Carter', locale: 'en', timeZone: 'America/New_York' };
const CHLOE = { userId: 'patient-chloe', userName: 'Chloé Dubois', locale: 'fr', timeZone: 'Europe/Paris' };
const benAppointments = {
  appointments: [
    appointment('appt-seed-1', 'dr-lopez', 'derm-consult', '2026-12-08', '03:00', 'approved', 'America/New_York'),
    appointment('appt-seed-2', 'dr-chen', 'gp-visit', '2026-12-02', '08:00', 'requested', 'America/New_York'),
  ],
  timeZone: 'America/New_York',
};

describe('my appointments (scenario my-appointments)', () => {
  it('lists the upcoming appointments with their labels', async () => {
    const chat = new ConversationDriver(BEN);
    let turn = await chat.user('What appointments do I have coming up?');
    expect(onlyCall(turn)).toEqual({ name: 'list_my_appointments', args: { status: 'upcoming' } });
    turn = await chat.result(benAppointments);
    expect(turn.text).toBe(
      'Your upcoming appointments:\n' +
        '1. Tue 8 Dec, 03:00: Dermatology consultation with Dr. Elena López (approved)\n' +
        '2. Wed 2 Dec, 08:00: General practice visit with Dr. Wei Chen (requested)',
    );
  });
});

describe('cancelling (scenario cancel-own-request)', () => {
  it('identifies the appointment by name and day and cancels it with a default reason', async () => {
    const chat = new ConversationDriver(BEN);
    await chat.user('I need to cancel my appointment with Dr. Chen on December 2nd');
    let turn = await chat.result(benAppointments);
    expect(onlyCall(turn)).toEqual({ name: 'cancel_appointment', args: { appointmentId: 'appt-seed-2', reason: 'Cancelled by the patient' } });
    turn = await chat.result({ appointment: { ...benAppointments.appointments[1], status: 'cancelled' } });
    expect(turn.text).toBe('Your General practice visit with Dr. Wei Chen on Wed 2 Dec, 08:00 is cancelled.');
  });

  it('asks which appointment when it is unclear, and asks the reason once when configured to', async () => {
    const chat = new ConversationDriver(BEN, { askCancellationReason: true });
    await chat.user('I want to cancel my appointment');
    let turn = await chat.result(benAppointments);
    expect(turn.text).toMatch(/^Which appointment do you mean\?\n1\. Tue 8 Dec, 03:00, Dermatology consultation, Dr\. Elena López/);
    expect(choicesOf(turn).map((choice) => choice.value)).toEqual(['appt-seed-1', 'appt-seed-2']);
    turn = await chat.user('the one with Dr. Chen');
    expect(turn.text).toBe('Could you tell me briefly why you are cancelling? It helps the practice.');
    turn = await chat.user("I'm feeling better");
    expect(onlyCall(turn).args).toEqual({ appointmentId: 'appt-seed-2', reason: "I'm feeling better" });
    turn = await chat.result({ error: { code: 'declined_by_user', message: 'The user said no.', hint: '' } });
    expect(turn.text).toBe('OK, nothing was changed. Anything else I can do?');
  });

  it('sends the default reason when the answer to the reason question gives none', async () => {
    const chat = new ConversationDriver(BEN, { askCancellationReason: true });
    await chat.user('Please cancel my appointment with Dr. Chen');
    await chat.result(benAppointments);
    const turn = await chat.user('yes, cancel it');
    expect(onlyCall(turn).args).toEqual({ appointmentId: 'appt-seed-2', reason: 'Cancelled by the patient' });
  });
});

describe('rescheduling (scenario reschedule-legal)', () => {
  it('moves the named appointment to the asked time', async () => {
    const chat = new ConversationDriver(CHLOE);
    let turn = await chat.user('I need to move my consultation with Claire Martin on December 9 to Friday the 11th at 3pm');
    expect(onlyCall(turn)).toEqual({ name: 'list_my_appointments', args: { status: 'upcoming' } });
    turn = await chat.result({
      appointments: [appointment('appt-seed-3', 'atty-martin', 'family-law-consult', '2026-12-09', '14:00', 'approved', 'Europe/Paris')],
      timeZone: 'Europe/Paris',
    });
    expect(onlyCall(turn)).toEqual({
      name: 'list_slots',
      args: { professionalId: 'atty-martin', serviceId: 'family-law-consult', from: '2026-12-11', to: '2026-12-11', limit: 10, partOfDay: 'afternoon' },
    });
    turn = await chat.result(slots('atty-martin', 'family-law-consult', '2026-12-11', ['14:00', '15:00', '16:00'], 'Europe/Paris'));
    const moved = slot('atty-martin', 'family-law-consult', '2026-12-11', '15:00', 'Europe/Paris');
    expect(onlyCall(turn)).toEqual({ name: 'reschedule_appointment', args: { appointmentId: 'appt-seed-3', start: moved.start } });
    turn = await chat.result({
      appointment: { ...appointment('n1', 'atty-martin', 'family-law-consult', '2026-12-11', '15:00', 'requested', 'Europe/Paris') },
      previousAppointmentId: 'appt-seed-3',
    });
    expect(turn.text).toBe('Done: your Family law consultation with Claire Martin is now on Fri 11 Dec, 15:00. Status: requested.');
  });

  it('asks for the new time when none was given, then offers slots', async () => {
    const chat = new ConversationDriver(CHLOE);
    await chat.user('I need to reschedule my appointment');
    let turn = await chat.result({
      appointments: [appointment('appt-seed-3', 'atty-martin', 'family-law-consult', '2026-12-09', '14:00', 'approved', 'Europe/Paris')],
      timeZone: 'Europe/Paris',
    });
    expect(turn.text).toBe('When would you like to move it to?');
    turn = await chat.user('next Monday afternoon');
    expect(onlyCall(turn).args).toEqual({
      professionalId: 'atty-martin', serviceId: 'family-law-consult', from: '2026-12-07', to: '2026-12-07', partOfDay: 'afternoon', limit: 5,
    });
  });
});
