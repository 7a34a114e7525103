import { z } from 'zod';

/** The settings every Consulta process reads from its environment. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ error: 'must be a port number (0-65535)' }).int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  AUTH_MODE: z.enum(['dev', 'entra']).optional(),
  FIXED_NOW: z.iso.datetime({ offset: true }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORE_API_URL: z.url().optional(),
  SEED_FILE: z.string().min(1).optional(),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]+$/).default('consulta'),
});

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
    const shown = got === undefined ? '' : ` (got ${JSON.stringify(redactUrl(got))})`;
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
