import { describe, expect, it } from 'vitest';
import { ConversationDriver, choicesOf, onlyCall } from './testing/conversation-driver';
import { schedule, scheduleEntry } from './testing/demo-directory';

// Dr. López talks to the assistant about her own calendar (Tuesday 1 December 2026, 10:00 in Madrid).
const LOPEZ = { userId: 'dr-lopez', userName: 'Dr. Elena López', locale: 'en', timeZone: 'Europe/Madrid', role: 'professional' };
const tomorrow = schedule('2026-12-02', '2026-12-02', [
  scheduleEntry('a1', 'Ben Carter', '2026-12-02', '09:00', 'approved', 'Follow-up on eczema'),
  scheduleEntry('a2', 'Ana García', '2026-12-02', '10:20', 'requested'),
  scheduleEntry('a3', 'Chloé Dubois', '2026-12-02', '11:00', 'requested'),
]);
const pendingTomorrow = schedule('2026-12-02', '2026-12-02', tomorrow.appointments.filter((entry) => entry.status === 'requested'));
const declinedByUser = { error: { code: 'declined_by_user', message: 'The user said no to the summary; nothing was changed.', hint: '' } };

describe('the calendar of a day', () => {
  it("answers \"what's on tomorrow?\" from list_schedule, with the requests waiting", async () => {
    const chat = new ConversationDriver(LOPEZ);
    let turn = await chat.user("what's on tomorrow?");
    expect(onlyCall(turn)).toEqual({ name: 'list_schedule', args: { from: '2026-12-02', to: '2026-12-02', status: 'active' } });
    turn = await chat.result(tomorrow);
    expect(turn.text).toBe(
      'Wed 2 Dec:\n' +
        '- 09:00 Ben Carter, Dermatology consultation (approved)\n' +
        '- 10:20 Ana García, Dermatology consultation (requested, waiting for you)\n' +
        '- 11:00 Chloé Dubois, Dermatology consultation (requested, waiting for you)\n\n' +
        '2 requests are waiting for your decision.',
    );
  });

  it('answers "¿qué tengo mañana?" in Spanish', async () => {
    const chat = new ConversationDriver({ ...LOPEZ, locale: 'es' });
    let turn = await chat.user('¿qué tengo mañana?');
    expect(onlyCall(turn).args).toEqual({ from: '2026-12-02', to: '2026-12-02', status: 'active' });
    turn = await chat.result(tomorrow);
    expect(turn.text).toBe(
      'mié 2 dic:\n' +
        '- 09:00 Ben Carter, Dermatology consultation (confirmada)\n' +
        '- 10:20 Ana García, Dermatology consultation (solicitada, pendiente de ti)\n' +
        '- 11:00 Chloé Dubois, Dermatology consultation (solicitada, pendiente de ti)\n\n' +
        'Hay 2 solicitudes pendientes de tu decisión.',
    );
  });

  it('says when a day is empty, and lists only pending requests when asked for those', async () => {
    const chat = new ConversationDriver(LOPEZ);
    await chat.user("what's on Saturday?");
    expect((await chat.result(schedule('2026-12-05', '2026-12-05', []))).text).toBe('Nothing is booked on Sat 5 Dec.');
    const turn = await chat.user("what's pending?");
    expect(onlyCall(turn).args).toEqual({ from: '2026-12-01', to: '2027-01-30', status: 'requested' });
  });

  it('names the next patient: the first approved appointment still to come', async () => {
    const chat = new ConversationDriver(LOPEZ);
    let turn = await chat.user('who is my next patient?');
    expect(onlyCall(turn)).toEqual({ name: 'list_schedule', args: { from: '2026-12-01', to: '2026-12-14', status: 'active' } });
    const earlierToday = scheduleEntry('a0', 'Ana García', '2026-12-01', '09:00', 'approved');
    turn = await chat.result(schedule('2026-12-01', '2026-12-14', [earlierToday, ...tomorrow.appointments]));
    expect(turn.text).toBe('Your next patient is Ben Carter: Dermatology consultation on Wed 2 Dec, 09:00. Their message: "Follow-up on eczema"');
  });

  it('says when nobody confirmed is coming, naming the first request waiting', async () => {
    const chat = new ConversationDriver({ ...LOPEZ, locale: 'es' });
    await chat.user('¿quién es mi próximo paciente?');
    const turn = await chat.result(pendingTomorrow);
    expect(turn.text).toBe('No tienes citas confirmadas en las dos próximas semanas. La primera solicitud pendiente es de Ana García, Wed 2 Dec, 10:20.');
  });
});

