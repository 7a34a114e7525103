import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
const headers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  test = await createTestApp();
  await test.runtime.database.pool.query(
    `INSERT INTO identity.users (id, organization_id, role, name) VALUES ('dr-elsewhere', 'org-elsewhere', 'professional', 'Other Doctor')`,
  );
  for (const id of ['patient-ana', 'patient-ben', 'dr-lopez', 'dr-chen', 'pt-okafor', 'atty-martin', 'admin-sam', 'dr-elsewhere']) headers[id] = await test.as(id);
  const service = await test.app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId: 'assistant-bot', service: true, appRoles: ['Assistant.ActAs'] } });
  headers.assistant = { authorization: `Bearer ${service.json().token}` };
  headers.anonymous = {};
});
afterAll(() => test?.close());

const call = (as: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: headers[as], ...(payload ? { payload } : {}) });

const auditOf = async (action: string, resourceId: string) =>
  (await test.runtime.database.pool.query(
    `SELECT actor_id, patient_id, outcome FROM identity.audit_log WHERE action = $1 AND resource_id = $2 ORDER BY id`,
    [action, resourceId],
  )).rows;

async function openGroup(memberIds = ['dr-chen'], includePatient = false) {
  const response = await call('dr-lopez', 'POST', '/chat/conversations', { kind: 'group', patientId: 'patient-ben', title: 'Case review', memberIds, includePatient });
  expect(response.statusCode).toBe(201);
  return response.json();
}

