import Fastify, { type FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { coreApi, createNotificationSenderRegistry, installErrorHandler, type CoreApiDependencies } from '@consulta/core-api';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import type { InboundMessage } from '@consulta/channels';
import { startFakeGraphApi, startFakeTwilioApi, whatsappNotification, whatsappSignature, type FakeGraphApi, type FakeTwilioApi } from '@consulta/channels/testing';
import { coreApiConnection, createAssistantFromConfig, serviceTokenFromConfig } from '../assistant/create-assistant-from-config';
import { loadBotConfig } from '../bot-config';
import { mountSms } from '../sms/mount-sms';
import { mountWhatsapp } from '../whatsapp/mount-whatsapp';
import { createSmsNotificationSender, createWhatsappNotificationSender } from './channel-notification-senders';

export const twilioAccount = { accountSid: `AC${'c'.repeat(32)}`, authToken: 'notifications-bot-twilio-token' };
export const metaApp = { accessToken: 'notifications-bot-graph-token', appSecret: 'notifications-bot-app-secret', verifyToken: 'verify-notifications', phoneNumberId: '106540352242922' };
const publicUrl = 'https://consulta.example.com';

type CoreServices = Parameters<NonNullable<CoreApiDependencies['onServices']>>[0];

export interface NotificationsBot {
  app: FastifyInstance;
  runtime: TestRuntime;
  /** core-api's module services: the engine, the reminders' sweep. */
  services: CoreServices;
  twilio: FakeTwilioApi;
  graph: FakeGraphApi;
  /** Every message the assistant was handed, in order. */
  turns: InboundMessage[];
  as(userId: string): Promise<{ authorization: string }>;
  /** An incoming SMS, signed as Twilio signs it. */
  sms(from: string, body: string): Promise<number>;
  /** A Twilio status callback, signed. */
  smsStatus(sid: string, status: string, extra?: Record<string, string>): Promise<number>;
  /** A WhatsApp webhook around messages and statuses, signed with the app secret. */
  whatsapp(content: { messages?: Array<Record<string, unknown>>; statuses?: Array<Record<string, unknown>> }): Promise<number>;
  close(): Promise<void>;
}

/**
 * The bot's notification path in one process, as `buildServer` wires it but
 * with core-api's services in hand: core-api with the SMS and WhatsApp senders
 * registered, the assistant on the local model, both channels mounted against
 * loopback Twilio and Graph APIs, and their delivery reports forwarded to
 * core-api with the bot's service token.
 */
export async function startNotificationsBot(): Promise<NotificationsBot> {
  const [fakeTwilio, graph] = await Promise.all([startFakeTwilioApi(twilioAccount), startFakeGraphApi({ accessToken: metaApp.accessToken, phoneNumberId: metaApp.phoneNumberId })]);
  const runtime = await createTestRuntime();
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  const registry = createNotificationSenderRegistry();
  let services: CoreServices | undefined;
  await app.register(coreApi, {
    prefix: '/api/v1', config: runtime.config, database: runtime.database, queue: runtime.queue, clock: runtime.clock,
    notificationSenders: registry, notificationDelivery: { attempts: 2, backoffMs: 20 }, onServices: (wired) => (services = wired),
  });
  const botConfig = loadBotConfig({
    PUBLIC_URL: publicUrl,
    TWILIO_ACCOUNT_SID: twilioAccount.accountSid, TWILIO_AUTH_TOKEN: twilioAccount.authToken, TWILIO_FROM_NUMBER: '+34910000000', TWILIO_API_BASE_URL: fakeTwilio.baseUrl,
    WHATSAPP_ACCESS_TOKEN: metaApp.accessToken, WHATSAPP_APP_SECRET: metaApp.appSecret, WHATSAPP_VERIFY_TOKEN: metaApp.verifyToken,
    WHATSAPP_PHONE_NUMBER_ID: metaApp.phoneNumberId, WHATSAPP_GRAPH_BASE_URL: graph.baseUrl,
  });
  const connection = coreApiConnection(runtime.config, app);
  const serviceToken = serviceTokenFromConfig(runtime.config, botConfig, connection);
  const assistant = await createAssistantFromConfig({ config: runtime.config, botConfig, pool: runtime.database.pool, clock: runtime.clock, app, serviceToken });
  const turns: InboundMessage[] = [];
  const counted = { ...assistant, handleTurn: (message: InboundMessage, options?: Parameters<typeof assistant.handleTurn>[1]) => (turns.push(message), assistant.handleTurn(message, options)) };
  const context = { botConfig, runtime, assistant: counted, coreApi: connection, serviceToken };
  const sms = (await mountSms(app, context))!;
  registry.register(createSmsNotificationSender(sms));
  const whatsapp = (await mountWhatsapp(app, context))!;
  registry.register(createWhatsappNotificationSender(whatsapp, { templateConfigured: false }));
  await app.ready();

  const form = async (path: string, params: Record<string, string>) => {
    const signature = twilio.getExpectedTwilioSignature(twilioAccount.authToken, `${publicUrl}${path}`, params);
    const response = await app.inject({
      method: 'POST', url: path, payload: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    });
    return response.statusCode;
  };
  let sequence = 0;
  return {
    app,
    runtime,
    services: services!,
    twilio: fakeTwilio,
    graph,
    turns,
    as: async (userId) => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId } });
      return { authorization: `Bearer ${response.json().token as string}` };
    },
    sms: (from, body) =>
      form('/channels/sms', { AccountSid: twilioAccount.accountSid, MessageSid: `SM${String((sequence += 1)).padStart(32, 'd')}`, From: from, To: '+34910000000', Body: body }),
    smsStatus: (sid, status, extra = {}) =>
      form('/channels/sms/status', { AccountSid: twilioAccount.accountSid, MessageSid: sid, MessageStatus: status, SmsStatus: status, ...extra }),
    async whatsapp(content) {
      const body = JSON.stringify(whatsappNotification(content, { phoneNumberId: metaApp.phoneNumberId }));
      const response = await app.inject({
        method: 'POST', url: '/channels/whatsapp', payload: body,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': whatsappSignature(metaApp.appSecret, body) },
      });
      return response.statusCode;
    },
    async close() {
      await app.close();
      await runtime.close();
      await Promise.all([fakeTwilio.close(), graph.close()]);
    },
  };
}