describe('blocking time', () => {
  const blockedFriday = {
    date: '2026-12-04', label: 'Fri 4 Dec', closedWholeDay: false, blocked: { from: '13:00', to: '24:00' },
    openHours: [{ start: '09:00', end: '13:00' }], stillBooked: [scheduleEntry('b1', 'Ben Carter', '2026-12-04', '15:00', 'approved')],
  };

  it('blocks Friday afternoon, then says what is left and what is still booked', async () => {
    const chat = new ConversationDriver(LOPEZ);
    let turn = await chat.user('block Friday afternoon');
    expect(onlyCall(turn)).toEqual({ name: 'block_time', args: { date: '2026-12-04', partOfDay: 'afternoon' } });
    turn = await chat.result(blockedFriday);
    expect(turn.text).toBe(
      'Done: Fri 4 Dec is blocked from 13:00 to 24:00; nobody can book then. Your hours that day are now 09:00–13:00.\n' +
        'Still booked in that time (not changed):\n- 15:00 Ben Carter, Dermatology consultation (approved)',
    );
  });

  it('understands "bloquea el viernes por la tarde"', async () => {
    const chat = new ConversationDriver({ ...LOPEZ, locale: 'es' });
    let turn = await chat.user('bloquea el viernes por la tarde');
    expect(onlyCall(turn)).toEqual({ name: 'block_time', args: { date: '2026-12-04', partOfDay: 'afternoon' } });
    turn = await chat.result({ ...blockedFriday, label: 'vie 4 dic', stillBooked: [] });
    expect(turn.text).toBe('Hecho: el vie 4 dic queda bloqueado de 13:00 a 24:00; nadie podrá reservar entonces. Tu horario ese día queda en 09:00–13:00.');
  });

  it('takes a clock range and a reason', async () => {
    const chat = new ConversationDriver(LOPEZ);
    const turn = await chat.user('block Monday from 3 to 5pm, I have a congress');
    expect(onlyCall(turn).args).toEqual({ date: '2026-12-07', from: '15:00', to: '17:00', reason: 'a congress' });
  });

  it('asks for the day when none is named, then closes it whole', async () => {
    const chat = new ConversationDriver(LOPEZ);
    let turn = await chat.user('please block some time in my calendar');
    expect(turn.text).toBe('Which day should I block?');
    turn = await chat.user('next Thursday');
    expect(onlyCall(turn)).toEqual({ name: 'block_time', args: { date: '2026-12-03' } });
  });

  it('relays why nothing needed blocking, and a no to the confirmation', async () => {
    const chat = new ConversationDriver(LOPEZ);
    await chat.user('block Wednesday afternoon');
    let turn = await chat.result({ error: { code: 'not_open_then', message: 'There are no opening hours on Wed 2 Dec between 13:00 and 24:00; the hours that day are 09:00–13:00.', hint: '' } });
    expect(turn.text).toBe('There are no opening hours on Wed 2 Dec between 13:00 and 24:00; the hours that day are 09:00–13:00. Nothing was changed.');
    await chat.user('block Friday');
    turn = await chat.result(declinedByUser);
    expect(turn.text).toBe('OK, nothing was changed. Anything else I can do?');
  });
});

