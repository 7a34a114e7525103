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
