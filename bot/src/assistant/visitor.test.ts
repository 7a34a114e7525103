import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistantHarness, type AssistantHarness } from '../testing/assistant-harness';

// A web chat user nobody has verified: may look at professionals and free times, may not book.
let harness: AssistantHarness;
const calls: string[] = [];

beforeAll(async () => {
  harness = await createAssistantHarness({
    wrapFetch: (inject) => async (input, init) => {
      const request = input instanceof Request ? input : undefined;
      calls.push(`${init?.method ?? request?.method ?? 'GET'} ${new URL(request?.url ?? String(input)).pathname} ${request?.headers.get('authorization') ? 'token' : 'anonymous'}`);
      return inject(input, init);
    },
  });
});
afterAll(async () => harness?.close());

const say = (text: string, conversation: string) =>
  harness.assistant.handleTurn({ channel: 'webchat', conversationId: conversation, senderId: 'visitor-1', text, locale: 'en', timeZone: 'Europe/London' });

async function appointmentCount() {
  const { rows } = await harness.test.runtime.database.pool.query('SELECT count(*)::int AS count FROM appointments.appointments');
  return rows[0].count as number;
}

describe('a web chat visitor', () => {
  it('sees free times, and is asked to verify before anything is booked', async () => {
    const before = await appointmentCount();
    const [times] = await say('I need a dermatologist next Tuesday', 'visitor-a');
    expect(times!.text).toMatch(/free times/i);
    expect(times!.choices!.length).toBeGreaterThan(1);
    // Shown on the clock of the zone the browser gave (London), an hour behind the Madrid practice.
    const first = times!.choices![0]!;
    const london = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/London' }).format(new Date(first.value));
    expect(first.value).toMatch(/\+01:00$/);
    expect(first.label).toContain(london);

    const [answer] = await say(times!.choices![0]!.value, 'visitor-a');
    expect(answer!.text).toMatch(/sign in or verify/);
    expect(answer!.summary).toBeUndefined();
    expect(await appointmentCount()).toBe(before);
    // The visitor's skills asked core-api without any token; only the assistant's own lookups carry its service token.
    const withToken = calls.filter((call) => call.endsWith(' token'));
    expect(withToken.every((call) => /\/auth\/token-exchange|\/dev\/token|\/prompts\/[^/]+\/active|\/organization/.test(call))).toBe(true);
    expect(calls.some((call) => /\/slots/.test(call) && call.endsWith('anonymous'))).toBe(true);
  });

  it('is told to verify when asking for their appointments, in their language', async () => {
    const [answer] = await harness.assistant.handleTurn({ channel: 'webchat', conversationId: 'visitor-b', senderId: 'visitor-2', text: '¿Qué citas tengo?', locale: 'es' });
    expect(answer!.text).toMatch(/inicia sesión o verifica/);
  });
});
