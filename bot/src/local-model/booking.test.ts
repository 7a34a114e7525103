import { describe, expect, it } from 'vitest';
import { ConversationDriver, choicesOf, onlyCall } from './testing/conversation-driver';
import { directory, medicalIntake, medicalIntakeWithoutBirthDate, slot, slots } from './testing/demo-directory';

const TUESDAY_MORNING = ['09:40', '10:20', '11:00', '11:40', '12:20'];

describe('booking (scenario book-derm-next-tuesday)', () => {
  it('finds the dermatologist, offers Tuesday morning, takes 10:20, asks the intake and requests', async () => {
    const chat = new ConversationDriver();
    let turn = await chat.user("Hi, I'd like a dermatology appointment next Tuesday morning");
    expect(onlyCall(turn)).toEqual({ name: 'find_professionals', args: { specialty: 'dermatology' } });

    turn = await chat.result(directory);
    expect(onlyCall(turn)).toEqual({
      name: 'list_slots',
      args: { professionalId: 'dr-lopez', serviceId: 'derm-consult', from: '2026-12-08', to: '2026-12-08', partOfDay: 'morning', limit: 5 },
    });

    turn = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', TUESDAY_MORNING));
    expect(turn.tool_calls ?? []).toEqual([]);
    expect(turn.text).toContain('2. Tue 8 Dec, 10:20');
    expect(choicesOf(turn)).toHaveLength(5);
    expect(choicesOf(turn)[1]).toEqual({ label: 'Tue 8 Dec, 10:20', value: slot('dr-lopez', 'derm-consult', '2026-12-08', '10:20').start });

    turn = await chat.user('10:20 please');
    expect(onlyCall(turn)).toEqual({ name: 'get_intake_questions', args: { serviceId: 'derm-consult' } });

    turn = await chat.result(medicalIntake('derm-consult'));
    expect(turn.text).toBe("What's the reason for the visit?");

    turn = await chat.user("It's for a rash on my arm");
    expect(turn.text).toMatch(/date of birth/);

    turn = await chat.user('1988-04-12');
    expect(onlyCall(turn)).toEqual({
      name: 'request_appointment',
      args: {
        professionalId: 'dr-lopez',
        serviceId: 'derm-consult',
        start: slot('dr-lopez', 'derm-consult', '2026-12-08', '10:20').start,
        intake: { reason: 'a rash on my arm', date_of_birth: '1988-04-12' },
      },
    });
  });

  it('fits the scenario turns when the profile already holds the date of birth', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user("Hi, I'd like a dermatology appointment next Tuesday morning");
    await chat.result(directory);
    await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', TUESDAY_MORNING));
    await chat.user('10:20 please');
    let turn = await chat.result(medicalIntakeWithoutBirthDate('derm-consult'));
    expect(turn.text).toBe("What's the reason for the visit?");
    turn = await chat.user("It's for a rash on my arm");
    expect(onlyCall(turn).name).toBe('request_appointment');

    const booked = slot('dr-lopez', 'derm-consult', '2026-12-08', '10:20');
    turn = await chat.result({
      appointment: { id: 'a1', status: 'requested', professionalId: 'dr-lopez', professionalName: 'Dr. Elena López',
        serviceId: 'derm-consult', serviceName: 'Dermatology consultation', start: booked.start, label: booked.label },
    });
    expect(turn.text).toBe(
      "Your request is sent: Dermatology consultation with Dr. Elena López, Tue 8 Dec, 10:20. Status: requested. You'll get a message when it is confirmed.",
    );
  });

  it('re-asks an invalid intake answer with the reason', async () => {
    const chat = new ConversationDriver();
    await chat.user("I'd like a dermatology appointment next Tuesday morning, it's for a rash");
    await chat.result(directory);
    await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', TUESDAY_MORNING));
    await chat.user('the second one');
    let turn = await chat.result(medicalIntake('derm-consult'));
    expect(turn.text).toMatch(/date of birth/);
    turn = await chat.user('12 April 2030');
    expect(turn.text).toMatch(/^A date of birth can't be in the future\. Please check it\. What's your date of birth\?/);
    turn = await chat.user('12 April 1988');
    expect(onlyCall(turn).args.intake).toEqual({ reason: 'a rash', date_of_birth: '1988-04-12' });
  });

  it('asks optional fields once when configured to, and accepts "skip"', async () => {
    const chat = new ConversationDriver({}, { askOptionalIntake: true });
    await chat.user("I'd like a dermatology appointment next Tuesday morning, it's for a rash");
    await chat.result(directory);
    await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', TUESDAY_MORNING));
    await chat.user('2');
    await chat.result(medicalIntake('derm-consult'));
    let turn = await chat.user('12 April 1988');
    expect(turn.text).toMatch(/insurance number\? It's optional/);
    turn = await chat.user('skip');
    expect(onlyCall(turn).args.intake).toEqual({ reason: 'a rash', date_of_birth: '1988-04-12' });
  });

  it('says nothing was changed when the user declines the confirmation', async () => {
    const chat = new ConversationDriver();
    await chat.user("I'd like a dermatology appointment next Tuesday at 10:20, it's for a rash");
    await chat.result(directory);
    let turn = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', TUESDAY_MORNING));
    expect(onlyCall(turn).name).toBe('get_intake_questions');
    turn = await chat.result(medicalIntakeWithoutBirthDate('derm-consult'));
    expect(onlyCall(turn).name).toBe('request_appointment');
    turn = await chat.result({ error: { code: 'declined_by_user', message: 'The user said no.', hint: '' } });
    expect(turn.text).toBe('OK, nothing was changed. Anything else I can do?');
  });
});

describe('booking in one message (scenario book-gp-by-name)', () => {
  it('goes from the first message to the request', async () => {
    const chat = new ConversationDriver({ userId: 'patient-ben', userName: 'Ben Carter', locale: 'en', timeZone: 'America/New_York' });
    let turn = await chat.user("Can I see Dr. Chen on Thursday at 9am? It's for a sore throat.");
    expect(onlyCall(turn)).toEqual({ name: 'find_professionals', args: { specialty: 'general practice' } });
    turn = await chat.result(directory);
    expect(onlyCall(turn).args).toEqual({ professionalId: 'dr-chen', serviceId: 'gp-visit', from: '2026-12-03', to: '2026-12-03', limit: 10, partOfDay: 'morning' });
    turn = await chat.result(slots('dr-chen', 'gp-visit', '2026-12-03', ['08:00', '08:20', '08:40', '09:00', '09:20'], 'America/New_York'));
    expect(onlyCall(turn)).toEqual({ name: 'get_intake_questions', args: { serviceId: 'gp-visit' } });
    turn = await chat.result(medicalIntakeWithoutBirthDate('gp-visit'));
    expect(onlyCall(turn).args).toEqual({
      professionalId: 'dr-chen', serviceId: 'gp-visit',
      start: slot('dr-chen', 'gp-visit', '2026-12-03', '09:00', 'America/New_York').start,
      intake: { reason: 'a sore throat' },
    });
  });
});

describe('a title in the first message', () => {
  it('does not take the words after "Dr." for the reason of the visit', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user('I want a mole check with Dr. López on December 10?');
    await chat.result(directory);
    await chat.result(slots('dr-lopez', 'mole-check', '2026-12-10', ['09:40', '10:20']));
    let turn = await chat.user('10:20');
    expect(onlyCall(turn)).toEqual({ name: 'get_intake_questions', args: { serviceId: 'mole-check' } });
    turn = await chat.result(medicalIntake('mole-check'));
    expect(turn.text).toBe("What's the reason for the visit?");
  });
});
