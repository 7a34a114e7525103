import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistantHarness, type AssistantHarness } from '../testing/assistant-harness';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server';

let fake: FakeOpenAiServer;
let harness: AssistantHarness;

beforeAll(async () => {
  fake = await startFakeOpenAiServer();
  harness = await createAssistantHarness({ environment: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test-key' } });
});
afterAll(async () => {
  await harness?.close();
  await fake?.close();
});

const turn = (text: string, partials: string[], conversation: string) =>
  harness.assistant.handleTurn(
    { channel: 'webchat', conversationId: conversation, senderId: 'patient-ana', text },
    { onPartial: (partial) => partials.push(partial) },
  );

describe('streaming a turn', () => {
  it('passes the model text on as it is written, then answers the whole reply', async () => {
    fake.enqueue({ kind: 'text', text: 'Dr. López has free times on Tuesday morning.' });
    const partials: string[] = [];
    const replies = await turn('When is Dr. López free?', partials, 'stream-1');
    expect(fake.requests.at(-1)!.stream).toBe(true);
    expect(partials.length).toBeGreaterThan(3);
    partials.forEach((partial, index) => index > 0 && expect(partial.startsWith(partials[index - 1]!)).toBe(true));
    expect(partials.at(-1)).toBe('Dr. López has free times on Tuesday morning.');
    expect(replies.map((reply) => reply.text)).toEqual(['Dr. López has free times on Tuesday morning.']);
  });

  it('starts over after a tool call, so only the answer after it is shown', async () => {
    fake.enqueue(
      { kind: 'tool_call', name: 'find_professionals', args: { query: 'dermatology' } },
      { kind: 'text', text: 'Dr. Elena López is our dermatologist.' },
    );
    const partials: string[] = [];
    const replies = await turn('Who is your dermatologist?', partials, 'stream-2');
    expect(partials.at(-1)).toBe('Dr. Elena López is our dermatologist.');
    expect(partials.every((partial) => 'Dr. Elena López is our dermatologist.'.startsWith(partial))).toBe(true);
    expect(replies.at(-1)!.text).toBe('Dr. Elena López is our dermatologist.');
  });
});

describe('a turn asked for partial text with the local model alone', () => {
  let local: AssistantHarness;
  beforeAll(async () => {
    local = await createAssistantHarness();
  });
  afterAll(() => local?.close());

  it('runs as a plain turn: the reply comes whole, and no partial is passed on', async () => {
    const partials: string[] = [];
    const replies = await local.assistant.handleTurn(
      { channel: 'webchat', conversationId: 'local-1', senderId: 'patient-ana', text: 'Which dermatologists do you have?' },
      { onPartial: (partial) => partials.push(partial) },
    );
    expect(partials).toEqual([]);
    expect(replies[0]!.text).toMatch(/Elena López/);
  });
});
