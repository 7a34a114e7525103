import { twilioGuard } from '../provider-breakers';
import type { FastifyInstance } from 'fastify';
import { ConfigError } from '@consulta/core-api';
import { createCoreApiClient, unwrap } from '@consulta/core-api/client';
import type { CoreRuntime } from '@consulta/core-api';
import { createSmsChannel, type SmsChannel, type SmsConsent } from '@consulta/channels';
import type { Assistant } from '../assistant/assistant';
import type { ServiceTokenProvider } from '../assistant/service-token';
import type { BotConfig } from '../bot-config';
import { channelTurns } from '../channel-turns';
import { createDeliveryStatusForwarder } from '../notifications/delivery-status-forwarder';

/**
 * Twilio SMS at `/channels/sms` when an account is configured; without one
 * the routes do not exist. STOP and START are kept by core-api's identity
 * module, asked by the assistant's own service identity, which also reports
 * the notifications' delivery outcomes from Twilio's status callbacks.
 */
export async function mountSms(
  app: FastifyInstance,
  context: { botConfig: BotConfig; runtime: CoreRuntime; assistant: Assistant; coreApi: { baseUrl: string; fetch?: typeof fetch }; serviceToken: ServiceTokenProvider; takesTurns?: boolean },
): Promise<SmsChannel | undefined> {
  const { botConfig } = context;
  if (!botConfig.TWILIO_ACCOUNT_SID && !botConfig.TWILIO_AUTH_TOKEN) return undefined;
  const accountSid = need(botConfig.TWILIO_ACCOUNT_SID, 'TWILIO_ACCOUNT_SID');
  const authToken = need(botConfig.TWILIO_AUTH_TOKEN, 'TWILIO_AUTH_TOKEN');
  const publicUrl = need(botConfig.PUBLIC_URL, 'PUBLIC_URL');
  if (!botConfig.TWILIO_FROM_NUMBER && !botConfig.TWILIO_MESSAGING_SERVICE_SID) {
    throw new ConfigError('TWILIO_FROM_NUMBER', 'Invalid configuration: TWILIO_FROM_NUMBER: set it or TWILIO_MESSAGING_SERVICE_SID to send SMS');
  }
  const deliveryReports = createDeliveryStatusForwarder({ coreApi: context.coreApi, serviceToken: context.serviceToken, log: app.log });
  const channel = await createSmsChannel({
    pool: context.runtime.database.pool,
    guard: twilioGuard(context.runtime.metrics),
    handleTurn: (message, options) => context.assistant.handleTurn(message, options),
    consent: consentThroughCoreApi(context.coreApi, context.serviceToken),
    log: app.log,
    publicUrl,
    accountSid,
    authToken,
    fromNumber: botConfig.TWILIO_FROM_NUMBER,
    messagingServiceSid: botConfig.TWILIO_MESSAGING_SERVICE_SID,
    apiBaseUrl: botConfig.TWILIO_API_BASE_URL,
    maxConcurrentTurns: botConfig.CHANNEL_MAX_CONCURRENT_TURNS,
    turns: channelTurns(botConfig, context.runtime, context.takesTurns ?? true),
    serviceName: () => context.assistant.organizationName().catch(() => 'Consulta'),
    deliveryReports: (report) => deliveryReports.report(report),
  });
  await app.register(channel.routes, channel.routeOptions);
  app.addHook('onClose', async () => {
    await channel.close();
    await deliveryReports.close();
  });
  return channel;
}

export function consentThroughCoreApi(
  coreApi: { baseUrl: string; fetch?: typeof fetch },
  serviceToken: ServiceTokenProvider,
  channel: 'sms' | 'whatsapp' = 'sms',
): SmsConsent {
  const client = async () => createCoreApiClient({ ...coreApi, token: await serviceToken() });
  return {
    async record(phone, keyword) {
      await unwrap((await client()).POST('/api/v1/consents', { body: { channel, phone, granted: keyword === 'start', source: 'keyword' } }));
    },
    async isOptedOut(phone) {
      return (await unwrap((await client()).GET('/api/v1/consents/status', { params: { query: { channel, externalId: phone } } }))).optedOut;
    },
  };
}

function need(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(name, `Invalid configuration: ${name}: required to run the SMS channel`);
  return value;
}
