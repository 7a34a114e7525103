import { HumanMessage, SystemMessage, type AIMessage, type AIMessageChunk } from '@langchain/core/messages';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../bot-config';
import { LocalChatModel } from '../local-model/local-chat-model';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server';
import { createModelChain, remoteModels, streamsReplies } from './model-chain';
import { skillToolDefinitions } from './tool-definitions';
import { ModelMetricsHandler } from './model-metrics';
import { createMetrics } from '@consulta/core-api';

let fake: FakeOpenAiServer;
beforeAll(async () => {
  fake = await startFakeOpenAiServer();
});
afterAll(() => fake?.close());
beforeEach(() => fake.reset());

const context = 'Context: {"userId":"patient-ana","userName":"Ana García","role":"patient","locale":"en","timeZone":"Europe/Madrid","channel":"webchat","now":"2026-12-01T09:00:00.000Z"}';
const conversation = (text: string) => [new SystemMessage(`You are a booking assistant.\n\n${context}`), new HumanMessage(text)];

const chain = (environment: Record<string, string>) =>
  createModelChain({ config: loadBotConfig(environment), tools: skillToolDefinitions(), local: new LocalChatModel() });

describe('the model chain', () => {
  it('uses the configured OpenAI-compatible model through the real client, with tool calls', async () => {
    fake.enqueue({ kind: 'tool_call', name: 'find_professionals', args: { specialty: 'dermatology' } });
    const reply = (await chain({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test-key', OPENAI_MODEL: 'fake-model' }).invoke(
      conversation('I need a dermatologist'),
    )) as AIMessage;
    expect(reply.tool_calls).toEqual([expect.objectContaining({ name: 'find_professionals', args: { specialty: 'dermatology' } })]);
    const request = fake.requests.at(-1)!;
    expect(request.model).toBe('fake-model');
    expect(request.tools.map((tool: { function: { name: string } }) => tool.function.name)).toContain('request_appointment');
  });

  it('falls back to the local model when the remote answers 500', async () => {
    fake.enqueue({ kind: 'error', status: 500 });
    const reply = (await chain({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'k', OPENAI_MAX_RETRIES: '0' }).invoke(
      conversation('I need a dermatologist next Tuesday'),
    )) as AIMessage;
    // The local model starts a booking by looking the specialty up.
    expect(reply.tool_calls?.[0]?.name).toBe('find_professionals');
  });

  it('falls back to the local model when the remote times out', async () => {
    fake.enqueue({ kind: 'hang', milliseconds: 3_000 });
    const started = Date.now();
    const reply = (await chain({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'k', OPENAI_TIMEOUT_MS: '300', OPENAI_MAX_RETRIES: '0' }).invoke(
      conversation('hello'),
    )) as AIMessage;
    expect(fake.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(typeof reply.content === 'string' && reply.content.length > 0).toBe(true);
  });

  it('goes through a secondary model before the local one', async () => {
    fake.enqueue({ kind: 'error', status: 503 }, { kind: 'text', text: 'Secondary here.' });
    const reply = (await chain({
      OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'k', OPENAI_MAX_RETRIES: '0', OPENAI_MODEL: 'primary', OPENAI_SECONDARY_MODEL: 'secondary',
    }).invoke(conversation('hello'))) as AIMessage;
    expect(reply.content).toBe('Secondary here.');
    expect(fake.requests.map((request) => request.model)).toEqual(['primary', 'secondary']);
  });

  it('says it streams exactly when a remote model leads the chain', () => {
    const settings: Array<Record<string, string>> = [
      {},
      { OPENAI_API_KEY: 'k' },
      { OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' },
      { OPENAI_SECONDARY_MODEL: 'small' },
      { AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com' },
      { AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com', AZURE_OPENAI_DEPLOYMENT: 'gpt' },
    ];
    const answers = settings.map((environment) => streamsReplies(loadBotConfig(environment)));
    expect(answers).toEqual(settings.map((environment) => remoteModels(loadBotConfig(environment)).length > 0));
    expect(answers).toEqual([false, true, true, true, false, true]);
  });

  it('is the local model alone when nothing is configured', async () => {
    const reply = (await chain({}).invoke(conversation('I need a dermatologist'))) as AIMessage;
    expect(fake.requests).toHaveLength(0);
    expect(reply.tool_calls?.[0]?.name).toBe('find_professionals');
  });

  it('streams text and tool calls from the remote model over server-sent events', async () => {
    const [remote] = remoteModels(loadBotConfig({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'k' }));
    fake.enqueue({ kind: 'text', text: 'Here are the free times for you' });
    const words: string[] = [];
    for await (const chunk of await remote!.stream(conversation('hello'))) words.push(String(chunk.content));
    expect(words.filter(Boolean).length).toBeGreaterThan(3);
    expect(words.join('')).toBe('Here are the free times for you');
    expect(fake.requests.at(-1)!.stream).toBe(true);

    fake.enqueue({ kind: 'tool_call', name: 'list_slots', args: { from: '2026-12-08', to: '2026-12-08' } });
    const bound = remote!.bindTools!(skillToolDefinitions());
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await bound.stream(conversation('slots?'))) merged = merged ? merged.concat(chunk as AIMessageChunk) : (chunk as AIMessageChunk);
    expect(merged!.tool_calls).toEqual([expect.objectContaining({ name: 'list_slots', args: { from: '2026-12-08', to: '2026-12-08' } })]);
  });
});

describe('the remote model circuit', () => {
  it('stops calling a remote model that keeps failing and answers with the local one at once', async () => {
    for (let index = 0; index < 10; index += 1) fake.enqueue({ kind: 'error', status: 500 });
    const metrics = createMetrics('bot');
    const failing = createModelChain({
      config: loadBotConfig({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'k', OPENAI_MAX_RETRIES: '0', OPENAI_MODEL: 'flaky' }),
      tools: skillToolDefinitions(),
      local: new LocalChatModel(),
      metrics,
    });
    for (let turn = 0; turn < 8; turn += 1) {
      const reply = (await failing.invoke(conversation('I need a dermatologist next Tuesday'))) as AIMessage;
      expect(reply.tool_calls?.[0]?.name).toBe('find_professionals');
    }
    // Five failures open the circuit; the three turns after it never reach the server.
    expect(fake.requests).toHaveLength(5);
    const state = (await metrics.circuitState.get()).values.find((value) => value.labels.breaker === 'model:flaky');
    expect(state?.value).toBe(2);
  });
});

describe('model metrics', () => {
  const metricsOf = async (metrics: ReturnType<typeof createMetrics>, name: string) =>
    (await metrics.registry.getSingleMetric(name)!.get()).values.map((value) => ({ labels: value.labels, value: value.value }));

  it('counts a failing remote call, the fallback it causes, and the local model answering', async () => {
    fake.enqueue({ kind: 'error', status: 500 });
    const metrics = createMetrics('bot');
    await chain({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'k', OPENAI_MAX_RETRIES: '0', OPENAI_MODEL: 'remote-model' }).invoke(conversation('hello'), {
      callbacks: [new ModelMetricsHandler(metrics)],
    });
    expect(await metricsOf(metrics, 'consulta_model_calls_total')).toEqual(
      expect.arrayContaining([
        { labels: { model: 'remote-model', outcome: 'error' }, value: 1 },
        { labels: { model: 'LocalChatModel', outcome: 'ok' }, value: 1 },
      ]),
    );
    expect(await metricsOf(metrics, 'consulta_model_fallbacks_total')).toEqual([{ labels: { from: 'remote-model' }, value: 1 }]);
  });

  it('adds the tokens the remote model reports', async () => {
    fake.enqueue({ kind: 'text', text: 'Hi.' });
    const metrics = createMetrics('bot');
    await chain({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'k', OPENAI_MODEL: 'remote-model' }).invoke(conversation('hello'), {
      callbacks: [new ModelMetricsHandler(metrics)],
    });
    expect(await metricsOf(metrics, 'consulta_model_tokens_total')).toEqual([
      { labels: { model: 'remote-model', kind: 'input' }, value: 10 },
      { labels: { model: 'remote-model', kind: 'output' }, value: 5 },
    ]);
    expect(await metricsOf(metrics, 'consulta_model_fallbacks_total')).toEqual([]);
  });
});