describe('deciding requests', () => {
  it('approves all pending for tomorrow: lists them, then one call the graph confirms', async () => {
    const chat = new ConversationDriver(LOPEZ);
    let turn = await chat.user('approve all pending for tomorrow');
    expect(onlyCall(turn)).toEqual({ name: 'list_schedule', args: { from: '2026-12-02', to: '2026-12-02', status: 'requested' } });
    turn = await chat.result(pendingTomorrow);
    expect(onlyCall(turn)).toEqual({
      name: 'decide_appointments',
      args: { decisions: [{ appointmentId: 'a2', decision: 'approve' }, { appointmentId: 'a3', decision: 'approve' }] },
    });
    turn = await chat.result({
      results: [
        { appointmentId: 'a2', decision: 'approve', ok: true, status: 'approved', label: 'Wed 2 Dec, 10:20' },
        { appointmentId: 'a3', decision: 'approve', ok: false, error: { code: 'invalid_transition', message: 'The appointment is cancelled.' } },
      ],
      approved: 1, declined: 0, failed: 1,
    });
    expect(turn.text).toBe('Approved:\n- Wed 2 Dec, 10:20 Ana García\nNot changed:\n- Wed 2 Dec, 11:00 Chloé Dubois: The appointment is cancelled.\nThe patients are told.');
  });

  it('declines the 10:20 request with the reason given', async () => {
    const chat = new ConversationDriver(LOPEZ);
    let turn = await chat.user("decline the 10:20 request because I'm at a congress");
    expect(onlyCall(turn).args).toEqual({ from: '2026-12-01', to: '2027-01-30', status: 'requested' });
    turn = await chat.result(pendingTomorrow);
    expect(onlyCall(turn)).toEqual({
      name: 'decide_appointments', args: { decisions: [{ appointmentId: 'a2', decision: 'decline', reason: "I'm at a congress" }] },
    });
    turn = await chat.result({ results: [{ appointmentId: 'a2', decision: 'decline', ok: true, status: 'declined', label: 'Wed 2 Dec, 10:20' }], approved: 0, declined: 1, failed: 0 });
    expect(turn.text).toBe('Done. Declined:\n- Wed 2 Dec, 10:20 Ana García\nThe patients are told.');
  });

  it('asks for a reason to decline when none was given (in Spanish)', async () => {
    const chat = new ConversationDriver({ ...LOPEZ, locale: 'es' });
    await chat.user('rechaza la solicitud de las 11 de mañana');
    let turn = await chat.result(pendingTomorrow);
    expect(turn.text).toBe('¿Qué motivo le doy al paciente para rechazarla?');
    turn = await chat.user('porque ese día estoy fuera');
    expect(onlyCall(turn).args).toEqual({ decisions: [{ appointmentId: 'a3', decision: 'decline', reason: 'ese día estoy fuera' }] });
  });

  it('asks which request when one is meant and several match, offering all of them too', async () => {
    const chat = new ConversationDriver(LOPEZ);
    await chat.user('approve the pending request for tomorrow');
    let turn = await chat.result(pendingTomorrow);
    expect(turn.text).toBe('Which request do you mean?\n1. Wed 2 Dec, 10:20 Ana García\n2. Wed 2 Dec, 11:00 Chloé Dubois\n3. All 2');
    expect(choicesOf(turn).map((choice) => choice.value)).toEqual(['a2', 'a3', 'all']);
    turn = await chat.user('the 11:00 one');
    expect(onlyCall(turn).args).toEqual({ decisions: [{ appointmentId: 'a3', decision: 'approve' }] });
  });

  it('finds a request by the patient’s name, and says when nothing is pending then', async () => {
    const chat = new ConversationDriver(LOPEZ);
    await chat.user("approve Ana's request");
    let turn = await chat.result(pendingTomorrow);
    expect(onlyCall(turn).args).toEqual({ decisions: [{ appointmentId: 'a2', decision: 'approve' }] });
    await chat.result(declinedByUser);
    await chat.user('approve all pending for Friday');
    turn = await chat.result(schedule('2026-12-04', '2026-12-04', []));
    expect(turn.text).toBe("I can't find any request waiting for you on Fri 4 Dec.");
  });
});

describe('other messages in professional mode', () => {
  it('greets by first name and says what it can do for a professional', async () => {
    const chat = new ConversationDriver(LOPEZ);
    const turn = await chat.user('hello');
    expect(turn.text).toBe(
      'Hi Elena! I can show your calendar ("what\'s on tomorrow?", "who is my next patient?"), approve or decline requests, and block time in your calendar. What would you like to do?',
    );
  });

  it('reports a result it cannot read as a failure instead of breaking', async () => {
    const chat = new ConversationDriver(LOPEZ);
    await chat.user('approve all pending for tomorrow');
    await chat.result(pendingTomorrow);
    const turn = await chat.result({ unexpected: true });
    expect(turn.text).toBe("Sorry, that didn't work. Would you like me to pass you to a person at the practice?");
  });

  it('offers a person after a failure, and a yes hands over', async () => {
    const chat = new ConversationDriver(LOPEZ);
    await chat.user("what's on tomorrow?");
    let turn = await chat.result({ error: { code: 'internal_error', message: '', hint: '' } });
    expect(turn.text).toBe("Sorry, that didn't work. Would you like me to pass you to a person at the practice?");
    turn = await chat.user('yes');
    expect(onlyCall(turn).name).toBe('handoff_to_human');
  });
});
