import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAssistantHarness, type AssistantHarness } from '../testing/assistant-harness';

let harness: AssistantHarness;
beforeAll(async () => {
  harness = await createAssistantHarness();
});
afterAll(() => harness?.close());

const valuesOf = async (name: string) => (await harness.test.runtime.metrics.registry.getSingleMetric(name)!.get()).values;

it('times each turn per channel and counts the model calls inside it', async () => {
  await harness.say('Hello', { channel: 'webchat' });
  await harness.say('I need a dermatologist', { channel: 'webchat' });
  await harness.say('Hello', { as: '+12125550100', conversation: 'sms-1', channel: 'sms' });
  const counts = (await valuesOf('consulta_assistant_turn_duration_seconds')).filter((value) => (value as { metricName?: string }).metricName === 'consulta_assistant_turn_duration_seconds_count');
  expect(Object.fromEntries(counts.map((value) => [value.labels.channel, value.value]))).toEqual({ webchat: 2, sms: 1 });
  const calls = (await valuesOf('consulta_model_calls_total')).find((value) => value.labels.model === 'LocalChatModel' && value.labels.outcome === 'ok');
  // A booking request takes more than one model step (tool call, then the answer).
  expect(calls?.value).toBeGreaterThanOrEqual(4);
});
