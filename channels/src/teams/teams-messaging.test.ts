import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@consulta/core-api/testing';
import type { Database } from '@consulta/core-api';
import type { InboundMessage } from '../turn';
import { approvalCard } from './approval-card';
import { startTeamsTestServer, teamsActivity, teamsUser, testBotAppId, type TeamsTestServer } from './teams-test-server';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
});
afterAll(() => database?.close());

const texts = (server: TeamsTestServer, conversationId: string) =>
  server.connector.activities.filter((recorded) => recorded.conversationId === conversationId && recorded.activity.type === 'message').map((recorded) => recorded.activity.text);

describe.each([
  ['with authentication off (no app id)', false],
  ['with Bot Framework JWTs signed against a local OpenID metadata document', true],
])('the Teams messaging endpoint %s', (_name, authenticated) => {
  let server: TeamsTestServer;
  const turns: InboundMessage[] = [];
  const actions: object[] = [];
  // Distinct users per run: both runs share one database.
  const offset = authenticated ? 100 : 0;
  const professional = teamsUser(offset + 1, 'elena.lopez@riverside.example', 'Elena López');
  const stranger = teamsUser(offset + 2, 'someone@elsewhere.example', 'Someone Else');

  beforeAll(async () => {
    server = await startTeamsTestServer({
      pool: database.pool,
      authenticated,
      handleTurn: async (message) => {
        turns.push(message);
        return [{ text: `echo ${message.text}`, choices: [{ label: 'Tomorrow', value: 'tomorrow' }] }];
      },
      linkUser: async ({ objectId, userPrincipalName }) => (userPrincipalName === professional.userPrincipalName && objectId === professional.aadObjectId ? `dr-${offset}` : null),
      cardAction: async (action) => {
        actions.push(action);
        return approvalCard({ appointmentId: action.appointmentId, serviceName: 'Consultation', when: 'Tuesday', intake: [], sameDay: [], freeSlots: [], status: 'approved', outcome: { headline: 'Approved', by: action.userId, at: 'now' } });
      },
    });
    for (const user of [professional, stranger]) server.connector.members.set(user.id, { ...user });
  });
  afterAll(() => server?.close());

  it('on install stores the conversation, links the professional by UPN and greets them', async () => {
    const response = await server.post(teamsActivity(server.connector, professional, { type: 'installationUpdate', action: 'add' }));
    expect(response.status).toBe(200);
    const conversation = `a:personal-${professional.aadObjectId}`;
    expect(texts(server, conversation).join('\n')).toMatch(/^Hello, Elena López\. I'll send appointment requests here/);
    expect(await server.channel.aadObjectIdOf(`dr-${offset}`)).toBe(professional.aadObjectId);
    if (authenticated) {
      // Every outbound call carried the token MSAL got for the app with its password.
      expect(server.connector.activities.every((recorded) => recorded.authorization?.startsWith('Bearer bot-outbound-token-'))).toBe(true);
      expect(server.identity.tokenRequests.at(-1)?.get('client_id')).toBe(testBotAppId);
      expect(server.identity.tokenRequests.at(-1)?.get('scope')).toContain('https://api.botframework.com/.default');
    }
  });

  it("hands a linked professional's message to the assistant and replies with suggested actions", async () => {
    const response = await server.post(teamsActivity(server.connector, professional, { type: 'message', text: "what's on tomorrow?" }));
    expect(response.status).toBe(200);
    await server.channel.idle();
    expect(turns.at(-1)).toMatchObject({ channel: 'teams', senderId: professional.aadObjectId, text: "what's on tomorrow?", conversationId: `a:personal-${professional.aadObjectId}` });
    const reply = server.connector.activities.at(-1)!.activity;
    expect(reply).toMatchObject({ type: 'message', text: "echo what's on tomorrow?" });
    expect(reply.suggestedActions).toMatchObject({ actions: [{ type: 'imBack', title: 'Tomorrow', value: 'tomorrow' }] });
  });

  it('tells an unknown user politely that they are not set up, and runs no turn', async () => {
    const before = turns.length;
    const response = await server.post(teamsActivity(server.connector, stranger, { type: 'message', text: 'hello' }));
    expect(response.status).toBe(200);
    await server.channel.idle();
    expect(texts(server, `a:personal-${stranger.aadObjectId}`)).toEqual([expect.stringMatching(/^Hello\. You are not set up in Consulta yet/)]);
    expect(turns.length).toBe(before);
  });

  it('answers an adaptiveCard/action invoke with the refreshed card', async () => {
    const response = await server.post(
      teamsActivity(server.connector, professional, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'approve', data: { consultaApproval: true, verb: 'approve', appointmentId: 'appt-1' } }, trigger: 'manual' },
      }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5' } });
    expect(actions.at(-1)).toEqual({ verb: 'approve', appointmentId: 'appt-1', aadObjectId: professional.aadObjectId, userId: `dr-${offset}` });
  });

  it('takes the Action.Submit fallback as a message and updates the card in place', async () => {
    const response = await server.post(
      teamsActivity(server.connector, professional, { type: 'message', replyToId: 'activity-card-1', value: { consultaApproval: true, verb: 'decline', appointmentId: 'appt-2', reason: ' Fully booked ' } }),
    );
    expect(response.status).toBe(200);
    expect(actions.at(-1)).toMatchObject({ verb: 'decline', appointmentId: 'appt-2', reason: 'Fully booked' });
    expect(server.connector.activities.at(-1)).toMatchObject({ method: 'PUT', activityId: 'activity-card-1' });
  });

  it('handles a retried delivery of one message once', async () => {
    const activity = teamsActivity(server.connector, professional, { type: 'message', text: 'retried' });
    await server.post(activity);
    await server.post(activity);
    await server.channel.idle();
    expect(turns.filter((turn) => turn.text === 'retried')).toHaveLength(1);
  });

  it('sends a proactive card to a linked user and updates it', async () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hi' }] };
    const activityId = await server.channel.sendToUser(`dr-${offset}`, { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    expect(activityId).toMatch(/^activity-/);
    await server.channel.updateForUser(`dr-${offset}`, activityId, { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { ...card, body: [] } }] });
    const sent = server.connector.cards().filter((entry) => entry.activityId === activityId);
    expect(sent.map((entry) => entry.method)).toEqual(['POST', 'PUT']);
    await expect(server.channel.sendToUser('nobody', { type: 'message', text: 'x' })).rejects.toThrow(/No Teams conversation/);
  });
});

