import { describe, expect, it } from 'vitest';
import { ConversationDriver, choicesOf, onlyCall } from './testing/conversation-driver';
import { directory, legalIntake, medicalIntakeWithoutBirthDate, slot, slots } from './testing/demo-directory';

describe('booking when the time is not free', () => {
  it('offers the nearest times and books the one chosen (scenario slot-taken-offers-alternative)', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user('I want to see Dr. López on December 8 at 9:00 for a follow-up on my acne');
    let turn = await chat.result(directory);
    expect(onlyCall(turn).args).toEqual({ professionalId: 'dr-lopez', serviceId: 'derm-consult', from: '2026-12-08', to: '2026-12-08', limit: 10, partOfDay: 'morning' });
    turn = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', ['09:40', '10:20', '11:00', '11:40', '12:20', '15:00', '15:40']));
    expect(turn.text).toBe(
      "09:00 isn't available. The nearest free times for Dermatology consultation with Dr. Elena López are:\n" +
        '1. Tue 8 Dec, 09:40\n2. Tue 8 Dec, 10:20\n3. Tue 8 Dec, 11:00\n4. Tue 8 Dec, 11:40\n5. Tue 8 Dec, 12:20\nWhich one suits you?',
    );
    turn = await chat.user('9:40 then');
    turn = await chat.result(medicalIntakeWithoutBirthDate('derm-consult'));
    expect(onlyCall(turn).args).toMatchObject({
      start: slot('dr-lopez', 'derm-consult', '2026-12-08', '09:40').start,
      intake: { reason: 'a follow-up on my acne' },
    });
  });

  it('searches again and offers new times after slot_unavailable', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user("I'd like a dermatology appointment next Tuesday at 10:20, it's for a rash");
    await chat.result(directory);
    await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', ['09:40', '10:20', '11:00']));
    await chat.result(medicalIntakeWithoutBirthDate('derm-consult'));
    let turn = await chat.result({ error: { code: 'slot_unavailable', message: 'That time was just taken.', hint: 'Call list_slots again.' } });
    expect(onlyCall(turn)).toEqual({
      name: 'list_slots',
      args: { professionalId: 'dr-lopez', serviceId: 'derm-consult', from: '2026-12-08', to: '2026-12-08', limit: 5 },
    });
    turn = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', ['09:40', '11:00']));
    expect(turn.text).toMatch(/^Sorry, that time was just taken\. These are still free:\n1\. Tue 8 Dec, 09:40\n2\. Tue 8 Dec, 11:00/);
    turn = await chat.user('the second one');
    expect(onlyCall(turn)).toMatchObject({ name: 'request_appointment', args: { start: slot('dr-lopez', 'derm-consult', '2026-12-08', '11:00').start } });
  });

  it('widens an empty day to the following week and takes "the first one" (scenario physio-first-offered)', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user("I'd like a physiotherapy session tomorrow for my knee pain");
    let turn = await chat.result(directory);
    expect(onlyCall(turn).args).toEqual({ professionalId: 'pt-okafor', serviceId: 'physio-session', from: '2026-12-02', to: '2026-12-02', limit: 5 });
    turn = await chat.result({ slots: [], timeZone: 'Europe/Madrid' });
    expect(onlyCall(turn).args).toEqual({ professionalId: 'pt-okafor', serviceId: 'physio-session', from: '2026-12-02', to: '2026-12-08', limit: 5 });
    turn = await chat.result(slots('pt-okafor', 'physio-session', '2026-12-03', ['11:00', '12:00', '13:00']));
    expect(turn.text).toMatch(/^There's nothing free on the day you asked\./);
    turn = await chat.user('the first one');
    turn = await chat.result(medicalIntakeWithoutBirthDate('physio-session'));
    expect(onlyCall(turn).args).toMatchObject({ start: slot('pt-okafor', 'physio-session', '2026-12-03', '11:00').start, intake: { reason: 'my knee pain' } });
  });

  it('offers the waiting list when nothing is free, and stops when the user says no (scenario closed-day-no-booking)', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user('Can I get a mole check with Dr. López on December 25?');
    let turn = await chat.result(directory);
    expect(onlyCall(turn).args).toEqual({ professionalId: 'dr-lopez', serviceId: 'mole-check', from: '2026-12-25', to: '2026-12-25', limit: 5 });
    turn = await chat.result({ slots: [], timeZone: 'Europe/Madrid' });
    turn = await chat.result({ slots: [], timeZone: 'Europe/Madrid' });
    expect(turn.text).toMatch(/waiting list/);
    turn = await chat.user("No thanks, I'll come back later");
    expect(turn.tool_calls ?? []).toEqual([]);
    expect(turn.text).toBe('OK. If you need anything else, just write.');
  });

  it('takes the legal intake from the first message (scenario legal-intake-in-one-message)', async () => {
    const chat = new ConversationDriver({ userId: 'patient-chloe', userName: 'Chloé Dubois', locale: 'fr', timeZone: 'Europe/Paris' });
    await chat.user(
      "I need a family law consultation next Monday at 3pm. It's a custody case: we separated in June and need a custody arrangement for our two children.",
    );
    let turn = await chat.result(directory);
    expect(onlyCall(turn).args).toMatchObject({ professionalId: 'atty-martin', from: '2026-12-07', to: '2026-12-07' });
    turn = await chat.result(slots('atty-martin', 'family-law-consult', '2026-12-07', ['14:00', '15:00', '16:00'], 'Europe/Paris'));
    turn = await chat.result(legalIntake);
    expect(onlyCall(turn).args).toMatchObject({
      start: slot('atty-martin', 'family-law-consult', '2026-12-07', '15:00', 'Europe/Paris').start,
      intake: {
        case_type: 'custody',
        summary: "It's a custody case: we separated in June and need a custody arrangement for our two children.",
      },
    });
  });
});

