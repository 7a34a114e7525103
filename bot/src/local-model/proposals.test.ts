import { describe, expect, it } from 'vitest';
import { ConversationDriver, choicesOf, onlyCall } from './testing/conversation-driver';
import { appointment, slot, slots } from './testing/demo-directory';

// Dr. López proposed other times for Ana's request; the proposal reached Ana as a notification,
// so her answer is the first thing the assistant hears about it.
const request = appointment('appt-r1', 'dr-lopez', 'derm-consult', '2026-12-09', '09:40', 'requested');
const proposed = (...times: string[]) => ({
  id: 'prop-1', message: 'The morning is full',
  starts: times.map((time) => {
    const offered = slot('dr-lopez', 'derm-consult', '2026-12-09', time);
    return { start: offered.start, label: offered.label, localDate: offered.localDate, localTime: offered.localTime };
  }),
});
const withProposal = (...times: string[]) => ({ appointments: [{ ...request, proposal: proposed(...times) }], timeZone: 'Europe/Madrid' });
const accepted = (time: string) => ({
  appointment: appointment('appt-r2', 'dr-lopez', 'derm-consult', '2026-12-09', time, 'approved'), previousAppointmentId: 'appt-r1',
});
const start = (time: string) => slot('dr-lopez', 'derm-consult', '2026-12-09', time).start;

describe('accepting a proposed time', () => {
  it('"yes, the 11:00 works" finds the proposal and accepts that time (the graph confirms it)', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    let turn = await chat.user('yes, the 11:00 works');
    expect(onlyCall(turn)).toEqual({ name: 'list_my_appointments', args: { status: 'upcoming' } });
    turn = await chat.result(withProposal('11:00', '12:20'));
    expect(onlyCall(turn)).toEqual({ name: 'accept_proposed_time', args: { appointmentId: 'appt-r1', start: start('11:00') } });
    turn = await chat.result(accepted('11:00'));
    expect(turn.text).toBe('Done: your Dermatology consultation with Dr. Elena López is now on Wed 9 Dec, 11:00. Status: approved.');
  });

  it('"accept the proposed time" takes the only one proposed', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user('accept the proposed time');
    const turn = await chat.result(withProposal('12:20'));
    expect(onlyCall(turn).args).toEqual({ appointmentId: 'appt-r1', start: start('12:20') });
  });

  it('asks which one when several were proposed and none is named (in Spanish)', async () => {
    const chat = new ConversationDriver();
    await chat.user('acepto la hora propuesta');
    let turn = await chat.result(withProposal('11:00', '12:20'));
    expect(turn.text).toBe('Dr. Elena López te propone estas horas para tu dermatology consultation:\n1. Wed 9 Dec, 11:00\n2. Wed 9 Dec, 12:20\n¿Cuál te va bien?');
    expect(choicesOf(turn).map((choice) => choice.value)).toEqual([start('11:00'), start('12:20')]);
    turn = await chat.user('la segunda');
    expect(onlyCall(turn).args).toEqual({ appointmentId: 'appt-r1', start: start('12:20') });
    turn = await chat.result({ error: { code: 'declined_by_user', message: '', hint: '' } });
    expect(turn.text).toBe('De acuerdo, no he cambiado nada. ¿Puedo ayudarte en algo más?');
  });

  it('says so when nothing was proposed', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user('yes, the 11:00 works');
    const turn = await chat.result({ appointments: [request], timeZone: 'Europe/Madrid' });
    expect(turn.text).toBe('None of your requests is waiting on other proposed times. Would you like to see your appointments or book one?');
    // Asked again later (the proposal may have arrived since), it looks again.
    expect(onlyCall(await chat.user('accept the proposed time'))).toEqual({ name: 'list_my_appointments', args: { status: 'upcoming' } });
  });

  it('leaves a booking in progress alone: there "yes, the 11:00 works" picks the offered slot', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user('I need a dermatologist next Wednesday morning');
    await chat.result({ professionals: [{ id: 'dr-lopez', name: 'Dr. Elena López', specialty: 'dermatology', domain: 'medical', languages: ['es', 'en'], services: [{ id: 'derm-consult', name: 'Dermatology consultation', minutes: 30 }] }] });
    const offered = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-09', ['09:00', '11:00']));
    expect(choicesOf(offered)).toHaveLength(2);
    const turn = await chat.user('yes, the 11:00 works');
    expect(onlyCall(turn).name).toBe('get_intake_questions');
  });
});
