import { whatsappFetch } from '../provider-breakers';
import type { FastifyInstance } from 'fastify';
import { ConfigError, type CoreRuntime } from '@consulta/core-api';
import { createWhatsappChannel, type WhatsappChannel } from '@consulta/channels';
import type { Assistant } from '../assistant/assistant';
import type { ServiceTokenProvider } from '../assistant/service-token';
import type { BotConfig } from '../bot-config';
import { channelTurns } from '../channel-turns';
import { consentThroughCoreApi } from '../sms/mount-sms';
import { createDeliveryStatusForwarder } from '../notifications/delivery-status-forwarder';
import { createPatientFiles } from '../documents/patient-files';

/**
 * WhatsApp Cloud API at `/channels/whatsapp` when an access token is
 * configured; without one the routes do not exist. Opt-outs are kept by
 * core-api's identity module, and notifications' delivery outcomes (the
 * `statuses` webhooks) reported to its notifications module, as for SMS.
 * Photos and documents go to the patient's documents in core-api (a photo of
 * an insurance card is read, and its number offered for the profile).
 */
export async function mountWhatsapp(
  app: FastifyInstance,
  context: { botConfig: BotConfig; runtime: CoreRuntime; assistant: Assistant; coreApi: { baseUrl: string; fetch?: typeof fetch }; serviceToken: ServiceTokenProvider; takesTurns?: boolean },
): Promise<WhatsappChannel | undefined> {
  const { botConfig } = context;
  if (!botConfig.WHATSAPP_ACCESS_TOKEN) return undefined;
  const deliveryReports = createDeliveryStatusForwarder({ coreApi: context.coreApi, serviceToken: context.serviceToken, log: app.log });
  const documents = createPatientFiles({ coreApi: context.coreApi, serviceToken: context.serviceToken, log: app.log });
  const channel = await createWhatsappChannel({
    pool: context.runtime.database.pool,
    fetch: whatsappFetch(context.runtime.metrics),
    // A tapped answer to an insurance-number proposal is settled here; everything else is the assistant's.
    handleTurn: async (message, options) => (await documents.answer(message)) ?? context.assistant.handleTurn(message, options),
    handleMedia: (media) => documents.handleMedia(media),
    consent: consentThroughCoreApi(context.coreApi, context.serviceToken, 'whatsapp'),
    log: app.log,
    accessToken: botConfig.WHATSAPP_ACCESS_TOKEN,
    appSecret: need(botConfig.WHATSAPP_APP_SECRET, 'WHATSAPP_APP_SECRET'),
    verifyToken: need(botConfig.WHATSAPP_VERIFY_TOKEN, 'WHATSAPP_VERIFY_TOKEN'),
    phoneNumberId: need(botConfig.WHATSAPP_PHONE_NUMBER_ID, 'WHATSAPP_PHONE_NUMBER_ID'),
    graphBaseUrl: botConfig.WHATSAPP_GRAPH_BASE_URL,
    apiVersion: botConfig.WHATSAPP_API_VERSION,
    maxConcurrentTurns: botConfig.CHANNEL_MAX_CONCURRENT_TURNS,
    turns: channelTurns(botConfig, context.runtime, context.takesTurns ?? true),
    templates: botConfig.WHATSAPP_REMINDER_TEMPLATE
      ? { reminder: { name: botConfig.WHATSAPP_REMINDER_TEMPLATE, language: botConfig.WHATSAPP_REMINDER_TEMPLATE_LANGUAGE } }
      : undefined,
    deliveryReports: (report) => deliveryReports.report(report),
  });
  await app.register(channel.routes, channel.routeOptions);
  app.addHook('onClose', async () => {
    await channel.close();
    await deliveryReports.close();
  });
  return channel;
}

function need(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(name, `Invalid configuration: ${name}: required to run the WhatsApp channel`);
  return value;
}
