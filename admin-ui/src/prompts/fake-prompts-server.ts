import type { Activation, PromptVersion, SessionState, ShippedPrompt } from '../api/admin-api';
import type { EvalRun, PlaygroundReply, PlaygroundTurn } from '../api/admin-api';

interface Call {
  method: string;
  /** The path as the browser asked it: `/admin/api/v1/…` for core-api, `/admin/…` for the bot's own routes. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  csrf: string | null;
}

type Failure = { status: number; code: string; message: string };

export const csrfToken = 'csrf-prompts-1';

/** A shipped prompt file as the bot lists it. */
export function shippedPrompt(overrides: Partial<ShippedPrompt> & Pick<ShippedPrompt, 'promptId'>): ShippedPrompt {
  return { purpose: 'patient', domain: 'all', locale: 'en', body: 'You are the booking assistant of {{organizationName}}.', ...overrides };
}

/** A stored prompt version as core-api lists it. */
export function promptVersion(overrides: Partial<PromptVersion> & Pick<PromptVersion, 'promptId' | 'version'>): PromptVersion {
  return { domain: 'all', locale: 'en', body: `Body of version ${overrides.version}`, note: null, createdBy: 'admin-sam', createdAt: '2026-11-20T09:00:00.000Z', ...overrides };
}

/** An eval run as the bot lists it: finished and passed unless told. */
export function evalRun(overrides: Partial<EvalRun> & Pick<EvalRun, 'id' | 'startedAt'>): EvalRun {
  return {
    finishedAt: overrides.startedAt, status: 'passed', model: 'gpt-4.1-mini', k: 3, tags: [], prompts: [], scenarios: 12, pass1: 0.5, passK: 0.4, error: null,
    ...overrides,
  };
}

/**
 * What the prompts page talks to, in memory, as a `fetch`: the bot's session,
 * shipped prompts, playground and eval routes, and core-api's prompt routes
 * behind `/admin/api/v1`. It records every call and changes its state as the
 * servers would (activations newest first, one eval run at a time).
 */
export function fakePromptsServer(initial: {
  shipped?: ShippedPrompt[];
  versions?: PromptVersion[];
  activations?: Array<Pick<Activation, 'version'> & Partial<Activation> & { promptId: string; domain?: string; locale?: string }>;
  runs?: EvalRun[];
  /** The assistant's replies to a playground turn (by default it echoes the text). */
  replies?: (turn: PlaygroundTurn, turnNumber: number) => PlaygroundReply[];
  /** Routes (`POST /admin/playground/turns`) that answer with this error instead. */
  failures?: Record<string, Failure>;
}) {
  const versions = [...(initial.versions ?? [])];
  const activations = new Map<string, Activation[]>();
  for (const { promptId, domain = 'all', locale = 'en', ...activation } of initial.activations ?? []) {
    const key = `${promptId}|${domain}|${locale}`;
    activations.set(key, [...(activations.get(key) ?? []), { variantVersion: null, variantShare: null, activatedBy: 'admin-sam', at: '2026-11-21T09:00:00.000Z', ...activation }]);
  }
  const runs = [...(initial.runs ?? [])];
  const conversations = new Map<string, PlaygroundTurn[]>();
  const calls: Call[] = [];
  let clock = Date.parse('2026-11-28T10:00:00.000Z');
  const now = () => new Date((clock += 60_000)).toISOString();
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const exists = (promptId: string, domain: string, locale: string, version: number) =>
    version === 0 || versions.some((item) => item.promptId === promptId && item.domain === domain && item.locale === locale && item.version === version);

  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const body = text ? JSON.parse(text) : undefined;
    calls.push({ method: request.method, path: url.pathname, query: url.searchParams, body, csrf: request.headers.get('x-csrf-token') });
    const route = `${request.method} ${url.pathname}`;
    const failure = initial.failures?.[route];
    if (failure) return json({ code: failure.code, message: failure.message }, failure.status);

    if (route === 'GET /admin/session') {
      const session: SessionState = { user: { id: 'admin-sam', name: 'Sam Admin', role: 'admin' }, csrfToken, signIn: { devUsers: null, entra: false } };
      return json(session);
    }
    if (route === 'GET /admin/prompts/shipped') return json(initial.shipped ?? []);
    if (route === 'GET /admin/api/v1/prompts/versions') return json(versions);
    const prompt = /^\/admin\/api\/v1\/prompts\/([a-z0-9-]+)\/(versions|activate|rollback|activations)$/.exec(url.pathname);
    if (prompt) {
      const [, promptId, action] = prompt as unknown as [string, string, string];
      const { domain, locale } = action === 'activations' ? { domain: url.searchParams.get('domain')!, locale: url.searchParams.get('locale')! } : (body as { domain: string; locale: string });
      const key = `${promptId}|${domain}|${locale}`;
      const history = activations.get(key) ?? [];
      const activate = (input: { version: number; variantVersion?: number; variantShare?: number }) => {
        for (const version of [input.version, input.variantVersion].filter((value): value is number => value !== undefined)) {
          if (!exists(promptId, domain, locale, version)) return json({ code: 'prompt_version_not_found', message: `No prompt version with id "${promptId}@${version}".` }, 404);
        }
        // As core-api stores it: a variant's share only when the variant number is truthy.
        const activation: Activation = {
          version: input.version, variantVersion: input.variantVersion ?? null, variantShare: input.variantVersion ? (input.variantShare ?? 0.5) : null,
          activatedBy: 'admin-sam', at: now(),
        };
        activations.set(key, [activation, ...history]);
        return json(activation);
      };
      if (action === 'activations' && request.method === 'GET') return json(history);
      if (action === 'versions' && request.method === 'POST') {
        const version = Math.max(0, ...versions.filter((item) => `${item.promptId}|${item.domain}|${item.locale}` === key).map((item) => item.version)) + 1;
        const { body: written, note } = body as { body: string; note?: string };
        versions.push(promptVersion({ promptId, domain, locale, version, body: written, note: note ?? null, createdAt: now() }));
        return json({ promptId, domain, locale, version }, 201);
      }
      if (action === 'activate') return activate(body as { version: number; variantVersion?: number; variantShare?: number });
      if (action === 'rollback') {
        const previous = history[1] ?? (history[0] ? { version: 0, variantVersion: null, variantShare: null } : null);
        if (!previous) return json({ code: 'nothing_to_roll_back', message: 'This prompt has never been changed.' }, 409);
        return activate({ version: previous.version, variantVersion: previous.variantVersion ?? undefined, variantShare: previous.variantShare ?? undefined });
      }
    }

    if (route === 'POST /admin/playground/turns') {
      const turn = body as PlaygroundTurn;
      const missing = ['promptId', 'domain', 'locale', 'version', 'actAs', 'text'].filter((field) => turn?.[field as keyof PlaygroundTurn] === undefined);
      if (missing.length) return json({ code: 'invalid_request', message: `body must have required property '${missing[0]}'` }, 400);
      if (!exists(turn.promptId, turn.domain, turn.locale, turn.version)) {
        return json({ code: 'version_not_found', message: `No version ${turn.version} of ${turn.promptId} (${turn.domain}, ${turn.locale}).` }, 404);
      }
      const conversationId = turn.conversationId ?? `playground-${conversations.size + 1}`;
      const turns = [...(conversations.get(conversationId) ?? []), turn];
      conversations.set(conversationId, turns);
      const replies = initial.replies?.(turn, turns.length) ?? [{ text: `You said: ${turn.text}`, choices: [] }];
      return json({ conversationId, replies });
    }

    if (route === 'GET /admin/evals/runs') return json({ runs });
    if (route === 'POST /admin/evals/runs') {
      if (runs.some((run) => run.status === 'running')) return json({ code: 'eval_running', message: 'An eval run is already running; wait for it to finish.' }, 409);
      const { tags, prompt } = (body ?? {}) as { tags?: string[]; prompt?: { promptId: string; domain: string; locale: string; version: number } };
      const id = `run-${runs.length + 1}`;
      runs.unshift(evalRun({
        id, startedAt: now(), finishedAt: null, status: 'running', tags: tags ?? [], prompts: prompt ? [`${prompt.promptId}/${prompt.domain}/${prompt.locale}@${prompt.version}`] : [],
        scenarios: 0, pass1: null, passK: null,
      }));
      return json({ id }, 202);
    }
    return json({ code: 'route_not_found', message: `No route ${route}` }, 404);
  }) as typeof globalThis.fetch;

  return {
    fetch,
    calls,
    /** The calls to one route (`POST /admin/playground/turns`, or a core-api path such as `POST /prompts/patient-system/activate`). */
    callsTo: (route: string) => {
      const [method, path] = route.split(' ') as [string, string];
      return calls.filter((call) => call.method === method && (call.path === path || call.path === `/admin/api/v1${path}`));
    },
    activations: (promptId: string, domain = 'all', locale = 'en') => activations.get(`${promptId}|${domain}|${locale}`) ?? [],
    /** An eval run ends, as the bot's runner would record it. */
    finishRun: (id: string, result: Pick<EvalRun, 'status' | 'pass1' | 'passK'> & Partial<EvalRun>) => {
      const run = runs.find((candidate) => candidate.id === id)!;
      Object.assign(run, { finishedAt: now(), scenarios: 12, ...result });
    },
  };
}
