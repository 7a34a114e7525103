import { z } from 'zod';
import { ConfigError } from '@consulta/core-api';

/** The bot's own settings: the model chain and the assistant's service identity. */
export const botConfigSchema = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  OPENAI_SECONDARY_MODEL: z.string().min(1).optional(),
  OPENAI_SECONDARY_BASE_URL: z.url().optional(),
  OPENAI_SECONDARY_API_KEY: z.string().min(1).optional(),
  AZURE_OPENAI_API_KEY: z.string().min(1).optional(),
  AZURE_OPENAI_ENDPOINT: z.url().optional(),
  AZURE_OPENAI_DEPLOYMENT: z.string().min(1).optional(),
  AZURE_OPENAI_API_VERSION: z.string().min(1).default('2024-10-21'),
  ASSISTANT_CLIENT_ID: z.string().min(1).optional(),
  ASSISTANT_CLIENT_SECRET: z.string().min(1).optional(),
  ASSISTANT_TENANT_ID: z.string().min(1).optional(),
  ASSISTANT_SCOPE: z.string().min(1).default('api://consulta/.default'),
  ASSISTANT_MAX_TOOL_CALLS: z.coerce.number().int().min(1).max(50).default(8),
  /** Direct Line secret for server-side callers; in AUTH_MODE=dev one is made and kept under DATA_DIR. */
  DIRECTLINE_SECRET: z.string().min(16).optional(),
  DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  WEBCHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(30),
  /** Assistant turns a channel runs at once in this process; more wait in line (webhooks are still acknowledged). */
  CHANNEL_MAX_CONCURRENT_TURNS: z.coerce.number().int().min(1).max(1000).default(8),
  /** A PostgreSQL server for the scratch databases of eval runs started from the admin; unset: PGlite. */
  EVALS_DATABASE_URL: z.url().optional(),
  /** SMS and WhatsApp turns: `inline` behind the webhook in this process, or `queue`d for the `all` and `worker` processes. */
  CHANNEL_TURNS: z.enum(['inline', 'queue']).default('inline'),
  /** Where the internet reaches this process (Twilio signs its webhooks over it), e.g. https://consulta.example.com. */
  PUBLIC_URL: z.url().optional(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be an account sid (AC followed by 32 hex digits)').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number').optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must be a messaging service sid').optional(),
  /** Instead of https://api.twilio.com (a local fake in tests). */
  TWILIO_API_BASE_URL: z.url().optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(16).optional(),
  WHATSAPP_APP_SECRET: z.string().min(16).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d{5,20}$/, 'must be the numeric phone number id').optional(),
  /** Instead of https://graph.facebook.com (a local fake in tests). */
  WHATSAPP_GRAPH_BASE_URL: z.url().optional(),
  WHATSAPP_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v23.0').default('v23.0'),
  /** An approved template with one {{1}} body variable, used to reach a number outside the 24-hour window. */
  WHATSAPP_REMINDER_TEMPLATE: z.string().min(1).optional(),
  WHATSAPP_REMINDER_TEMPLATE_LANGUAGE: z.string().min(2).default('en_US'),
  /** The bot's Entra app (client) id; with it, Teams is served at /api/messages with authentication on. */
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  /** Instead of a password: a certificate registered on the app, its SHA-1 thumbprint and PEM private key. */
  MICROSOFT_APP_CERTIFICATE_THUMBPRINT: z.string().regex(/^[0-9a-fA-F]{40}$/, 'must be the 40-hex-digit SHA-1 thumbprint').optional(),
  MICROSOFT_APP_CERTIFICATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  /** SingleTenant (the default when a tenant id is set) or MultiTenant. */
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant']).optional(),
  /** Another OpenID metadata document for the Bot Connector's tokens (tests point it at a local fake). */
  TEAMS_OPENID_METADATA_URL: z.url().optional(),
  /** A request still pending this long after its card was sent gets the card again (0: never). */
  TEAMS_APPROVAL_REMINDER_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(240),
  /** How often the reminder sweep runs. */
  TEAMS_REMINDER_SWEEP_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
});

export type BotConfig = z.infer<typeof botConfigSchema>;

export function loadBotConfig(environment: Record<string, string | undefined>): BotConfig {
  const present = Object.fromEntries(Object.entries(environment).filter(([key, value]) => key in botConfigSchema.shape && value !== ''));
  const parsed = botConfigSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(variable, `Invalid configuration: ${variable}: ${issue.message}`);
  }
  return parsed.data;
}
