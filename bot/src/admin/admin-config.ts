import { z } from 'zod';
import { ConfigError } from '@consulta/core-api';

/** The admin UI's settings: the session key and, outside dev mode, the Entra app it signs people in with. */
export const adminConfigSchema = z.object({
  /** Key of the session and CSRF cookies (at least 32 characters); generated in DATA_DIR in dev mode. */
  ADMIN_SESSION_SECRET: z.string().min(32).optional(),
  /** The admin UI's Entra app registration (a confidential web client). */
  ADMIN_ENTRA_CLIENT_ID: z.string().min(1).optional(),
  ADMIN_ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
  ADMIN_ENTRA_TENANT: z.string().min(1).optional(),
  /** Where Entra sends the browser back, registered on the app: https://<host>/admin/auth/callback. */
  ADMIN_ENTRA_REDIRECT: z.url().optional(),
  /** The delegated scope of core-api's app that the session's token carries. */
  ADMIN_ENTRA_SCOPE: z.string().min(1).default('api://consulta/access_as_user'),
  /** Another authority host (sovereign clouds; tests use a fake). */
  ADMIN_ENTRA_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
});

export type AdminConfig = z.infer<typeof adminConfigSchema>;

export interface EntraAppSettings {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  redirectUri: string;
  scope: string;
  authorityHost: string;
}

/**
 * Reads the admin settings; a bad value names its variable, like the other
 * configuration schemas. Entra sign-in needs all four of client id, secret,
 * tenant and redirect, or none.
 */
export function loadAdminConfig(environment: Record<string, string | undefined>): AdminConfig {
  const present = Object.fromEntries(Object.entries(environment).filter(([key, value]) => key in adminConfigSchema.shape && value !== ''));
  const parsed = adminConfigSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(variable, `Invalid configuration: ${variable}: ${issue.message}`);
  }
  const entraKeys = ['ADMIN_ENTRA_CLIENT_ID', 'ADMIN_ENTRA_CLIENT_SECRET', 'ADMIN_ENTRA_TENANT', 'ADMIN_ENTRA_REDIRECT'] as const;
  const given = entraKeys.filter((key) => parsed.data[key]);
  if (given.length > 0 && given.length < entraKeys.length) {
    const absent = entraKeys.find((key) => !parsed.data[key])!;
    throw new ConfigError(absent, `Invalid configuration: ${absent}: required with ${given.join(', ')}`);
  }
  return parsed.data;
}

/** The Entra app, when configured. */
export function entraAppSettings(config: AdminConfig): EntraAppSettings | undefined {
  if (!config.ADMIN_ENTRA_CLIENT_ID || !config.ADMIN_ENTRA_CLIENT_SECRET || !config.ADMIN_ENTRA_TENANT || !config.ADMIN_ENTRA_REDIRECT) return undefined;
  return {
    clientId: config.ADMIN_ENTRA_CLIENT_ID,
    clientSecret: config.ADMIN_ENTRA_CLIENT_SECRET,
    tenantId: config.ADMIN_ENTRA_TENANT,
    redirectUri: config.ADMIN_ENTRA_REDIRECT,
    scope: config.ADMIN_ENTRA_SCOPE,
    authorityHost: config.ADMIN_ENTRA_AUTHORITY_HOST.replace(/\/$/, ''),
  };
}