describe('booking in Spanish (scenario book-spanish)', () => {
  it('books Thursday at 11 from one message and replies in Spanish', async () => {
    const chat = new ConversationDriver({ locale: 'es' });
    let turn = await chat.user('Hola, quiero una cita con la dermatóloga el jueves a las 11, tengo una mancha en la piel');
    expect(onlyCall(turn)).toEqual({ name: 'find_professionals', args: { specialty: 'dermatology' } });
    turn = await chat.result(directory);
    expect(onlyCall(turn).args).toEqual({ professionalId: 'dr-lopez', serviceId: 'derm-consult', from: '2026-12-03', to: '2026-12-03', limit: 10, partOfDay: 'morning' });
    turn = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-03', ['09:00', '09:40', '11:00']));
    turn = await chat.result(medicalIntakeWithoutBirthDate('derm-consult'));
    expect(onlyCall(turn).args).toMatchObject({ start: slot('dr-lopez', 'derm-consult', '2026-12-03', '11:00').start, intake: { reason: 'una mancha en la piel' } });
    const booked = slot('dr-lopez', 'derm-consult', '2026-12-03', '11:00');
    turn = await chat.result({
      appointment: { id: 'a2', status: 'requested', professionalId: 'dr-lopez', professionalName: 'Dr. Elena López',
        serviceId: 'derm-consult', serviceName: 'Dermatology consultation', start: booked.start, label: booked.label },
    });
    expect(turn.text).toMatch(/^Tu solicitud está enviada: .*Estado: solicitada\./);
  });

  it('offers times in Spanish and asks the intake in Spanish', async () => {
    const chat = new ConversationDriver({ locale: 'es' });
    await chat.user('Quiero una cita con la dermatóloga el martes que viene por la mañana');
    await chat.result(directory);
    let turn = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', ['09:40', '10:20']));
    expect(turn.text).toMatch(/^Estas son las primeras horas libres para Dermatology consultation con Dr. Elena López:\n1\. /);
    expect(choicesOf(turn).map((choice) => choice.label)).toEqual(['Tue 8 Dec, 09:40', 'Tue 8 Dec, 10:20']);
    turn = await chat.user('la segunda');
    turn = await chat.result(medicalIntakeWithoutBirthDate('derm-consult'));
    expect(turn.text).toBe('¿Cuál es el motivo de la consulta?');
  });
});
