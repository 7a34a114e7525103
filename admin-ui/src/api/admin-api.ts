import { createCoreClient, type CoreClient, type paths } from './core-client';

export { unwrap, CoreApiError } from './core-client';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type Appointment = JsonOf<paths['/api/v1/appointments']['get']['responses'][200]>[number];
export type Service = JsonOf<paths['/api/v1/services']['get']['responses'][200]>[number];
export type Professional = JsonOf<paths['/api/v1/professionals']['get']['responses'][200]>[number];
export type Domain = JsonOf<paths['/api/v1/domains']['get']['responses'][200]>[number];
export type Slot = JsonOf<paths['/api/v1/professionals/{id}/slots']['get']['responses'][200]>['slots'][number];
export type PromptVersion = JsonOf<paths['/api/v1/prompts/versions']['get']['responses'][200]>[number];
export type Activation = JsonOf<paths['/api/v1/prompts/{promptId}/activations']['get']['responses'][200]>[number];
export type AnalyticsQuery = NonNullable<paths['/api/v1/analytics/summary']['get']['parameters']['query']>;
export type AnalyticsSummary = JsonOf<paths['/api/v1/analytics/summary']['get']['responses'][200]>;
export type AnalyticsBreakdown = JsonOf<paths['/api/v1/analytics/by-professional']['get']['responses'][200]>;
export type TemplateVersion = JsonOf<paths['/api/v1/notifications/templates/versions']['get']['responses'][200]>[number];
export type TemplateActivation = JsonOf<paths['/api/v1/notifications/templates/{event}/{channel}/{locale}/activations']['get']['responses'][200]>[number];
export type TemplateKey = paths['/api/v1/notifications/templates/{event}/{channel}/{locale}']['get']['parameters']['path'];

export type StaffRole = 'professional' | 'admin';
export interface SessionUser {
  id: string;
  name: string;
  role: StaffRole;
}
export interface SessionState {
  user: SessionUser | null;
  csrfToken: string;
  signIn: { devUsers: Array<SessionUser> | null; entra: boolean };
}
export interface ShippedPrompt {
  promptId: string;
  purpose: string;
  domain: string;
  locale: string;
  body: string;
}

export interface PlaygroundTurn {
  promptId: string;
  domain: string;
  locale: string;
  version: number;
  /** `visitor`, or (dev mode) the seed patient the assistant talks to. */
  actAs: string;
  text: string;
  conversationId?: string;
  /** The zone a visitor's times are shown in: the admin's browser's. */
  timeZone?: string;
}
export interface PlaygroundChoice {
  id: string;
  label: string;
}
export interface PlaygroundReply {
  text: string;
  choices: PlaygroundChoice[];
}
export interface PlaygroundAnswer {
  conversationId: string;
  replies: PlaygroundReply[];
}

export type EvalRunStatus = 'running' | 'passed' | 'failed' | 'error';
export interface EvalRun {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: EvalRunStatus;
  model: string;
  k: number;
  tags: string[];
  /** The prompt versions the run used, `promptId/domain/locale@version` (0: the shipped file). */
  prompts: string[];
  scenarios: number;
  pass1: number | null;
  passK: number | null;
  error: string | null;
}
export interface EvalRunRequest {
  tags?: string[];
  prompt?: { promptId: string; domain: string; locale: string; version: number };
}

/** An admin-route error with the server's code, like core-api's. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the UI calls: the typed core-api client, pointed at the bot's
 * `/admin/api/v1` (which adds the session's token server-side, so paths stay
 * core-api's own `/api/v1/…`), plus the session routes. Every change carries
 * the CSRF token. The bot's own routes (session, shipped prompts, playground,
 * eval runs) go through the same call.
 *
 * @example
 * const api = createAdminApi({ origin: window.location.origin });
 * const inbox = await unwrap(api.core.GET('/api/v1/appointments', { params: { query: { status: 'requested' } } }));
 */
export function createAdminApi(options: { origin: string; fetch?: typeof fetch }) {
  const send = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  let csrfToken = '';
  const core: CoreClient = createCoreClient({ baseUrl: `${options.origin}/admin`, fetch: send });
  core.use({
    onRequest({ request }) {
      if (request.method !== 'GET') request.headers.set('x-csrf-token', csrfToken);
      return request;
    },
  });

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await send(`${options.origin}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    if (!response.ok) throw new AdminApiError(response.status, payload.code ?? 'http_error', payload.message ?? `The server answered ${response.status}.`);
    return payload as T;
  }

  return {
    core,
    async session(): Promise<SessionState> {
      const state = await call<SessionState>('GET', '/admin/session');
      csrfToken = state.csrfToken;
      return state;
    },
    signInDev: (userId: string) => call<{ user: SessionUser }>('POST', '/admin/session/dev', { userId }),
    signOut: () => call<void>('POST', '/admin/session/signout'),
    shippedPrompts: () => call<ShippedPrompt[]>('GET', '/admin/prompts/shipped'),
    /** A playground turn with a chosen prompt version; nothing is put in force. */
    playgroundTurn: (input: PlaygroundTurn) => call<PlaygroundAnswer>('POST', '/admin/playground/turns', input),
    evalRuns: () => call<{ runs: EvalRun[] }>('GET', '/admin/evals/runs'),
    startEvalRun: (input: EvalRunRequest) => call<{ id: string }>('POST', '/admin/evals/runs', input),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
