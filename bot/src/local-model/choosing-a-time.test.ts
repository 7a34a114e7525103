import { describe, expect, it } from 'vitest';
import { ConversationDriver, choicesOf, onlyCall } from './testing/conversation-driver';
import { directory, medicalIntake, slot, slots } from './testing/demo-directory';

/** Ben has been offered two dermatology times and is to pick one. */
async function offeredDermatology() {
  const chat = new ConversationDriver({ locale: 'en', userId: 'patient-ben', userName: 'Ben Carter' });
  await chat.user('Which dermatologists do you have?');
  await chat.result(directory);
  const turn = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', ['09:40', '10:20']));
  expect(choicesOf(turn)).toHaveLength(2);
  return chat;
}

describe('while choosing a time', () => {
  it('searches again when the user asks for another specialty instead of picking', async () => {
    const chat = await offeredDermatology();
    let turn = await chat.user('Do you have a physiotherapist who speaks Spanish?');
    expect(turn.text).not.toMatch(/didn't catch/);
    expect(onlyCall(turn)).toMatchObject({ name: 'list_slots', args: { professionalId: 'pt-okafor', serviceId: 'physio-session' } });
    turn = await chat.result(slots('pt-okafor', 'physio-session', '2026-12-02', ['10:00', '11:00']));
    expect(turn.text).toContain('Physiotherapy session with Ngozi Okafor');
    expect(choicesOf(turn)[0]).toEqual({ label: 'Wed 2 Dec, 10:00', value: slot('pt-okafor', 'physio-session', '2026-12-02', '10:00').start });
  });

  it('searches again when the user names another professional', async () => {
    const chat = await offeredDermatology();
    const turn = await chat.user('Could I see Dr. Chen instead?');
    expect(onlyCall(turn)).toMatchObject({ name: 'list_slots', args: { professionalId: 'dr-chen', serviceId: 'gp-visit' } });
  });

  it('still asks again when the answer is no time and no one else', async () => {
    const chat = await offeredDermatology();
    // A symptom of the same specialty is no new search.
    const turn = await chat.user("it's for a rash on my arm");
    expect(turn.tool_calls ?? []).toEqual([]);
    expect(turn.text).toMatch(/^Sorry, I didn't catch which one\. These are the times:/);
    expect(choicesOf(turn)).toHaveLength(2);
  });

  it('answers thanks and keeps the times on offer', async () => {
    const chat = await offeredDermatology();
    let turn = await chat.user('Thanks!');
    expect(turn.text).toBe("You're welcome! Anything else I can do for you?");
    turn = await chat.user('10:20 please');
    expect(onlyCall(turn)).toEqual({ name: 'get_intake_questions', args: { serviceId: 'derm-consult' } });
  });

  it('does not take thanks as the answer to an intake question', async () => {
    const chat = await offeredDermatology();
    await chat.user('10:20 please');
    let turn = await chat.result(medicalIntake('derm-consult'));
    expect(turn.text).toBe("What's the reason for the visit?");
    turn = await chat.user('Thank you');
    expect(turn.text).toBe("You're welcome! Anything else I can do for you?");
    turn = await chat.user('A rash on my arm');
    expect(turn.text).toMatch(/date of birth/);
  });
});
