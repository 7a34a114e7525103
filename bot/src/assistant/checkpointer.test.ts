import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistantHarness, type AssistantHarness } from '../testing/assistant-harness';
import { createCheckpointer } from './checkpointer';

// The assistant as served: conversation state in the database (schema `assistant`).
let harness: AssistantHarness;
beforeAll(async () => {
  harness = await createAssistantHarness({ checkpointer: createCheckpointer });
});
afterAll(() => harness?.close());

const checkpointsOf = async (threadId: string) =>
  Number(
    (await harness.test.runtime.database.pool.query<{ count: string }>('SELECT count(*) AS count FROM assistant.checkpoints WHERE thread_id = $1', [threadId]))
      .rows[0]!.count,
  );

describe('conversation state in the database', () => {
  it('writes one checkpoint per turn, when the turn ends, however many steps the turn took', async () => {
    // A search (model, tool, model again) is several steps; each used to write a checkpoint of its own.
    const first = await harness.say('Which dermatologists do you have?', { conversation: 'one-per-turn' });
    expect(first.map((reply) => reply.text).join('\n')).toMatch(/López/);
    expect(await checkpointsOf('webchat:one-per-turn')).toBe(1);
    await harness.say('Do you have a physiotherapist who speaks Spanish?', { conversation: 'one-per-turn' });
    expect(await checkpointsOf('webchat:one-per-turn')).toBe(2);
  });

  it('keeps the whole turn: the next turn sees what the last one said and found', async () => {
    const conversation = 'kept-whole';
    const offered = await harness.say("I'd like a dermatology appointment next Tuesday morning", { conversation });
    expect(offered[0]!.choices?.map((choice) => choice.label)).toEqual(expect.arrayContaining([expect.stringContaining('10:20')]));
    // Picking an offered time only works if the offered slots (a tool result mid-turn) were kept.
    await harness.say('10:20 please', { conversation });
    const summary = await harness.say("It's for a rash on my arm", { conversation });
    expect(summary.map((reply) => reply.text).join('\n')).toMatch(/10:20/);
    expect(summary.map((reply) => reply.text).join('\n')).toMatch(/confirm/i);
    expect(await checkpointsOf(`webchat:${conversation}`)).toBe(3);
  });
});
