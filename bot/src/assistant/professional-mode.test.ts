import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistantHarness, type AssistantHarness } from '../testing/assistant-harness';

// The assistant in professional mode end to end: patients' requests through core-api, Dr. López
// on Teams (her Entra object id linked as the Teams channel links it), the local model, the
// confirmation step, and the decisions and blocked time checked through the API afterwards.
let harness: AssistantHarness;
const lopezObjectId = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const requests: Record<string, string> = {};

const api = async (method: 'GET' | 'POST', url: string, as: string, payload?: object) => {
  const response = await harness.test.app.inject({ method, url: `/api/v1${url}`, headers: await harness.test.as(as), ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
};
const request = (patient: string, start: string) =>
  api('POST', '/appointments', patient, {
    professionalId: 'dr-lopez', serviceId: 'derm-consult', start,
    intake: { reason: 'A rash', date_of_birth: patient === 'patient-ana' ? '1988-04-12' : '1975-09-30' },
  }).then((appointment: { id: string }) => appointment.id);
const lopez = async (text: string) => harness.say(text, { as: lopezObjectId, channel: 'teams', conversation: 'teams-lopez' });
const textOf = (replies: Array<{ text: string }>) => replies.map((reply) => reply.text).join('\n');

beforeAll(async () => {
  harness = await createAssistantHarness();
  const { token } = (
    await harness.test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'consulta-assistant', service: true, appRoles: ['Assistant.ActAs'] } })
  ).json();
  const linked = await harness.test.app.inject({
    method: 'POST', url: '/api/v1/channel-identities/teams-links', headers: { authorization: `Bearer ${token}` },
    payload: { objectId: lopezObjectId, userPrincipalName: 'elena.lopez@riverside.example' },
  });
  expect(linked.json()).toEqual({ userId: 'dr-lopez' });
  requests.ana = await request('patient-ana', '2026-12-02T10:20:00+01:00');
  requests.ben = await request('patient-ben', '2026-12-02T11:00:00+01:00');
});
afterAll(async () => harness?.close());

describe('Dr. López on Teams', () => {
  it("answers \"what's on tomorrow?\" from her calendar", async () => {
    expect(textOf(await lopez("what's on tomorrow?"))).toBe(
      'Wed 2 Dec:\n' +
        '- 10:20 Ana García, Dermatology consultation (requested, waiting for you)\n' +
        '- 11:00 Ben Carter, Dermatology consultation (requested, waiting for you)\n\n' +
        '2 requests are waiting for your decision.',
    );
  });

  it('approves all pending for tomorrow after confirming the list, as herself', async () => {
    const [summary] = await lopez('approve all pending for tomorrow');
    expect(summary?.text).toBe(
      'Please confirm: decide these 2 requests:\n' +
        '1. Wed 2 Dec, 10:20 (Europe/Madrid): Ana García, Dermatology consultation: approve\n' +
        '2. Wed 2 Dec, 11:00 (Europe/Madrid): Ben Carter, Dermatology consultation: approve\n' +
        'Shall I go ahead?',
    );
    expect(summary?.choices).toEqual([{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }]);
    expect(summary?.summary?.title).toBe('Decide 2 requests');
    // Nothing is decided before the yes.
    expect((await api('GET', `/appointments/${requests.ana}`, 'dr-lopez')).status).toBe('requested');

    expect(textOf(await lopez('yes'))).toBe('Done. Approved:\n- Wed 2 Dec, 10:20 Ana García\n- Wed 2 Dec, 11:00 Ben Carter\nThe patients are told.');
    for (const id of [requests.ana, requests.ben]) {
      expect((await api('GET', `/appointments/${id}`, 'dr-lopez')).status).toBe('approved');
      expect((await api('GET', `/appointments/${id}/history`, 'dr-lopez')).at(-1)).toMatchObject({ toStatus: 'approved', actorId: 'dr-lopez', actorRole: 'professional' });
    }
  });

  it('names her next patient', async () => {
    expect(textOf(await lopez('who is my next patient?'))).toBe('Your next patient is Ana García: Dermatology consultation on Wed 2 Dec, 10:20.');
  });

  it('declines a request with her reason, which the patient’s history keeps', async () => {
    const id = await request('patient-ben', '2026-12-03T09:40:00+01:00');
    const [summary] = await lopez("decline Thursday's 9:40 request because I'm at a congress");
    expect(summary?.text).toContain("1. Thu 3 Dec, 09:40 (Europe/Madrid): Ben Carter, Dermatology consultation: decline (reason: I'm at a congress)");
    expect(textOf(await lopez('yes'))).toBe('Done. Declined:\n- Thu 3 Dec, 09:40 Ben Carter\nThe patients are told.');
    expect((await api('GET', `/appointments/${id}/history`, 'dr-lopez')).at(-1)).toMatchObject({ toStatus: 'declined', reason: "I'm at a congress" });
  });

  it('blocks Friday afternoon: after her yes, only the morning can be booked', async () => {
    const [summary] = await lopez('bloquea el viernes por la tarde');
    expect(summary?.text).toBe(
      'Por favor, confirma: bloquear el vie, 4 dic de 13:00 a final del día. Nadie podrá reservar entonces; las citas ya reservadas se mantienen.\n¿Sigo adelante?',
    );
    expect(textOf(await lopez('sí'))).toBe('Hecho: el vie 4 dic queda bloqueado de 13:00 a 24:00; nadie podrá reservar entonces. Tu horario ese día queda en 09:00–13:00.');
    const free = await api('GET', '/professionals/dr-lopez/slots?service=derm-consult&from=2026-12-04&to=2026-12-04', 'patient-ana');
    expect(free.slots.map((slot: { start: string }) => slot.start.slice(11, 16))).toEqual(['09:00', '09:40', '10:20', '11:00', '11:40', '12:20']);
  });
});

describe('a patient accepting a proposed time', () => {
  it('takes the 11:00 Dr. López proposed, after confirming, and the request moves there approved', async () => {
    const id = await request('patient-ana', '2026-12-09T09:40:00+01:00');
    await api('POST', `/appointments/${id}/proposals`, 'dr-lopez', { starts: ['2026-12-09T11:00:00+01:00', '2026-12-09T12:20:00+01:00'] });

    const [summary] = await harness.say('sí, la de las 11 me va bien', { as: 'patient-ana', conversation: 'ana-proposal' });
    expect(summary?.text).toBe(
      'Por favor, confirma: aceptar la hora que te propone Dr. Elena López para tu dermatology consultation: mié, 9 dic, 11:00 (Europe/Madrid) en lugar del mié, 9 dic, 09:40 (Europe/Madrid). Quedará confirmada.\n¿Sigo adelante?',
    );
    const [done] = await harness.say('sí', { as: 'patient-ana', conversation: 'ana-proposal' });
    expect(done?.text).toBe('Hecho: tu Dermatology consultation con Dr. Elena López pasa a mié 9 dic, 11:00. Estado: confirmada.');
    expect((await api('GET', `/appointments/${id}`, 'patient-ana')).status).toBe('rescheduled');
    const mine = await api('GET', '/appointments?status=approved', 'patient-ana');
    expect(mine.find((appointment: { rescheduledFrom: string }) => appointment.rescheduledFrom === id)).toMatchObject({ start: '2026-12-09T11:00:00+01:00' });
  });
});
