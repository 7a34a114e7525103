import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@consulta/bot';
import { createLlmUser, userModelFromEnvironment } from './llm-user';

let fake: FakeOpenAiServer;
beforeAll(async () => {
  fake = await startFakeOpenAiServer();
});
afterAll(() => fake.close());

describe('createLlmUser', () => {
  it('plays the goal through an OpenAI-compatible endpoint, roles flipped, and stops at DONE', async () => {
    const model = userModelFromEnvironment({ OPENAI_BASE_URL: `${fake.baseUrl}/v1`, OPENAI_MODEL: 'user-model' });
    const user = createLlmUser({ goal: 'You are Ana. You want a dermatologist on Tuesday.', locale: 'es', model });
    fake.enqueue({ kind: 'text', text: 'Hola, quiero una cita con la dermatóloga el martes' }, { kind: 'text', text: 'DONE.' });
    expect(await user.next([])).toBe('Hola, quiero una cita con la dermatóloga el martes');
    expect(await user.next(['Tengo las 10:20. ¿Te va bien?'])).toBeNull();
    const last = fake.requests.at(-1)!;
    expect(last.model).toBe('user-model');
    expect(last.messages[0].content).toMatch(/You are Ana[\s\S]*Write in Spanish/);
    expect(last.messages.slice(1).map((message: { role: string }) => message.role)).toEqual(['assistant', 'user']);
  });

  it('needs a configured endpoint', () => {
    expect(() => userModelFromEnvironment({})).toThrow('--model openai needs OPENAI_API_KEY or OPENAI_BASE_URL');
  });
});
