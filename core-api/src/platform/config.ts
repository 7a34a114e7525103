import { z } from 'zod';

/** The settings every Consulta process reads from its environment. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ error: 'must be a port number (0-65535)' }).int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  // How long a request waits for a free connection before it is answered 503 database_busy.
  DATABASE_POOL_WAIT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  AUTH_MODE: z.enum(['dev', 'entra']).optional(),
  FIXED_NOW: z.iso.datetime({ offset: true }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORE_API_URL: z.url().optional(),
  SEED_FILE: z.string().min(1).optional(),
  CALENDAR_FEED_SECRET: z.string().min(16).optional(),
  // Slot lists cached in Redis (only with REDIS_URL); a booking change makes them unreadable at once.
  SLOT_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  WAITLIST_HOLD_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]+$/).default('consulta'),
  ENTRA_TENANT_IDS: z.string().regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i, 'must be a comma list of tenant GUIDs').optional(),
  ENTRA_AUDIENCE: z.string().min(1).optional(),
  ENTRA_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  ENTRA_AUTHORITY_HOST: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name').default('login.microsoftonline.com'),
  ENTRA_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(600).default(300),
  TOKEN_SIGNING_KEY: z.string().startsWith('{', 'must be a private JWK as JSON').optional(),
  FIELD_ENCRYPTION_KEYS: z.string().regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+)*$/, 'must be keyId:base64key,…').optional(),
  // Documents: master keys that wrap each document's data key, `keyId:base64key,…`, current first.
  DOCUMENT_MASTER_KEYS: z.string().regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+)*$/, 'must be keyId:base64key,…').optional(),
  CORS_ORIGINS: z.string().min(1).optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(50 * 1_048_576).default(262_144),
  // OpenTelemetry: traces over OTLP/HTTP to this collector (e.g. http://otel-collector:4318); unset: none.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  // Monitoring: a bearer token for /metrics (unset: open, for scrapers inside the cluster).
  METRICS_TOKEN: z.string().min(16).optional(),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  RATE_LIMIT_AUTH_MAX: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_PUBLIC_MAX: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_USER_MAX: z.coerce.number().int().min(1).default(600),
  // Knowledge: an OpenAI-compatible embeddings endpoint; unset means the local offline embedder.
  EMBEDDINGS_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(4_096).optional(),
  // Notifications: e-mail through SMTP, Web Push with VAPID keys.
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  SMTP_FROM: z.string().min(3).default('Consulta <no-reply@consulta.local>'),
  VAPID_PUBLIC_KEY: z.string().min(1).optional(),
  VAPID_PRIVATE_KEY: z.string().min(1).optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:)/, 'must be a mailto: or https: URL').default('mailto:admin@consulta.local'),
  // Chat: the largest file one upload may carry (10 MB by default).
  CHAT_FILE_MAX_BYTES: z.coerce.number().int().min(1_024).max(200 * 1_048_576).default(10 * 1_048_576),
  // Documents: the largest upload (a scan, a photo of a card, a fillable form; 10 MB by default).
  DOCUMENT_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1_024).max(100 * 1_048_576).default(10 * 1_048_576),
});

/** Never echoed in configuration errors: they are keys. */
const secretVariables = new Set(['TOKEN_SIGNING_KEY', 'FIELD_ENCRYPTION_KEYS', 'DOCUMENT_MASTER_KEYS', 'EMBEDDINGS_API_KEY', 'SMTP_URL', 'VAPID_PRIVATE_KEY']);

export type Config = Omit<z.infer<typeof configSchema>, 'AUTH_MODE'> & { AUTH_MODE: 'dev' | 'entra' };

/** A configuration problem, reported at start as one line that names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads and checks the environment. Empty strings count as unset so that
 * `DATABASE_URL= npm start` means "embedded".
 *
 * @example
 * const config = loadConfig(process.env); // throws ConfigError on PORT=abc
 */
export function loadConfig(environment: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([key, value]) => key in configSchema.shape && value !== ''),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const got = present[variable];
    const shown = got === undefined || secretVariables.has(variable) ? '' : ` (got ${JSON.stringify(redactUrl(got))})`;
    throw new ConfigError(variable, `Invalid configuration: ${variable}: ${issue.message}${shown}`);
  }
  // The dev issuer must never be on by accident in production.
  const authMode = parsed.data.AUTH_MODE ?? (parsed.data.NODE_ENV === 'production' ? 'entra' : 'dev');
  return { ...parsed.data, AUTH_MODE: authMode };
}

/** Hides the password of a connection URL, for logs and error messages. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}
