import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { MemorySaver } from '@langchain/langgraph';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCoreApiClient, createInjectFetch } from '@consulta/core-api/client';
import { createTestApp, type TestApp } from '@consulta/core-api/testing';
import { createAssistant } from './assistant';
import { loadPromptLibrary } from './prompt-library';
import { devServiceToken } from './service-token';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test?.close());

it('gives the model the admin’s active prompt version instead of the shipped file', async () => {
  const systemPrompts: string[] = [];
  const model = RunnableLambda.from(async (messages: BaseMessage[]) => {
    systemPrompts.push(String(messages[0]!.content));
    return new AIMessage('Hello!');
  });
  const coreApi = { baseUrl: 'http://core-api.internal', fetch: createInjectFetch(test.app) };
  const assistant = createAssistant({
    coreApi, serviceToken: devServiceToken(createCoreApiClient(coreApi)), model, prompts: loadPromptLibrary(), checkpointer: new MemorySaver(), now: () => new Date('2026-12-01T09:00:00Z'),
  });
  const say = (conversation: string) => assistant.handleTurn({ channel: 'webchat', conversationId: conversation, senderId: 'patient-ben', text: 'hello' });

  await say('before');
  expect(systemPrompts[0]).toContain('You are the booking assistant of Riverside Care & Counsel');
  expect(systemPrompts[0]).toContain('Context: {"userId":"patient-ben"');

  const admin = { authorization: `Bearer ${await test.tokenFor('admin-sam')}` };
  await test.app.inject({ method: 'POST', url: '/api/v1/prompts/patient-system/versions', headers: admin, payload: { domain: 'all', locale: 'en', body: 'Be brief, {{userName}}.' } });
  await test.app.inject({ method: 'POST', url: '/api/v1/prompts/patient-system/activate', headers: admin, payload: { domain: 'all', locale: 'en', version: 1 } });
  await say('after');
  expect(systemPrompts[1]).toMatch(/^Be brief, Ben Carter\./);
});

it('gives the model the domain’s prompt once the conversation is about one, and an admin’s version of it', async () => {
  const systemPrompts: string[] = [];
  // Asked for a dermatologist, it searches first; otherwise it answers.
  const model = RunnableLambda.from(async (messages: BaseMessage[]) => {
    systemPrompts.push(String(messages[0]!.content));
    const last = messages.at(-1)!;
    return last.getType() === 'human' && String(last.content).includes('dermatologist')
      ? new AIMessage({ content: '', tool_calls: [{ id: `search-${systemPrompts.length}`, name: 'find_professionals', args: { specialty: 'dermatology' } }] })
      : new AIMessage('Dr. López sees skin problems.');
  });
  const coreApi = { baseUrl: 'http://core-api.internal', fetch: createInjectFetch(test.app) };
  const assistant = createAssistant({
    coreApi, serviceToken: devServiceToken(createCoreApiClient(coreApi)), model, prompts: loadPromptLibrary(), checkpointer: new MemorySaver(), now: () => new Date('2026-12-01T09:00:00Z'),
  });
  const say = (text: string, conversationId = 'domain-prompt') => assistant.handleTurn({ channel: 'webchat', conversationId, senderId: 'patient-ana', text, locale: 'en' });

  await say('I need a dermatologist');
  // Before the search, the organisation's general prompt (as shipped, or a version another test activated).
  expect(systemPrompts[0]).not.toContain('medical practice');
  expect(systemPrompts[1]).toContain("You are the booking assistant of Riverside Care & Counsel's medical practice.");

  const admin = { authorization: `Bearer ${await test.tokenFor('admin-sam')}` };
  await test.app.inject({ method: 'POST', url: '/api/v1/prompts/patient-system-medical/versions', headers: admin, payload: { domain: 'medical', locale: 'en', body: 'Medical desk for {{userName}}.' } });
  await test.app.inject({ method: 'POST', url: '/api/v1/prompts/patient-system-medical/activate', headers: admin, payload: { domain: 'medical', locale: 'en', version: 1 } });
  await say('Thanks, and what does she treat?');
  // The conversation stays on the medical prompt (the shipped text until its cached version lapses)…
  expect(systemPrompts.at(-1)).toMatch(/^(You are the booking assistant of Riverside Care & Counsel's medical practice\.|Medical desk for Ana García\.)/);
  // …and a new one gets the admin's version once it is about dermatology.
  await say('I need a dermatologist', 'domain-prompt-2');
  expect(systemPrompts.at(-2)).not.toMatch(/medical practice|Medical desk/);
  expect(systemPrompts.at(-1)).toMatch(/^Medical desk for Ana García\./);
});
