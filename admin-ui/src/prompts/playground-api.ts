import { useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { AdminApiError, type SessionState } from '../api/admin-api';
import { sessionQueryKey, useSession } from '../api/api-context';

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
  /** The prompt versions the run used, `promptId@version`. */
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

/**
 * The bot's own admin routes the prompts page needs beyond core-api: the
 * playground (a conversation with a chosen version, nothing put in force) and
 * the eval runs. Same session cookie and CSRF header as the admin API's calls.
 *
 * @example
 * const bot = createPlaygroundApi({ origin: window.location.origin, fetch, csrfToken: () => session.csrfToken });
 * const { conversationId, replies } = await bot.turn({ promptId: 'patient-system', domain: 'all', locale: 'en', version: 3, actAs: 'patient-ana', text: 'Hello' });
 */
export function createPlaygroundApi(options: { origin: string; fetch: typeof fetch; csrfToken: () => string }) {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await options.fetch(`${options.origin}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'GET' ? {} : { 'x-csrf-token': options.csrfToken() }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    if (!response.ok) throw new AdminApiError(response.status, payload.code ?? 'http_error', payload.message ?? `The server answered ${response.status}.`);
    return payload as T;
  }

  return {
    turn: (input: PlaygroundTurn) => call<PlaygroundAnswer>('POST', '/admin/playground/turns', input),
    evalRuns: () => call<{ runs: EvalRun[] }>('GET', '/admin/evals/runs'),
    startEvalRun: (input: EvalRunRequest) => call<{ id: string }>('POST', '/admin/evals/runs', input),
  };
}

export type PlaygroundApi = ReturnType<typeof createPlaygroundApi>;

/**
 * The bot routes over `send` (the browser's fetch unless a test hands in a
 * fake), with the CSRF token of the session the app already loaded. The token
 * is read at call time, so a refreshed session's token is the one sent.
 */
export function usePlaygroundApi(send?: typeof fetch): PlaygroundApi {
  const queryClient = useQueryClient();
  useSession();
  return useMemo(
    () =>
      createPlaygroundApi({
        origin: window.location.origin,
        fetch: send ?? ((...args: Parameters<typeof fetch>) => fetch(...args)),
        csrfToken: () => queryClient.getQueryData<SessionState>(sessionQueryKey)?.csrfToken ?? '',
      }),
    [send, queryClient],
  );
}
