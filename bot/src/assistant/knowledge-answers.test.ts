import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistantHarness, type AssistantHarness } from '../testing/assistant-harness';

// The assistant on the local model against a real core-api with the demo knowledge documents:
// it searches them, answers from them with the source named, and says when it does not know.
let harness: AssistantHarness;
beforeAll(async () => {
  harness = await createAssistantHarness();
});
afterAll(async () => harness?.close());

const ask = async (text: string, conversation: string, as = 'patient-ben') => {
  const replies = await harness.say(text, { as, conversation });
  return replies.map((reply) => reply.text).join('\n');
};

describe('questions answered from the organisation documents', () => {
  it('parking near the Madrid office', async () => {
    const answer = await ask('Where can I park near the Madrid office?', 'k-parking');
    expect(answer).toContain('Plaza de Felipe II');
    expect(answer).toMatch(/\(Source: Addresses, parking and getting here › Madrid\)/);
  });

  it('insurance in Spain, in Spanish', async () => {
    const answer = await ask('¿Aceptáis el seguro de Sanitas?', 'k-seguro', 'patient-ana');
    expect(answer).toContain('Sanitas');
    expect(answer).toMatch(/\(Fuente: Seguros aceptados/);
  });

  it('preparing for a mole check', async () => {
    const answer = await ask('How do I prepare for a mole check?', 'k-mole');
    expect(answer).toMatch(/make-up|nail polish|sunbathing/);
    expect(answer).toContain('(Source: Preparing for a dermatology visit or mole check › Mole check)');
  });

  it('the price of a first family-law consultation', async () => {
    const answer = await ask('What does a first family law consultation cost?', 'k-price');
    expect(answer).toContain('150 EUR');
    expect(answer).toMatch(/\(Source: /);
  });

  it('the cancellation deadline for the GP', async () => {
    const answer = await ask("What's your cancellation policy for Dr. Chen?", 'k-cancel');
    expect(answer).toMatch(/12 hours/);
    expect(answer).toContain('(Source: Cancellation and rescheduling policy');
  });

  it('says it does not know, invents nothing, and offers a person for what the documents do not cover', async () => {
    const answer = await ask('Do you sell gift vouchers?', 'k-unknown');
    expect(answer).toMatch(/^I don't know/);
    expect(answer).toContain('person at the practice');
    expect(answer).not.toMatch(/EUR|USD|GBP|\d{1,2}:\d{2}/);
  });
});
