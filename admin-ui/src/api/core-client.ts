import createClient from 'openapi-fetch';
// Only the generated types, by path: the package's client module also holds the Node-only in-process
// fetch (createInjectFetch), whose Buffer body does not type-check against the DOM's fetch types.
import type { paths } from '../../../core-api/src/client/openapi';

export type { paths };

/**
 * The typed core-api client (openapi-fetch over core-api's generated OpenAPI
 * types), as @consulta/core-api/client builds it, minus the bearer token:
 * the bot's /admin/api adds that on the server.
 *
 * @example
 * const core = createCoreClient({ baseUrl: 'https://consulta.example.com/admin' });
 * const inbox = await unwrap(core.GET('/api/v1/appointments', { params: { query: { status: 'requested' } } }));
 */
export function createCoreClient(options: { baseUrl: string; fetch?: typeof fetch }) {
  return createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch, credentials: 'same-origin' });
}

export type CoreClient = ReturnType<typeof createCoreClient>;

/** One bad field of a refused request, as core-api's `details` name it (`weekly[1]`, `body/intakeFields/0/key`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A core-api error answer, with the API's code (the same shape as @consulta/core-api/client's) and its field problems. */
export class CoreApiError extends Error {
  override readonly name = 'CoreApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }

  /** The message followed by each field problem, so "not valid" says what is not. */
  get explained(): string {
    return [this.message, ...this.problems.map((problem) => `${problem.field}: ${problem.message}`)].join(' ');
  }
}

/** The data of a client call, or a CoreApiError with core-api's code, message and field problems. */
export async function unwrap<Data>(call: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  const { data, error, response } = await call;
  if (response.ok) return data as Data;
  const body = (error ?? {}) as { code?: string; message?: string; details?: unknown };
  const problems = Array.isArray(body.details)
    ? body.details.filter((item): item is FieldProblem => typeof item?.field === 'string' && typeof item?.message === 'string')
    : [];
  throw new CoreApiError(response.status, body.code ?? 'http_error', body.message ?? `The server answered ${response.status}.`, problems);
}
