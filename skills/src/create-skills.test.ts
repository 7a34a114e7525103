import { createTestApp, type TestApp } from '@consulta/core-api/testing';
import { createCoreApiClient, createInjectFetch } from '@consulta/core-api/client';
import { ToolMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skillDescriptions, skillInputs } from './contract';
import { createSkills, runSkill } from './create-skills';
import type { SkillContext } from './skill-context';
import { parsed, skillContextFor, testNow } from './testing/skill-test-context';

let test: TestApp;
let ana: SkillContext;
beforeAll(async () => {
  test = await createTestApp({ now: testNow });
  ana = await skillContextFor(test, 'patient-ana');
});
afterAll(() => test?.close());

const toolNamed = (name: string) => {
  const found = createSkills(ana).find((skill) => skill.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
};

describe('createSkills', () => {
  it('gives one tool per skill with the contract’s name, description and schema', () => {
    const skills = createSkills(ana);
    expect(skills.map((skill) => skill.name)).toEqual(Object.keys(skillInputs));
    for (const skill of skills) {
      expect(skill.description).toBe(skillDescriptions[skill.name as keyof typeof skillDescriptions]);
      expect(skill.schema).toBe(skillInputs[skill.name as keyof typeof skillInputs]);
    }
  });

  it('runs a tool call as the served user and answers a tool message with the JSON result', async () => {
    const message = await toolNamed('find_professionals').invoke({ type: 'tool_call', id: 'call-1', name: 'find_professionals', args: { specialty: 'physiotherapy' } });
    expect(message).toBeInstanceOf(ToolMessage);
    expect((message as ToolMessage).tool_call_id).toBe('call-1');
    expect(parsed((message as ToolMessage).content as string).professionals[0].id).toBe('pt-okafor');
  });

  it('answers arguments that do not fit the schema with a SkillFailure instead of throwing', async () => {
    const call = { type: 'tool_call' as const, id: 'call-2', name: 'request_appointment', args: { professionalId: 'dr-lopez' } };
    const message = (await toolNamed('request_appointment').invoke(call)) as ToolMessage;
    expect(message.status).toBe('error');
    const failure = parsed(message.content as string);
    expect(failure.error.code).toBe('invalid_input');
    expect(failure.error.hint).toContain('serviceId: required');
    expect(failure.error.hint).toContain('start: required');
    const plain = await toolNamed('list_slots').invoke({ from: 'next tuesday', to: '2026-12-08' });
    expect(parsed(plain as string).error.hint).toContain('from:');
  });
});

describe('runSkill', () => {
  it('answers missing fields with a SkillFailure naming them', async () => {
    const failure = parsed(await runSkill('cancel_appointment', { appointmentId: 'appt-1' }, ana));
    expect(failure).toEqual({
      error: {
        code: 'invalid_input',
        message: 'The arguments of cancel_appointment are not valid: reason: required.',
        hint: 'Call cancel_appointment again with these fixed: reason: required.',
      },
    });
  });

  it('answers input that is not even an object', async () => {
    expect(parsed(await runSkill('list_slots', 'tomorrow', ana)).error.code).toBe('invalid_input');
    expect(parsed(await runSkill('list_slots', undefined, ana)).error.code).toBe('invalid_input');
  });

  it('answers an unknown skill name with the names there are', async () => {
    const failure = parsed(await runSkill('book_now', {}, ana));
    expect(failure.error.code).toBe('unknown_skill');
    expect(failure.error.hint).toContain('request_appointment');
  });

  it('answers an unreachable core-api with a retry hint, never a throw', async () => {
    const broken: SkillContext = {
      ...ana,
      api: createCoreApiClient({ baseUrl: 'http://core-api.local', fetch: () => Promise.reject(new Error('connection refused')) }),
    };
    const failure = parsed(await runSkill('find_professionals', {}, broken));
    expect(failure.error).toMatchObject({ code: 'internal_error' });
    expect(failure.error.hint).toContain('handoff_to_human');
  });

  it('answers an expired session without retrying', async () => {
    const signedOut: SkillContext = {
      ...ana,
      api: createCoreApiClient({ baseUrl: 'http://core-api.local', token: 'not-a-token', fetch: createInjectFetch(test.app) }),
    };
    const failure = parsed(await runSkill('list_my_appointments', {}, signedOut));
    expect(failure.error.code).toBe('unauthenticated');
    expect(failure.error.hint).toContain('Do not retry');
  });
});
