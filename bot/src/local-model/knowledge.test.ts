import { describe, expect, it } from 'vitest';
import { ConversationDriver, choicesOf, onlyCall } from './testing/conversation-driver';
import { directory, slots } from './testing/demo-directory';

const parking = {
  passages: [
    {
      source: { documentId: 'address-and-parking-en', title: 'Addresses, parking and getting here', section: 'Addresses, parking and getting here › Madrid' },
      text: 'Calle de Alcalá 120, 2nd floor, 28009 Madrid. Metro: Goya (lines 2 and 4), three minutes on foot. Parking: the public car park at Plaza de Felipe II is 200 metres away; street parking is regulated (blue zone) on weekdays. We cannot validate parking tickets.',
    },
  ],
  instruction: 'Answer only from these passages.',
};
const nothing = { passages: [], instruction: 'Nothing answers this.' };

describe('questions about the organisation', () => {
  it('searches the documents and answers from the best passage, naming the source', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    let turn = await chat.user('Where can I park near the Madrid office?');
    expect(onlyCall(turn)).toEqual({ name: 'search_knowledge', args: { question: 'Where can I park near the Madrid office?' } });
    turn = await chat.result(parking);
    expect(turn.text).toContain('Plaza de Felipe II is 200 metres away');
    expect(turn.text).toContain('(Source: Addresses, parking and getting here › Madrid)');
    // Only the sentences about the question, not the whole passage.
    expect(turn.text).not.toContain('Metro: Goya');
  });

  it('says it does not know when nothing relevant is found, and a yes hands over to a person', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user('Do you have wifi in the waiting room?');
    let turn = await chat.result(nothing);
    expect(turn.text).toMatch(/^I don't know/);
    expect(turn.text).toContain('pass your question to a person');
    turn = await chat.user('yes please');
    expect(onlyCall(turn).name).toBe('handoff_to_human');
  });

  it('answers in Spanish with the Spanish source label', async () => {
    const chat = new ConversationDriver({ locale: 'es' });
    const turn = await chat.user('¿Aceptan el seguro de Sanitas?');
    expect(onlyCall(turn).name).toBe('search_knowledge');
    const answered = await chat.result({
      passages: [{ source: { documentId: 'insurance-es', title: 'Seguros aceptados', section: 'Seguros aceptados › Citas médicas en España (Madrid)' }, text: 'Trabajamos directamente con Sanitas, Adeslas, DKV, Mapfre y Asisa. Traiga su tarjeta del seguro.' }],
      instruction: '',
    });
    expect(answered.text).toContain('Sanitas, Adeslas');
    expect(answered.text).toContain('(Fuente: Seguros aceptados › Citas médicas en España (Madrid))');
  });

  it('answers a question asked in the middle of a booking, then asks the booking question again and carries on', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user("I'd like a dermatology appointment next Tuesday morning");
    await chat.result(directory);
    const offered = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', ['09:40', '10:20', '11:00']));
    expect(choicesOf(offered)).toHaveLength(3);

    let turn = await chat.user('How much does a dermatology consultation cost?');
    expect(onlyCall(turn).name).toBe('search_knowledge');
    turn = await chat.result({
      passages: [{ source: { documentId: 'prices-en', title: 'Prices and payment', section: 'Prices and payment › Medical' }, text: '- Dermatology consultation (30 minutes): 90 EUR.\n- Mole check (20 minutes): 70 EUR.' }],
      instruction: '',
    });
    expect(turn.text).toContain('90 EUR');
    expect(turn.text).toContain('10:20');
    expect(choicesOf(turn)).toHaveLength(3);

    turn = await chat.user('10:20 please');
    expect(onlyCall(turn)).toEqual({ name: 'get_intake_questions', args: { serviceId: 'derm-consult' } });
  });

  it('routes an unrecognised question to the documents instead of asking to rephrase', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    const turn = await chat.user('Is there a lift in the building?');
    expect(onlyCall(turn)).toEqual({ name: 'search_knowledge', args: { question: 'Is there a lift in the building?' } });
  });
});
