import { describe, expect, it } from 'vitest';
import { ConversationDriver, onlyCall } from './testing/conversation-driver';
import { appointment, slot, slots } from './testing/demo-directory';

// A patient answers a reminder in their own words instead of its numbered answers: the local
// model acts on the reminder's appointment without asking which one. Chloé has two appointments,
// so nothing but the reminder tells which is meant.
const CHLOE = { userId: 'patient-chloe', userName: 'Chloé Dubois', locale: 'en', timeZone: 'Europe/Paris' };
const consultation = appointment('appt-seed-3', 'atty-martin', 'family-law-consult', '2026-12-09', '14:00', 'approved', 'Europe/Paris');
const physio = appointment('appt-physio', 'pt-okafor', 'physio-session', '2026-12-10', '11:00', 'approved', 'Europe/Paris');
const hers = { appointments: [physio, consultation], timeZone: 'Europe/Paris' };

function reminded() {
  const chat = new ConversationDriver(CHLOE);
  chat.reminder('appt-seed-3', 'with Claire Martin on Wed 9 Dec, 14:00');
  return chat;
}

describe('an answer in words to a reminder', () => {
  it('moves that appointment to the time asked, on its own day', async () => {
    const chat = reminded();
    let turn = await chat.user('can we do 4pm instead?');
    expect(onlyCall(turn)).toEqual({ name: 'list_my_appointments', args: { status: 'upcoming' } });
    turn = await chat.result(hers);
    expect(onlyCall(turn)).toEqual({
      name: 'list_slots',
      args: { professionalId: 'atty-martin', serviceId: 'family-law-consult', from: '2026-12-09', to: '2026-12-09', limit: 10, partOfDay: 'afternoon' },
    });
    turn = await chat.result(slots('atty-martin', 'family-law-consult', '2026-12-09', ['15:00', '16:00', '17:00'], 'Europe/Paris'));
    const moved = slot('atty-martin', 'family-law-consult', '2026-12-09', '16:00', 'Europe/Paris');
    expect(onlyCall(turn)).toEqual({ name: 'reschedule_appointment', args: { appointmentId: 'appt-seed-3', start: moved.start } });
  });

  it('takes another day named in the answer', async () => {
    const chat = reminded();
    await chat.user('could we make it Friday the 11th at 3pm?');
    const turn = await chat.result(hers);
    expect(onlyCall(turn).args).toMatchObject({ professionalId: 'atty-martin', from: '2026-12-11', to: '2026-12-11' });
  });

  it('cancels that appointment when the patient cannot come', async () => {
    const chat = reminded();
    await chat.user("Sorry, I can't make it");
    const turn = await chat.result(hers);
    expect(onlyCall(turn)).toEqual({ name: 'cancel_appointment', args: { appointmentId: 'appt-seed-3', reason: 'Cancelled by the patient' } });
  });

  it('thanks a yes in words, with no call', async () => {
    const chat = reminded();
    const turn = await chat.user("yes, I'll be there");
    expect(turn.tool_calls ?? []).toEqual([]);
    expect(turn.text).toBe('Thank you for confirming. See you then!');
  });

  it('answers in Spanish and reads a Spanish time', async () => {
    const chat = new ConversationDriver({ ...CHLOE, locale: 'es' });
    chat.reminder('appt-seed-3', 'con Claire Martin del mié 9 dic, 14:00', 'es');
    await chat.user('¿podemos a las 4 de la tarde?');
    const turn = await chat.result(hers);
    expect(onlyCall(turn).args).toMatchObject({ professionalId: 'atty-martin', from: '2026-12-09', to: '2026-12-09' });
  });

  it('asks which appointment as usual once the reminder has been answered', async () => {
    const chat = reminded();
    await chat.user("yes, I'll be there");
    await chat.user('I need to move my appointment');
    const turn = await chat.result(hers);
    expect(turn.text).toMatch(/^Which appointment do you mean\?/);
  });

  it('reads a question after a reminder as a question, not as a move', async () => {
    const chat = reminded();
    const turn = await chat.user('Is there parking near the office?');
    expect(onlyCall(turn).name).toBe('search_knowledge');
  });
});

describe('an answer in words that is not about the reminder, or says two things', () => {
  it('leaves a request of another kind to the usual reading, whatever time it names', async () => {
    for (const text of ['Also, can I book a physio session on Friday at 3pm?', 'Show my appointments next week', 'I want to talk to a person tomorrow morning', 'What are your opening hours on Friday?']) {
      const chat = reminded();
      let turn = await chat.user(text);
      if ((turn.tool_calls ?? []).some((call) => call.name === 'list_my_appointments')) turn = await chat.result(hers);
      // Nothing is done to the reminded consultation: no slots of Claire Martin, no call naming it.
      const calls = (turn.tool_calls ?? []).map((call) => `${call.name} ${JSON.stringify(call.args)}`);
      expect(calls.filter((call) => call.includes('atty-martin') || call.includes('appt-seed-3')), text).toEqual([]);
      expect(turn.text, text).not.toMatch(/When would you like to move it/);
    }
  });

  it('moves, not cancels, when the patient cannot come then but offers another time', async () => {
    const chat = reminded();
    await chat.user("I can't make it at 2pm, can we do 4pm?");
    const turn = await chat.result(hers);
    expect(onlyCall(turn)).toMatchObject({ name: 'list_slots', args: { professionalId: 'atty-martin', from: '2026-12-09' } });
  });

  it('thanks a yes that names the appointment’s time, and a refusal to cancel', async () => {
    for (const text of ["Yes I'll be there at 14:00", "Don't cancel it, I'll be there", 'see you then']) {
      const turn = await reminded().user(text);
      expect(turn.tool_calls ?? [], text).toEqual([]);
      expect(turn.text, text).toBe('Thank you for confirming. See you then!');
    }
  });
});

describe('a new time without a day when moving', () => {
  it('keeps the appointment’s own day', async () => {
    const chat = new ConversationDriver(CHLOE);
    await chat.user('Move my appointment with Claire Martin to 4pm');
    const turn = await chat.result(hers);
    expect(onlyCall(turn).args).toMatchObject({ professionalId: 'atty-martin', from: '2026-12-09', to: '2026-12-09' });
  });
});
