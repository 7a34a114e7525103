import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { MemorySaver } from '@langchain/langgraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import { buildAssistantGraph, type AssistantGraphDependencies } from './assistant-graph';
import { createCheckpointer } from './checkpointer';
import type { UserContext } from './user-context';

const user: UserContext = { userId: 'patient-ana', userName: 'Ana García', role: 'patient', locale: 'en', timeZone: 'Europe/Madrid', channel: 'webchat' };
const bookCall = { id: 'call-book', name: 'request_appointment', args: { professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-08T10:20:00+01:00', intake: { reason: 'Rash' } }, type: 'tool_call' as const };

/** A scripted chat model: answers its script in order and records what it was shown. */
function scriptedModel(script: AIMessage[]) {
  const seen: BaseMessage[][] = [];
  const model = RunnableLambda.from(async (messages: BaseMessage[]) => {
    seen.push(messages);
    const next = script.shift();
    if (!next) throw new Error('the script ran out');
    return next;
  });
  return { model, seen };
}

function harness(script: AIMessage[], overrides: Partial<AssistantGraphDependencies> = {}) {
  const { model, seen } = scriptedModel(script);
  const skillCalls: Array<{ name: string; args: unknown }> = [];
  const graph = buildAssistantGraph({
    model,
    systemPrompt: () => 'You are a test assistant.',
    runSkill: async (name, args) => {
      skillCalls.push({ name, args });
      return JSON.stringify({ ok: true, name });
    },
    describeAction: async (action) => ({ text: `Please confirm ${action.name}. Shall I go ahead?` }),
    checkpointer: new MemorySaver(),
    ...overrides,
  });
  const turn = async (input: string, thread = 'thread-1', regarding: { appointmentId: string; description: string } | null = null) =>
    (await graph.invoke({ input, regarding, user, replies: null }, { configurable: { thread_id: thread } })).replies;
  return { graph, seen, skillCalls, turn };
}

describe('assistant graph', () => {
  it('runs read-only tools and answers with the model’s text and choices', async () => {
    const { turn, skillCalls, seen } = harness([
      new AIMessage({ content: '', tool_calls: [{ id: 'c1', name: 'list_slots', args: { professionalId: 'dr-lopez', from: '2026-12-08', to: '2026-12-08' }, type: 'tool_call' }] }),
      new AIMessage({ content: 'I have 10:20 or 11:00.', additional_kwargs: { choices: [{ label: '10:20', value: '10:20' }, { label: '11:00', value: '11:00' }] } }),
    ]);
    expect(await turn('A dermatologist next Tuesday')).toEqual([
      { text: 'I have 10:20 or 11:00.', choices: [{ label: '10:20', value: '10:20' }, { label: '11:00', value: '11:00' }] },
    ]);
    expect(skillCalls).toEqual([{ name: 'list_slots', args: { professionalId: 'dr-lopez', from: '2026-12-08', to: '2026-12-08' } }]);
    // The second model call saw the tool result.
    expect(seen[1]!.at(-1)).toBeInstanceOf(ToolMessage);
  });

  it('never runs a state-changing skill before the user says yes', async () => {
    const { turn, skillCalls } = harness([
      new AIMessage({ content: '', tool_calls: [bookCall] }),
      new AIMessage('Your request is sent.'),
    ]);
    const summary = await turn('book it');
    expect(summary).toEqual([{ text: 'Please confirm request_appointment. Shall I go ahead?', choices: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] }]);
    expect(skillCalls).toEqual([]);
    expect(await turn('yes')).toEqual([{ text: 'Your request is sent.' }]);
    expect(skillCalls).toEqual([{ name: 'request_appointment', args: bookCall.args }]);
  });

  it('changes nothing when the user says no, and tells the model', async () => {
    const { turn, skillCalls, seen } = harness([new AIMessage({ content: '', tool_calls: [bookCall] }), new AIMessage('OK, nothing was changed.')]);
    await turn('book it');
    expect(await turn('no')).toEqual([{ text: 'OK, nothing was changed.' }]);
    expect(skillCalls).toEqual([]);
    const result = seen[1]!.at(-1) as ToolMessage;
    expect(JSON.parse(String(result.content)).error.code).toBe('declined_by_user');
  });

  it('treats another answer as a change of plan', async () => {
    const { turn, skillCalls, seen } = harness([new AIMessage({ content: '', tool_calls: [bookCall] }), new AIMessage('Sure, 11:00 then?')]);
    await turn('book it');
    await turn('actually make it 11:00');
    expect(skillCalls).toEqual([]);
    const last = seen[1]!;
    expect(JSON.parse(String((last.at(-2) as ToolMessage).content)).error.code).toBe('not_confirmed');
    expect(last.at(-1)!.content).toBe('actually make it 11:00');
  });

  it('does not put a state-changing call with unfit arguments to the user: it is answered at once', async () => {
    const declineWithoutReason = {
      id: 'call-decide', name: 'decide_appointments', args: { decisions: [{ appointmentId: 'appt-1', decision: 'decline' }] }, type: 'tool_call' as const,
    };
    const { turn, skillCalls, seen } = harness([new AIMessage({ content: '', tool_calls: [declineWithoutReason] }), new AIMessage('Why should I decline it?')]);
    expect(await turn('decline the 10:00 request')).toEqual([{ text: 'Why should I decline it?' }]);
    // runSkill checks the arguments before anything runs; the model read its answer.
    expect(skillCalls).toEqual([{ name: 'decide_appointments', args: declineWithoutReason.args }]);
    expect(seen[1]!.at(-1)).toBeInstanceOf(ToolMessage);
  });

  it('caps tool calls per turn and apologises', async () => {
    const loop = () => new AIMessage({ content: '', tool_calls: [{ id: `c${Math.random()}`, name: 'list_slots', args: {}, type: 'tool_call' }] });
    const { turn, skillCalls } = harness([loop(), loop(), loop(), loop()], { maxToolCallsPerTurn: 2 });
    const replies = await turn('loop please');
    expect(skillCalls).toHaveLength(2);
    expect(replies[0]!.text).toMatch(/person at the practice/);
  });

  it('cuts oversized input before the model sees it', async () => {
    const { turn, seen } = harness([new AIMessage('Could you say that more briefly?')], { maxInputCharacters: 100 });
    await turn('x'.repeat(5_000));
    expect(String(seen[0]!.at(-1)!.content).length).toBeLessThan(120);
  });
});

describe('a reminder answered in words', () => {
  it('is written into the history just before the answer, with its appointment, once', async () => {
    const { turn, seen } = harness([new AIMessage('Shall I move it to 16:00?'), new AIMessage('Anything else?')]);
    await turn('can we do 4pm instead?', 'thread-r', { appointmentId: 'appt-seed-3', description: 'with Claire Martin on Wed 9 Dec, 14:00' });
    const [reminder, answer] = seen[0]!.slice(-2);
    expect(reminder).toBeInstanceOf(AIMessage);
    expect(reminder!.content).toBe('Reminder: your appointment with Claire Martin on Wed 9 Dec, 14:00 (appointment appt-seed-3). You can confirm, cancel or move it.');
    expect(reminder!.additional_kwargs).toEqual({ regarding: { appointmentId: 'appt-seed-3' } });
    expect(answer!.content).toBe('can we do 4pm instead?');
    // The next turn answers the assistant, not the reminder: nothing more is written in.
    await turn('thanks', 'thread-r');
    const reminders = seen[1]!.filter((message) => message.additional_kwargs?.regarding !== undefined);
    expect(reminders).toHaveLength(1);
    expect(seen[1]!.at(-1)!.content).toBe('thanks');
  });

  it('keeps the history well formed when the answer comes while a change waits for a yes', async () => {
    const { turn, seen, skillCalls } = harness([
      new AIMessage({ content: '', tool_calls: [bookCall] }),
      new AIMessage('Which time would suit you?'),
    ]);
    await turn('Book the 10:20', 'thread-p');
    // "yes" answers the reminder, whose answers replaced the summary's: the booking waiting for a yes is not made.
    await turn('yes', 'thread-p', { appointmentId: 'appt-seed-1', description: 'with Dr. Elena López on Tue 8 Dec, 09:00' });
    expect(skillCalls).toEqual([]);
    const tail = seen[1]!.slice(-3);
    expect(tail[0]).toBeInstanceOf(ToolMessage);
    expect(tail[1]!.additional_kwargs).toEqual({ regarding: { appointmentId: 'appt-seed-1' } });
    expect(tail[2]!.content).toBe('yes');
    expect(JSON.parse(String(tail[0]!.content)).error.code).toBe('not_confirmed');
  });
});

describe('checkpointed in PostgreSQL', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ seed: false });
  });
  afterAll(() => database?.close());

  it('continues a pending confirmation after a restart', async () => {
    const checkpointer = await createCheckpointer(database.pool);
    const before = harness([new AIMessage({ content: '', tool_calls: [bookCall] })], { checkpointer });
    await before.turn('book it', 'webchat:restart');

    // A new graph, as after a restart or on another replica, with the same database.
    const after = harness([new AIMessage('Your request is sent.')], { checkpointer: await createCheckpointer(database.pool) });
    expect(await after.turn('yes', 'webchat:restart')).toEqual([{ text: 'Your request is sent.' }]);
    expect(after.skillCalls).toEqual([{ name: 'request_appointment', args: bookCall.args }]);
  });
});