describe('an authenticated bot', () => {
  let server: TeamsTestServer;
  const turns: InboundMessage[] = [];
  const professional = teamsUser(201, 'elena.lopez@riverside.example', 'Elena López');

  beforeAll(async () => {
    server = await startTeamsTestServer({
      pool: database.pool,
      authenticated: true,
      handleTurn: async (message) => {
        turns.push(message);
        return [{ text: 'ran' }];
      },
      linkUser: async () => 'dr-201',
    });
    server.connector.members.set(professional.id, { ...professional });
  });
  afterAll(() => server?.close());

  it('refuses an unsigned, forged, expired or misaddressed activity with 401 and handles none of them', async () => {
    const before = { turns: turns.length, activities: server.connector.activities.length };
    const activity = () => teamsActivity(server.connector, professional, { type: 'message', text: 'should not run' });
    const statuses = [
      (await server.post(activity(), { authorization: null })).status,
      (await server.post(activity(), { token: { appId: testBotAppId, serviceUrl: server.connector.serviceUrl, key: 'unpublished' } })).status,
      (await server.post(activity(), { token: { appId: testBotAppId, serviceUrl: server.connector.serviceUrl, expiresInSeconds: -900 } })).status,
      (await server.post(activity(), { token: { appId: 'another-bot', serviceUrl: server.connector.serviceUrl } })).status,
      (await server.post(activity(), { token: { appId: testBotAppId, serviceUrl: 'https://smba.evil.example/' } })).status,
      (await server.post(activity(), { token: { appId: testBotAppId, serviceUrl: server.connector.serviceUrl, issuer: 'https://attacker.example' } })).status,
      (await server.post(activity(), { authorization: 'Bearer not-a-jwt' })).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401]);
    const refused = await server.post(activity(), { authorization: null });
    expect(await refused.json()).toEqual({ code: 'unauthorized', message: 'The Bot Framework token is missing or not valid.' });
    await server.channel.idle();
    expect(turns.length).toBe(before.turns);
    expect(server.connector.activities.length).toBe(before.activities);
  });

});