describe('direct conversations', () => {
  it('are opened by the patient or the professional, once: the second open answers the same one', async () => {
    const opened = await call('patient-ana', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana', professionalId: 'dr-lopez' });
    expect(opened.statusCode).toBe(201);
    const conversation = opened.json();
    expect(conversation).toMatchObject({ kind: 'direct', patientId: 'patient-ana', state: 'open', createdBy: 'patient-ana', unreadCount: 0 });
    expect(conversation.participants.map((participant: { userId: string; role: string }) => [participant.userId, participant.role])).toEqual(
      expect.arrayContaining([['dr-lopez', 'owner'], ['patient-ana', 'member']]),
    );
    const again = await call('dr-lopez', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana', professionalId: 'dr-lopez' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(conversation.id);
  });

  it('refuses to open for someone else, with a non-professional, or across organisations', async () => {
    expect((await call('patient-ana', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ben', professionalId: 'dr-lopez' })).statusCode).toBe(403);
    expect((await call('dr-chen', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana', professionalId: 'dr-lopez' })).statusCode).toBe(403);
    expect((await call('admin-sam', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana', professionalId: 'dr-lopez' })).statusCode).toBe(403);
    expect((await call('patient-ana', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana', professionalId: 'admin-sam' })).statusCode).toBe(404);
    expect((await call('patient-ana', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana', professionalId: 'dr-elsewhere' })).statusCode).toBe(404);
    expect((await call('patient-ana', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana' })).json().code).toBe('professional_required');
    expect((await call('assistant', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana', professionalId: 'dr-lopez' })).statusCode).toBe(403);
    expect((await call('anonymous', 'GET', '/chat/conversations')).statusCode).toBe(401);
  });

  it('are read by participants only (others 404, even admins), and every read is audited', async () => {
    const { id } = (await call('patient-ana', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana', professionalId: 'dr-lopez' })).json();
    expect((await call('patient-ana', 'GET', `/chat/conversations/${id}`)).statusCode).toBe(200);
    expect((await call('dr-lopez', 'GET', `/chat/conversations/${id}`)).statusCode).toBe(200);
    for (const outsider of ['patient-ben', 'dr-chen', 'admin-sam', 'dr-elsewhere']) {
      expect((await call(outsider, 'GET', `/chat/conversations/${id}`)).statusCode).toBe(404);
      expect((await call(outsider, 'GET', `/chat/conversations/${id}/messages`)).statusCode).toBe(404);
      expect((await call(outsider, 'POST', `/chat/conversations/${id}/messages`, { body: 'hi' })).statusCode).toBe(404);
      expect((await call(outsider, 'GET', `/chat/conversations/${id}/files`)).statusCode).toBe(404);
      expect((await call(outsider, 'PATCH', `/chat/conversations/${id}`, { state: 'closed' })).statusCode).toBe(404);
    }
    expect((await call('patient-ana', 'GET', '/chat/conversations/conv-missing')).json().code).toBe('conversation_not_found');
    const entries = await auditOf('chat.conversation.read', id);
    expect(entries.filter((entry) => entry.outcome === 'allowed').map((entry) => entry.actor_id)).toEqual(expect.arrayContaining(['patient-ana', 'dr-lopez']));
    expect(entries.filter((entry) => entry.outcome === 'denied').map((entry) => entry.actor_id)).toEqual(
      expect.arrayContaining(['patient-ben', 'dr-chen', 'admin-sam', 'dr-elsewhere']),
    );
    expect(entries.every((entry) => entry.patient_id === 'patient-ana')).toBe(true);
  });

  it('cannot take more participants', async () => {
    const { id } = (await call('patient-ana', 'POST', '/chat/conversations', { kind: 'direct', patientId: 'patient-ana', professionalId: 'dr-lopez' })).json();
    const response = await call('dr-lopez', 'POST', `/chat/conversations/${id}/participants`, { userId: 'dr-chen' });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('direct_conversation_fixed');
  });
});

describe('groups of specialists', () => {
  it('are opened by staff around one patient; patients may not open them', async () => {
    const group = await openGroup(['dr-chen', 'pt-okafor']);
    expect(group.participants.map((participant: { userId: string }) => participant.userId).sort()).toEqual(['dr-chen', 'dr-lopez', 'pt-okafor']);
    expect((await call('patient-ben', 'POST', '/chat/conversations', { kind: 'group', patientId: 'patient-ben', title: 'x', memberIds: [] })).statusCode).toBe(403);
    // Another patient, or staff of another organisation, cannot be made a member.
    expect((await call('dr-lopez', 'POST', '/chat/conversations', { kind: 'group', patientId: 'patient-ben', title: 'x', memberIds: ['patient-ana'] })).statusCode).toBe(404);
    expect((await call('dr-lopez', 'POST', '/chat/conversations', { kind: 'group', patientId: 'patient-ben', title: 'x', memberIds: ['dr-elsewhere'] })).statusCode).toBe(404);
    expect((await call('dr-lopez', 'POST', '/chat/conversations', { kind: 'group', patientId: 'patient-ben', memberIds: [] })).json().code).toBe('title_required');
  });

  it('owner and admins add, mute and remove; members may not; only the owner makes admins', async () => {
    const { id } = await openGroup(['dr-chen']);
    expect((await call('dr-chen', 'POST', `/chat/conversations/${id}/participants`, { userId: 'pt-okafor' })).statusCode).toBe(403);
    expect((await call('dr-lopez', 'POST', `/chat/conversations/${id}/participants`, { userId: 'pt-okafor' })).statusCode).toBe(200);
    expect((await call('dr-lopez', 'POST', `/chat/conversations/${id}/participants`, { userId: 'pt-okafor' })).json().code).toBe('already_participant');
    expect((await call('dr-lopez', 'PATCH', `/chat/conversations/${id}/participants/dr-chen`, { role: 'admin' })).statusCode).toBe(200);
    // dr-chen, now an admin, mutes a member but cannot make admins or touch the owner.
    expect((await call('dr-chen', 'PATCH', `/chat/conversations/${id}/participants/pt-okafor`, { muted: true })).json().participants).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: 'pt-okafor', muted: true })]),
    );
    expect((await call('dr-chen', 'PATCH', `/chat/conversations/${id}/participants/pt-okafor`, { role: 'admin' })).statusCode).toBe(403);
    expect((await call('dr-chen', 'PATCH', `/chat/conversations/${id}/participants/dr-lopez`, { muted: true })).statusCode).toBe(403);
    const muted = await call('pt-okafor', 'POST', `/chat/conversations/${id}/messages`, { body: 'May I?' });
    expect(muted.statusCode).toBe(403);
    expect(muted.json().code).toBe('participant_muted');
    expect((await call('pt-okafor', 'GET', `/chat/conversations/${id}/messages`)).statusCode).toBe(200);
    expect((await call('dr-chen', 'DELETE', `/chat/conversations/${id}/participants/pt-okafor`)).statusCode).toBe(204);
    expect((await call('pt-okafor', 'GET', `/chat/conversations/${id}`)).statusCode).toBe(404);
    expect((await call('dr-chen', 'DELETE', `/chat/conversations/${id}/participants/dr-lopez`)).json().code).toBe('owner_cannot_leave');
    expect((await auditOf('chat.participant.remove', `${id}/pt-okafor`))[0]).toMatchObject({ actor_id: 'dr-chen', patient_id: 'patient-ben' });
  });

  it('lets a member leave, and lets the patient in when asked', async () => {
    const { id } = await openGroup(['dr-chen'], true);
    expect((await call('patient-ben', 'GET', `/chat/conversations/${id}`)).statusCode).toBe(200);
    expect((await call('dr-chen', 'DELETE', `/chat/conversations/${id}/participants/dr-chen`)).statusCode).toBe(204);
    expect((await call('dr-chen', 'GET', `/chat/conversations/${id}`)).statusCode).toBe(404);
  });
});

describe('states', () => {
  it('open ⇄ archived, then closed for good; only moderators change them; writing needs open', async () => {
    const { id } = await openGroup(['dr-chen']);
    expect((await call('dr-chen', 'PATCH', `/chat/conversations/${id}`, { state: 'archived' })).statusCode).toBe(403);
    expect((await call('dr-lopez', 'PATCH', `/chat/conversations/${id}`, { state: 'archived' })).json().state).toBe('archived');
    expect((await call('dr-chen', 'POST', `/chat/conversations/${id}/messages`, { body: 'late' })).json().code).toBe('conversation_not_open');
    expect((await call('dr-chen', 'GET', '/chat/conversations?state=archived')).json().map((conversation: { id: string }) => conversation.id)).toContain(id);
    expect((await call('dr-lopez', 'PATCH', `/chat/conversations/${id}`, { state: 'open' })).json().state).toBe('open');
    expect((await call('dr-lopez', 'PATCH', `/chat/conversations/${id}`, { state: 'closed' })).json().state).toBe('closed');
    const reopen = await call('dr-lopez', 'PATCH', `/chat/conversations/${id}`, { state: 'open' });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().code).toBe('conversation_state_invalid');
    expect((await auditOf('chat.conversation.close', id)).length).toBe(1);
  });
});

describe('handoffs', () => {
  it('open a conversation with the summary that staff take over; the patient can write at once', async () => {
    const created = await call('patient-ben', 'POST', '/handoffs', { summary: 'Wants to talk about test results' });
    expect(created.statusCode).toBe(201);
    const handoff = created.json();
    expect(handoff.conversationId).toMatch(/^conv-/);
    const conversation = (await call('patient-ben', 'GET', `/chat/conversations/${handoff.conversationId}`)).json();
    expect(conversation).toMatchObject({ handoffId: handoff.id, handoffSummary: 'Wants to talk about test results', kind: 'direct', patientId: 'patient-ben' });
    expect((await call('patient-ben', 'POST', `/chat/conversations/${handoff.conversationId}/messages`, { body: 'Hello?' })).statusCode).toBe(201);
    expect((await call('dr-chen', 'GET', '/handoffs')).json()).toEqual(expect.arrayContaining([expect.objectContaining({ id: handoff.id, conversationId: handoff.conversationId })]));

    expect((await call('patient-ana', 'POST', `/handoffs/${handoff.id}/take`)).statusCode).toBe(404);
    expect((await call('dr-elsewhere', 'POST', `/handoffs/${handoff.id}/take`)).statusCode).toBe(404);
    const taken = await call('dr-chen', 'POST', `/handoffs/${handoff.id}/take`);
    expect(taken.statusCode).toBe(200);
    expect(taken.json().participants).toEqual(expect.arrayContaining([expect.objectContaining({ userId: 'dr-chen', role: 'owner' })]));
    expect((await call('admin-sam', 'POST', `/handoffs/${handoff.id}/take`)).json().code).toBe('handoff_taken');
    const history = (await call('dr-chen', 'GET', `/chat/conversations/${handoff.conversationId}/messages`)).json();
    expect(history.items.map((message: { body: string }) => message.body)).toEqual(['Hello?']);
    expect((await call('dr-chen', 'GET', '/handoffs')).json().map((open: { id: string }) => open.id)).not.toContain(handoff.id);
  });
});

describe('GDPR', () => {
  it('exports what the patient said and shared, and erasure removes it but keeps the facts', async () => {
    const { id } = await openGroup(['dr-chen'], true);
    const said = (await call('patient-ben', 'POST', `/chat/conversations/${id}/messages`, { body: 'My private words' })).json();
    await call('patient-ben', 'PATCH', `/chat/conversations/${id}/messages/${said.id}`, { body: 'My edited words' });
    const staff = (await call('dr-chen', 'POST', `/chat/conversations/${id}/messages`, { body: 'Clinical note' })).json();
    const exported = (await call('patient-ben', 'GET', '/me/export')).json();
    expect(exported.modules.chat.messages.map((message: { body: string }) => message.body)).toContain('My edited words');
    expect(exported.modules.chat.messageTrace.map((entry: { previous_body: string }) => entry.previous_body)).toContain('My private words');
    expect(exported.modules.chat.conversations.map((conversation: { id: string }) => conversation.id)).toContain(id);

    expect((await call('patient-ben', 'POST', '/users/patient-ben/erase')).statusCode).toBe(200);
    const { rows } = await test.runtime.database.pool.query(`SELECT id::text, body, deleted_at FROM chat.messages WHERE id = ANY($1::bigint[]) ORDER BY id`, [[said.id, staff.id]]);
    expect(rows[0]).toMatchObject({ body: null });
    expect(rows[0].deleted_at).not.toBeNull();
    expect(rows[1]).toMatchObject({ body: 'Clinical note' });
    const trace = await test.runtime.database.pool.query(`SELECT previous_body FROM chat.message_trace WHERE message_id = $1`, [said.id]);
    expect(trace.rows.every((row) => row.previous_body === null)).toBe(true);
  });
});
