import { describe, expect, it } from 'vitest';
import { ConversationDriver, onlyCall } from './testing/conversation-driver';
import { directory } from './testing/demo-directory';

describe('waiting list', () => {
  it('joins the waiting list for the search that found nothing when the user accepts', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user('Can I get a mole check with Dr. López on December 25?');
    await chat.result(directory);
    await chat.result({ slots: [], timeZone: 'Europe/Madrid' });
    await chat.result({ slots: [], timeZone: 'Europe/Madrid' });
    let turn = await chat.user('yes');
    expect(onlyCall(turn)).toEqual({ name: 'join_waitlist', args: { professionalId: 'dr-lopez', from: '2026-12-25', to: '2026-12-25' } });
    turn = await chat.result({ entryId: 'w1', from: '2026-12-25', to: '2026-12-25' });
    expect(turn.text).toBe("You're on the waiting list from 2026-12-25 to 2026-12-25. I'll let you know if a time frees up.");
  });

  it('joins by specialty for the next two weeks when asked directly', async () => {
    const chat = new ConversationDriver({ locale: 'es' });
    const turn = await chat.user('Apúntame en la lista de espera de fisioterapia');
    expect(onlyCall(turn)).toEqual({ name: 'join_waitlist', args: { specialty: 'physiotherapy', from: '2026-12-01', to: '2026-12-14' } });
  });
});
