import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './openapi';

export type { paths, components } from './openapi';

export interface CoreApiClientOptions {
  /** The origin core-api is served at (paths start with `/api/v1`), e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** A bearer token, or a function that answers one (refreshed as needed). */
  token?: string | (() => string | Promise<string>);
  /** Carried to core-api so logs line up across processes. */
  requestId?: string;
  /** Another fetch: the embedded default passes one that calls core-api in-process. */
  fetch?: typeof fetch;
}

/**
 * The typed core-api client, generated from core-api's own OpenAPI document.
 *
 * @example
 * const api = createCoreApiClient({ baseUrl: 'http://localhost:3000', token });
 * const { data, error } = await api.GET('/api/v1/appointments/{id}', { params: { path: { id: 'appt-seed-1' } } });
 */
export function createCoreApiClient(options: CoreApiClientOptions) {
  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch });
  const authenticate: Middleware = {
    async onRequest({ request }) {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      if (options.requestId) request.headers.set('x-request-id', options.requestId);
      return request;
    },
  };
  client.use(authenticate);
  return client;
}

export type CoreApiClient = ReturnType<typeof createCoreApiClient>;

/** A core-api error answer, as a value the caller can branch on by code. */
export class CoreApiError extends Error {
  override readonly name = 'CoreApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * The data of a client call, or a CoreApiError with core-api's code and message.
 *
 * @example
 * const appointment = await unwrap(api.GET('/api/v1/appointments/{id}', { params: { path: { id } } }));
 */
export async function unwrap<Data>(call: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  const { data, error, response } = await call;
  if (response.ok) return data as Data;
  const body = (error ?? {}) as { code?: string; message?: string; details?: unknown };
  throw new CoreApiError(response.status, body.code ?? 'http_error', body.message ?? `core-api answered ${response.status}`, body.details);
}

export { createInjectFetch } from './inject-fetch';
