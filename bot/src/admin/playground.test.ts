import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server';
import { adminBrowserAgent } from '../testing/admin-browser-agent';

// The whole app in dev mode, its model a loopback OpenAI fake that records the system prompt of every call.
let runtime: TestRuntime;
let app: FastifyInstance;
let model: FakeOpenAiServer;

beforeAll(async () => {
  model = await startFakeOpenAiServer();
  runtime = await createTestRuntime();
  app = await buildServer({ config: runtime.config, runtime, botConfig: loadBotConfig({ OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'k', OPENAI_MAX_RETRIES: '0' }) });
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await model?.close();
});

const systemPromptOf = (request: Record<string, any>) => String(request.messages[0].content);
const turn = { promptId: 'patient-system', domain: 'all', locale: 'en' };

describe('the prompt playground', () => {
  it('talks with the chosen version while another stays in force, and keeps the conversation', async () => {
    const admin = adminBrowserAgent(app);
    await admin.signIn('admin-sam');
    const written = await admin.post('/admin/api/v1/prompts/patient-system/versions', { ...turn, body: 'Trial prompt for {{userName}}: answer in one line.' });
    expect(written.statusCode).toBe(201);
    const version = written.json().version as number;

    model.reset();
    model.enqueue({ kind: 'text', text: 'Hello from the trial version.' });
    const first = await admin.post('/admin/playground/turns', { ...turn, version, text: 'hello' });
    expect(first.statusCode).toBe(200);
    const { conversationId, replies } = first.json();
    expect(conversationId).toMatch(/^playground-[0-9a-f-]{36}$/);
    expect(replies).toEqual([{ text: 'Hello from the trial version.', choices: [] }]);
    expect(systemPromptOf(model.requests[0]!)).toMatch(/^Trial prompt for : answer in one line\./);

    // The same conversation with the shipped version 0: the model sees the earlier turn and the shipped text.
    model.reset();
    const second = await admin.post('/admin/playground/turns', { ...turn, version: 0, text: 'and now?', conversationId });
    expect(second.statusCode).toBe(200);
    expect(systemPromptOf(model.requests[0]!)).toContain('You are the booking assistant of Riverside Care & Counsel');
    expect(JSON.stringify(model.requests[0]!.messages)).toContain('Hello from the trial version.');

    // Nothing was activated: patients still get the shipped prompt.
    const inForce = await admin.request('GET', '/admin/api/v1/prompts/patient-system/active?domain=all&locale=en&conversation=x');
    expect(inForce.json().body).toBeNull();
  });

  it("keeps each admin's conversation their own, and one turn at a time", async () => {
    const sam = adminBrowserAgent(app);
    await sam.signIn('admin-sam');
    model.reset();
    model.enqueue({ kind: 'text', text: 'A secret only Sam saw.' }, { kind: 'hang', milliseconds: 1500 });
    const { conversationId } = (await sam.post('/admin/playground/turns', { ...turn, version: 0, text: 'hello' })).json();
    const slow = sam.post('/admin/playground/turns', { ...turn, version: 0, text: 'and then?', conversationId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const overlapping = await sam.post('/admin/playground/turns', { ...turn, version: 0, text: 'hurry', conversationId });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.json().code).toBe('turn_in_progress');
    await slow;

    // Another admin with the same id talks in a thread of their own: nothing of Sam's reaches the model.
    await runtime.database.pool.query(
      `INSERT INTO identity.users (id, organization_id, role, name) SELECT 'admin-kim', organization_id, 'admin', 'Kim Lee' FROM identity.users WHERE id = 'admin-sam'`,
    );
    const kim = adminBrowserAgent(app);
    expect((await kim.signIn('admin-kim')).statusCode).toBe(200);
    model.reset();
    expect((await kim.post('/admin/playground/turns', { ...turn, version: 0, text: 'hi', conversationId })).statusCode).toBe(200);
    expect(JSON.stringify(model.requests[0]!.messages)).not.toContain('A secret only Sam saw.');
  });

  it('acts as a seed patient in dev mode, with that patient in the context', async () => {
    const admin = adminBrowserAgent(app);
    await admin.signIn('admin-sam');
    model.reset();
    const response = await admin.post('/admin/playground/turns', { ...turn, version: 0, actAs: 'patient-ana', text: 'hi' });
    expect(response.statusCode).toBe(200);
    expect(systemPromptOf(model.requests[0]!)).toContain('"userId":"patient-ana"');
  });

  it('plays a version of a domain prompt where the assistant picks that prompt: once the conversation is about the domain', async () => {
    const admin = adminBrowserAgent(app);
    await admin.signIn('admin-sam');
    const medical = { promptId: 'patient-system-medical', domain: 'medical', locale: 'en' };
    const written = await admin.post('/admin/api/v1/prompts/patient-system-medical/versions', { ...medical, body: 'Trial medical desk.' });
    expect(written.statusCode).toBe(201);
    model.reset();
    model.enqueue({ kind: 'tool_call', name: 'find_professionals', args: { specialty: 'dermatology' } });
    model.enqueue({ kind: 'text', text: 'Dr. López is our dermatologist.' });
    const response = await admin.post('/admin/playground/turns', { ...medical, version: written.json().version, text: 'I need a dermatologist' });
    expect(response.statusCode).toBe(200);
    // Before the search the general prompt, as shipped; after it, the trial version of the medical one.
    expect(systemPromptOf(model.requests[0]!)).toContain('You are the booking assistant of Riverside Care & Counsel.');
    expect(systemPromptOf(model.requests[1]!)).toMatch(/^Trial medical desk\./);
  });

  it('talks to the version chosen whatever language is typed, and refuses prompts for professionals', async () => {
    const admin = adminBrowserAgent(app);
    await admin.signIn('admin-sam');
    model.reset();
    const spanish = await admin.post('/admin/playground/turns', { promptId: 'patient-system', domain: 'all', locale: 'es', version: 0, text: 'hello, which doctors do you have?' });
    expect(spanish.statusCode).toBe(200);
    expect(systemPromptOf(model.requests[0]!)).toMatch(/^Eres el asistente de citas de Riverside Care & Counsel/);
    const professional = await admin.post('/admin/playground/turns', { promptId: 'professional-system', domain: 'all', locale: 'en', version: 0, text: 'hi' });
    expect(professional.statusCode).toBe(400);
    expect(professional.json().code).toBe('prompt_not_used');
  });

  it("shows a visitor's times in the admin's zone", async () => {
    const admin = adminBrowserAgent(app);
    await admin.signIn('admin-sam');
    model.reset();
    const response = await admin.post('/admin/playground/turns', { ...turn, version: 0, text: 'hi', timeZone: 'America/New_York' });
    expect(response.statusCode).toBe(200);
    expect(systemPromptOf(model.requests[0]!)).toContain('America/New_York');
    const bad = await admin.post('/admin/playground/turns', { ...turn, version: 0, text: 'hi', timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_time_zone');
  });

  it('refuses professionals, unknown versions, bad bodies, foreign conversations and missing CSRF tokens', async () => {
    const professional = adminBrowserAgent(app);
    await professional.signIn('dr-lopez');
    const notAdmin = await professional.post('/admin/playground/turns', { ...turn, version: 0, text: 'hi' });
    expect(notAdmin.statusCode).toBe(403);
    expect(notAdmin.json().code).toBe('admins_only');

    const admin = adminBrowserAgent(app);
    await admin.signIn('admin-sam');
    model.reset();
    const unknown = await admin.post('/admin/playground/turns', { ...turn, version: 99, text: 'hi' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'version_not_found', message: 'patient-system (all, en) has no version 99.' });
    expect((await admin.post('/admin/playground/turns', { ...turn, version: 0, text: '' })).statusCode).toBe(400);
    // A playground turn may not continue a patient's web chat conversation.
    expect((await admin.post('/admin/playground/turns', { ...turn, version: 0, text: 'hi', conversationId: 'dl-conversation-1' })).statusCode).toBe(400);
    expect((await admin.request('POST', '/admin/playground/turns', { payload: { ...turn, version: 0, text: 'hi' } })).statusCode).toBe(403);
    expect(model.requests).toHaveLength(0);
  });
});
