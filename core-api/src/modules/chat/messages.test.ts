import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app';

let test: TestApp;
let conversationId: string;
const headers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  test = await createTestApp();
  for (const id of ['patient-ana', 'patient-ben', 'dr-lopez', 'dr-chen', 'admin-sam']) headers[id] = await test.as(id);
  conversationId = (await call('dr-lopez', 'POST', '/chat/conversations', {
    kind: 'group', patientId: 'patient-ana', title: 'Ana: follow-up', memberIds: ['dr-chen'], includePatient: true,
  })).json().id;
});
afterAll(() => test?.close());

const call = (as: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: headers[as], ...(payload ? { payload } : {}) });
const post = async (as: string, body: string, extra: object = {}) => {
  const response = await call(as, 'POST', `/chat/conversations/${conversationId}/messages`, { body, ...extra });
  expect(response.statusCode).toBe(201);
  return response.json();
};
const page = async (as: string, query: string) => {
  const response = await call(as, 'GET', `/chat/conversations/${conversationId}/messages?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json() as { items: Array<{ id: string; body: string | null; replyTo: string | null; replyCount: number }>; nextCursor: string | null };
};

describe('history', () => {
  it('pages back from the newest with `before`, forward with `after`, in order, without gaps or repeats', async () => {
    const posted = [];
    for (let index = 1; index <= 7; index++) posted.push((await post(index % 2 ? 'dr-lopez' : 'patient-ana', `message ${index}`)).id);
    const newest = await page('dr-chen', 'limit=3');
    expect(newest.items.map((message) => message.body)).toEqual(['message 5', 'message 6', 'message 7']);
    const older = await page('dr-chen', `limit=3&before=${newest.nextCursor}`);
    expect(older.items.map((message) => message.body)).toEqual(['message 2', 'message 3', 'message 4']);
    const oldest = await page('dr-chen', `limit=3&before=${older.nextCursor}`);
    expect(oldest.items.map((message) => message.body)).toEqual(['message 1']);
    expect(oldest.nextCursor).toBeNull();

    const since = await page('dr-chen', `limit=4&after=${posted[1]}`);
    expect(since.items.map((message) => message.id)).toEqual(posted.slice(2, 6));
    const rest = await page('dr-chen', `limit=4&after=${since.nextCursor}`);
    expect(rest.items.map((message) => message.id)).toEqual([posted[6]]);
    expect(rest.nextCursor).toBeNull();
    expect((await call('dr-chen', 'GET', `/chat/conversations/${conversationId}/messages?before=1&after=2`)).json().code).toBe('cursor_conflict');
  });

  it('audits every read against the patient', async () => {
    await page('dr-chen', 'limit=1');
    const { rows } = await test.runtime.database.pool.query(
      `SELECT actor_id, patient_id FROM identity.audit_log WHERE action = 'chat.messages.read' AND resource_id = $1`,
      [conversationId],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.patient_id === 'patient-ana')).toBe(true);
  });
});

describe('threads', () => {
  it('answer a message; a reply to a reply joins its root thread', async () => {
    const root = await post('patient-ana', 'Is the cream safe in pregnancy?');
    const reply = await post('dr-lopez', 'Yes, this one is.', { replyTo: root.id });
    const nested = await post('patient-ana', 'Thanks!', { replyTo: reply.id });
    expect(reply.replyTo).toBe(root.id);
    expect(nested.replyTo).toBe(root.id);
    const thread = await page('dr-chen', `thread=${root.id}`);
    expect(thread.items.map((message) => message.body)).toEqual(['Yes, this one is.', 'Thanks!']);
    const latest = await page('dr-chen', 'limit=50');
    expect(latest.items.find((message) => message.id === root.id)?.replyCount).toBe(2);
    expect((await call('dr-lopez', 'POST', `/chat/conversations/${conversationId}/messages`, { body: 'x', replyTo: '999999' })).statusCode).toBe(404);
  });
});

describe('edits and deletions', () => {
  it('keep what a message said in its trace, readable by its author and moderators only', async () => {
    const message = await post('patient-ana', 'I take 20 mg');
    expect((await call('dr-chen', 'PATCH', `/chat/conversations/${conversationId}/messages/${message.id}`, { body: 'hacked' })).statusCode).toBe(403);
    const edited = (await call('patient-ana', 'PATCH', `/chat/conversations/${conversationId}/messages/${message.id}`, { body: 'I take 200 mg' })).json();
    expect(edited).toMatchObject({ body: 'I take 200 mg' });
    expect(edited.editedAt).not.toBeNull();
    // A member who is not its author may not delete it; the owner (moderator) may.
    expect((await call('dr-chen', 'DELETE', `/chat/conversations/${conversationId}/messages/${message.id}`)).statusCode).toBe(403);
    const deleted = (await call('dr-lopez', 'DELETE', `/chat/conversations/${conversationId}/messages/${message.id}`)).json();
    expect(deleted).toMatchObject({ id: message.id, body: null });
    expect(deleted.deletedAt).not.toBeNull();
    expect((await call('patient-ana', 'PATCH', `/chat/conversations/${conversationId}/messages/${message.id}`, { body: 'again' })).json().code).toBe('message_deleted');
    const history = await page('dr-chen', 'limit=200');
    expect(history.items.find((item) => item.id === message.id)?.body).toBeNull();

    const trace = (await call('patient-ana', 'GET', `/chat/conversations/${conversationId}/messages/${message.id}/trace`)).json();
    expect(trace.map((entry: { change: string; previousBody: string; actorId: string }) => [entry.change, entry.previousBody, entry.actorId])).toEqual([
      ['edit', 'I take 20 mg', 'patient-ana'],
      ['delete', 'I take 200 mg', 'dr-lopez'],
    ]);
    expect((await call('dr-lopez', 'GET', `/chat/conversations/${conversationId}/messages/${message.id}/trace`)).statusCode).toBe(200);
    expect((await call('dr-chen', 'GET', `/chat/conversations/${conversationId}/messages/${message.id}/trace`)).statusCode).toBe(403);
    expect((await call('patient-ben', 'GET', `/chat/conversations/${conversationId}/messages/${message.id}/trace`)).statusCode).toBe(404);
    const { rows } = await test.runtime.database.pool.query(
      `SELECT action FROM identity.audit_log WHERE resource_type = 'chat_message' AND resource_id = $1 ORDER BY id`,
      [message.id],
    );
    expect(rows.map((row) => row.action)).toEqual(['chat.message.create', 'chat.message.edit', 'chat.message.delete', 'chat.message.trace.read', 'chat.message.trace.read']);
  });
});

describe('read receipts', () => {
  it('move forward only, count unread messages, and are shown to participants', async () => {
    const first = await post('dr-lopez', 'Results are in');
    const second = await post('dr-lopez', 'All normal');
    const before = (await call('patient-ana', 'GET', `/chat/conversations/${conversationId}`)).json();
    expect(before.unreadCount).toBeGreaterThanOrEqual(2);
    const read = (await call('patient-ana', 'POST', `/chat/conversations/${conversationId}/receipts`, { messageId: second.id })).json();
    expect(read).toMatchObject({ userId: 'patient-ana', messageId: second.id });
    const back = (await call('patient-ana', 'POST', `/chat/conversations/${conversationId}/receipts`, { messageId: first.id })).json();
    expect(back.messageId).toBe(second.id);
    expect((await call('patient-ana', 'GET', `/chat/conversations/${conversationId}`)).json().unreadCount).toBe(0);
    const receipts = (await call('dr-lopez', 'GET', `/chat/conversations/${conversationId}/receipts`)).json();
    expect(receipts).toEqual([expect.objectContaining({ userId: 'patient-ana', messageId: second.id })]);
    expect((await call('patient-ben', 'POST', `/chat/conversations/${conversationId}/receipts`, { messageId: second.id })).statusCode).toBe(404);
    expect((await call('patient-ana', 'POST', `/chat/conversations/${conversationId}/receipts`, { messageId: '987654' })).statusCode).toBe(404);
  });
});
