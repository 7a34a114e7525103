import { performance } from 'node:perf_hooks';
import type { OutboundMessage } from '@consulta/channels';
import type { AssistantHarness } from '../bot/src/testing/assistant-harness';
import { createBenchAssistantHarness, type CoreApiCall } from './assistant-harness';
import { startFakeModelServer } from './fake-model-server';
import { summarize, type Summary } from './measure';
import { formatMs, formatRatio, formatSummary, type BenchResult, type ReportSection, type ResultRow } from './report';

/*
 * The assistant benchmarks: latency of whole turns of the LangGraph assistant on a fresh seeded
 * core-api (in-process, database included), with a frozen clock.
 *
 * 1. With the local model: scripted booking conversations, each in its own conversation id, on
 *    dates of their own so that no two compete for a slot; every conversation must end with a
 *    requested appointment at the time it picked.
 * 2. With an OpenAI-compatible model that answers plain text in a fixed 300 ms (a loopback fake,
 *    through the real `openai` client and the model chain): each turn is one model call, so the
 *    turn minus the model time (timed at the fake) is what the assistant adds around the model.
 */

const now = '2026-12-01T09:00:00Z';
const patients = ['patient-ana', 'patient-ben', 'patient-chloe'] as const;
const reason = "It's for a rash on my arm";
const modelDelayMs = 300;
const overheadTarget = 0.1;
// Every turn exchanges the user's identity at a rate-limited route; the benchmark is one caller on purpose.
const coreEnvironment = { RATE_LIMIT_AUTH_MAX: '1000000000', RATE_LIMIT_PUBLIC_MAX: '1000000000', RATE_LIMIT_USER_MAX: '1000000000' };

export interface AssistantBenchOptions {
  /** Timed conversations per suite (at most; see budgetMs). */
  conversations: number;
  /** Untimed conversations first, per suite. */
  warmup: number;
  /** Start no new timed conversation after this much wall time per suite… */
  budgetMs: number;
  /** …once at least this many have run. */
  minConversations: number;
}

export const defaultAssistantBenchOptions: AssistantBenchOptions = {
  conversations: 30,
  warmup: 2,
  budgetMs: 45_000,
  minConversations: 10,
};

export interface AssistantBenchResult {
  sections: ReportSection[];
  failures: string[];
}

export async function runAssistantBench(
  engineLabel: (version: string) => string,
  options: AssistantBenchOptions = defaultAssistantBenchOptions,
): Promise<AssistantBenchResult> {
  const local = await localModelSuite(engineLabel, options);
  const remote = await fakeModelSuite(engineLabel, options);
  return {
    sections: [local.section, remote.section],
    failures: [
      ...local.failures.map((failure) => `${local.section.title}: ${failure}`),
      ...remote.failures.map((failure) => `${remote.section.title}: ${failure}`),
    ],
  };
}

const progress = (step: string) => process.stderr.write(`  · ${step}\n`);

/* ---------- the script ---------- */

const steps = ['1. ask for a dermatology time', '2. pick the first time offered', '3. give the reason', '4. confirm "yes"'] as const;

interface Plan {
  conversation: string;
  patient: string;
  /** Local date (Madrid, where dr-lopez works) asked for; one per conversation. */
  date: string;
  ask: string;
}

const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// dr-lopez's closed days in the demo seed.
const closed = new Set(['2026-12-25', '2026-12-31']);

/**
 * Working days after the frozen clock, one per conversation: dr-lopez has 6 morning slots a day,
 * so distinct dates keep every conversation's first offer free whatever the order. Next Tuesday
 * (8 Dec, its 09:00 already booked by the seed) is asked for as "next Tuesday morning".
 */
function plans(count: number, prefix: string, offset = 0): Plan[] {
  const dates: string[] = [];
  for (let day = Date.parse('2026-12-02T12:00:00Z'); dates.length < offset + count; day += 86_400_000) {
    const date = new Date(day);
    const iso = date.toISOString().slice(0, 10);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6 && !closed.has(iso)) dates.push(iso);
  }
  return dates.slice(offset).map((date, index) => {
    const day = new Date(`${date}T12:00:00Z`);
    const when =
      date === '2026-12-08'
        ? 'next Tuesday morning'
        : `on ${weekdayNames[day.getUTCDay()]} ${day.getUTCDate()} ${monthNames[day.getUTCMonth()]} in the morning`;
    return {
      conversation: `${prefix}-${index}`,
      patient: patients[(offset + index) % patients.length]!,
      date,
      ask: `I'd like a dermatology appointment ${when}`,
    };
  });
}

interface Appointment {
  professionalId: string;
  serviceId: string;
  start: string;
  status: string;
}

const texts = (replies: OutboundMessage[]) => replies.map((reply) => reply.text).join('\n');
const clip = (text: string, length = 120) => (text.length > length ? `${text.slice(0, length)}…` : text).replaceAll('\n', ' ⏎ ');

interface ConversationOutcome {
  /** Latency of each turn that ran, in script order. */
  turnsMs: number[];
  /** Calls to core-api in each turn, and their summed time (they run one after another). */
  coreCalls: number[];
  coreMs: number[];
  /** Why the conversation did not end with the requested appointment; undefined when it did. */
  problem?: string;
}

/** One scripted booking; `pick` chooses what to answer to the offered times. */
async function bookingConversation(
  harness: AssistantHarness,
  plan: Plan,
  pick: 'label' | 'value' = 'label',
  observed?: CoreApiCall[],
): Promise<ConversationOutcome> {
  const turnsMs: number[] = [];
  const coreCalls: number[] = [];
  const coreMs: number[] = [];
  const say = async (text: string) => {
    const first = observed?.length ?? 0;
    const before = performance.now();
    const replies = await harness.say(text, { as: plan.patient, conversation: plan.conversation });
    turnsMs.push(performance.now() - before);
    const calls = observed?.slice(first) ?? [];
    coreCalls.push(calls.length);
    coreMs.push(calls.reduce((sum, call) => sum + call.ms, 0));
    return replies;
  };
  try {
    const offered = await say(plan.ask);
    const choice = offered.find((reply) => reply.choices?.length)?.choices?.[0];
    if (!choice) return { turnsMs, coreCalls, coreMs, problem: `no times offered for ${plan.date}: "${clip(texts(offered))}"` };
    await say(pick === 'label' ? choice.label : choice.value);
    await say(reason);
    const done = await say('yes');
    const appointments = (
      await harness.test.app.inject({ url: '/api/v1/appointments', headers: await harness.test.as(plan.patient) })
    ).json() as Appointment[];
    const booked = appointments.find(
      (appointment) =>
        Date.parse(appointment.start) === Date.parse(choice.value) &&
        appointment.professionalId === 'dr-lopez' &&
        appointment.status === 'requested',
    );
    if (!booked)
      return {
        turnsMs,
        coreCalls,
        coreMs,
        problem: `no requested appointment at ${choice.value} (picked "${pick === 'label' ? choice.label : choice.value}"); last reply "${clip(texts(done))}"`,
      };
    return { turnsMs, coreCalls, coreMs };
  } catch (error) {
    return { turnsMs, coreCalls, coreMs, problem: `turn ${turnsMs.length + 1} threw: ${(error as Error).message}` };
  }
}

async function versionOf(harness: AssistantHarness): Promise<string> {
  return (await harness.test.runtime.database.pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!
    .server_version;
}

/** Runs timed rounds until `count` or, after `minimum`, until the budget is spent. */
async function bounded<T>(count: number, options: AssistantBenchOptions, round: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    if (index >= options.minConversations && performance.now() - started > options.budgetMs) break;
    results.push(await round(index));
  }
  return results;
}

/* ---------- 1. the local model, database included ---------- */

async function localModelSuite(
  engineLabel: (version: string) => string,
  options: AssistantBenchOptions,
): Promise<BenchResult> {
  progress('assistant with the local model: booking conversations');
  const observed: CoreApiCall[] = [];
  const harness = await createBenchAssistantHarness({ now, coreEnvironment, observeCoreApi: (call) => observed.push(call) });
  try {
    const version = await versionOf(harness);
    const failures: string[] = [];
    // Warm-up, probe and timed conversations each take dates of their own.
    const warmupPlans = plans(options.warmup, 'bench-warmup');
    const timedPlans = plans(options.conversations, 'bench-local', options.warmup);
    for (const plan of warmupPlans) {
      const outcome = await bookingConversation(harness, plan);
      if (outcome.problem) failures.push(`warm-up ${plan.conversation}: ${outcome.problem}`);
    }
    const started = performance.now();
    const outcomes = await bounded(timedPlans.length, options, (index) =>
      bookingConversation(harness, timedPlans[index]!, 'label', observed),
    );
    const elapsedMs = performance.now() - started;
    const failed = outcomes
      .map((outcome, index) => ({ outcome, plan: timedPlans[index]! }))
      .filter(({ outcome }) => outcome.problem);
    for (const { outcome, plan } of failed.slice(0, 5)) failures.push(`${plan.conversation} (${plan.patient}, ${plan.date}): ${outcome.problem}`);
    if (failed.length > 5) failures.push(`… and ${failed.length - 5} more failed conversations`);

    // Untimed: the same script answering with the first choice's value instead of its label.
    const [probePlan] = plans(1, 'bench-value-probe', options.warmup + timedPlans.length);
    const probe = await bookingConversation(harness, probePlan!, 'value');

    const byStep = steps.map((_, step) => summarize(outcomes.flatMap((outcome) => outcome.turnsMs[step] ?? [])));
    const all = summarize(outcomes.flatMap((outcome) => outcome.turnsMs));
    const conversation = summarize(
      outcomes.filter((outcome) => outcome.turnsMs.length === steps.length).map((outcome) => outcome.turnsMs.reduce((a, b) => a + b, 0)),
    );
    const ok = outcomes.length - failed.length;
    const median = (values: number[]) => summarize(values).medianMs;
    const callsByStep = steps.map((_, step) => median(outcomes.flatMap((outcome) => outcome.coreCalls[step] ?? [])));
    const coreShare = median(
      outcomes.flatMap((outcome) => outcome.coreMs.map((ms, index) => ms / outcome.turnsMs[index]!)),
    );
    const rows: ResultRow[] = [
      ...steps.map((step, index) => latencyRow(`Turn ${step}, local model`, byStep[index]!)),
      latencyRow('Any turn, local model', all),
      latencyRow('Whole conversation (4 turns), local model', conversation),
      {
        measure: 'Conversations ending with a requested appointment at the picked time',
        value: `${ok} of ${outcomes.length}`,
        baseline: '—',
        ratio: '—',
        target: 'all',
        met: ok === outcomes.length,
      },
    ];
    const notes = [
      `Script: "I'd like a dermatology appointment <day> morning" → the first offered time's label → "${reason}" → "yes"; ` +
        `${outcomes.length} timed conversations (${all.count} turns) after ${warmupPlans.length} warm-up ones, each with its own conversation id and date ` +
        `(${timedPlans[0]!.date} … ${timedPlans[outcomes.length - 1]!.date}), patients cycling ${patients.join('/')}; ${(elapsedMs / 1000).toFixed(1)} s.`,
      'A turn = `assistant.handleTurn` as a channel calls it: token exchange, /me, checkpoint read, the graph (local model, skills over the typed client into core-api in-process, PGlite/PostgreSQL), checkpoint write.',
      `core-api calls per turn (median, by step): ${callsByStep.join(' / ')}; awaiting core-api is ${(coreShare * 100).toFixed(0)}% of a turn (median over turns), ` +
        'the rest is the local model, LangGraph with its in-memory checkpointer, and the client.',
      probe.problem
        ? `Answering with the first choice's \`value\` (an ISO instant) instead of its \`label\` does not book: ${probe.problem}.`
        : "Answering with the first choice's `value` (an ISO instant) instead of its `label` books as well.",
    ];
    return { section: { title: `Assistant, local model — ${engineLabel(version)}`, rows, notes }, failures };
  } finally {
    await harness.close();
  }
}

/* ---------- 2. a 300 ms OpenAI-compatible model: orchestration overhead ---------- */

interface RemoteTurn {
  turnMs: number;
  /** Sum of the model calls of the turn, timed at the fake server. */
  modelMs: number;
  calls: number;
  /** From the turn's start to the model call's arrival at the fake. */
  beforeMs: number;
  /** From the model's answer leaving the fake to the turn's end. */
  afterMs: number;
  reply: string;
  /** core-api calls made before the model call. */
  core: CoreApiCall[];
}

async function fakeModelSuite(
  engineLabel: (version: string) => string,
  options: AssistantBenchOptions,
): Promise<BenchResult> {
  progress(`assistant with a ${modelDelayMs} ms OpenAI-compatible fake: orchestration overhead`);
  const server = await startFakeModelServer({ delayMs: modelDelayMs, text: 'ok' });
  let harness: AssistantHarness | undefined;
  try {
    const observed: CoreApiCall[] = [];
    harness = await createBenchAssistantHarness({
      now,
      environment: { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: 'bench' },
      coreEnvironment,
      observeCoreApi: (call) => observed.push(call),
    });
    const version = await versionOf(harness);
    const failures: string[] = [];
    const script = (plan: Plan) => [plan.ask, 'Tue 8 Dec, 09:40', reason, 'yes'];
    const conversation = async (plan: Plan): Promise<RemoteTurn[]> => {
      const turns: RemoteTurn[] = [];
      for (const text of script(plan)) {
        const first = server.calls.length;
        const firstCore = observed.length;
        const before = performance.now();
        const replies = await harness!.say(text, { as: plan.patient, conversation: plan.conversation });
        const after = performance.now();
        const calls = server.calls.slice(first);
        turns.push({
          turnMs: after - before,
          modelMs: calls.reduce((sum, call) => sum + (call.sentAt - call.receivedAt), 0),
          calls: calls.length,
          beforeMs: calls.length > 0 ? calls[0]!.receivedAt - before : Number.NaN,
          afterMs: calls.length > 0 ? after - calls.at(-1)!.sentAt : Number.NaN,
          reply: texts(replies),
          core: calls.length === 1 ? observed.slice(firstCore).filter((call) => call.startedAt < calls[0]!.receivedAt) : [],
        });
      }
      return turns;
    };
    for (const plan of plans(options.warmup, 'bench-fake-warmup')) await conversation(plan);
    const timedPlans = plans(options.conversations, 'bench-fake');
    const started = performance.now();
    const turns = (await bounded(timedPlans.length, options, (index) => conversation(timedPlans[index]!))).flat();
    const elapsedMs = performance.now() - started;

    const wrongCalls = turns.filter((turn) => turn.calls !== 1);
    if (wrongCalls.length > 0)
      failures.push(
        `${wrongCalls.length} of ${turns.length} turns made other than exactly one model call (${[...new Set(wrongCalls.map((turn) => turn.calls))].join(', ')} calls)`,
      );
    const wrongReplies = turns.filter((turn) => turn.reply !== 'ok');
    if (wrongReplies.length > 0)
      failures.push(`${wrongReplies.length} turns did not answer the model's "ok" (e.g. "${clip(wrongReplies[0]!.reply)}")`);

    const measured = turns.filter((turn) => turn.calls === 1);
    const turnLatency = summarize(measured.map((turn) => turn.turnMs));
    const modelTimes = measured.map((turn) => turn.modelMs);
    const model = summarize(modelTimes);
    const modelMean = modelTimes.reduce((a, b) => a + b, 0) / modelTimes.length;
    const overheads = summarize(measured.map((turn) => (turn.turnMs - turn.modelMs) / turn.modelMs));
    const beforeModel = summarize(measured.map((turn) => turn.beforeMs));
    const afterModel = summarize(measured.map((turn) => turn.afterMs));
    const wire = summarize(measured.map((turn) => turn.turnMs - turn.modelMs));
    const routes = new Map<string, number[]>();
    for (const call of measured.flatMap((turn) => turn.core)) {
      const route = `${call.method} ${call.path.replace('/api/v1', '')}`;
      routes.set(route, [...(routes.get(route) ?? []), call.ms]);
    }
    const coreBefore = summarize(measured.map((turn) => turn.core.reduce((sum, call) => sum + call.ms, 0)));
    const coreCalls = summarize(measured.map((turn) => turn.core.length)).medianMs;
    const percent = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : 'n/a');
    const rows: ResultRow[] = [
      {
        measure: `Turn latency, fake OpenAI-compatible model answering in ${modelDelayMs} ms`,
        value: formatSummary(turnLatency),
        baseline: `${formatMs(modelMean)} mean model time (median ${formatMs(model.medianMs)}, p95 ${formatMs(model.p95Ms)})`,
        ratio: formatRatio(turnLatency.medianMs / modelMean),
        target: `≤ ${formatRatio(1 + overheadTarget)} model`,
        met: turnLatency.medianMs / modelMean <= 1 + overheadTarget,
      },
      {
        measure: 'Orchestration overhead per turn, (turn − model time) / model time',
        value: `${percent(overheads.medianMs)} (p95 ${percent(overheads.p95Ms)})`,
        baseline: '—',
        ratio: '—',
        target: `< ${percent(overheadTarget)} (median)`,
        met: overheads.medianMs < overheadTarget,
      },
      {
        measure: 'Model calls per turn (plain-text answers)',
        value: `${measured.length} of ${turns.length} turns with exactly 1`,
        baseline: '—',
        ratio: '—',
        target: 'exactly 1 each',
        met: measured.length === turns.length,
      },
    ];
    const notes = [
      `${turns.length} timed turns (${turns.length / steps.length} conversations of the booking script, each in its own conversation id) after ${options.warmup} warm-up conversations; ${(elapsedMs / 1000).toFixed(1)} s. ` +
        'The model is the real model chain (`ChatOpenAI` with the skills bound, then the local model as fallback) pointed at a loopback fake (`OPENAI_BASE_URL`); ' +
        `the fake waits ${modelDelayMs} ms and answers "ok" with no tool call, so no skill runs and every turn is receive → agent → end.`,
      'Model time is timed at the fake, from the request arriving to the response finished (reading the request body included); ' +
        `overhead per turn = (turn latency − that turn's model time) / model time; the ratio column = median turn / mean model time.`,
      `The ${formatMs(wire.medianMs)} (p95 ${formatMs(wire.p95Ms)}) of a turn outside the model: ${formatMs(beforeModel.medianMs)} (p95 ${formatMs(beforeModel.p95Ms)}) before the request reaches the model ` +
        '(token exchange, /me, checkpoint read, system prompt with its active-prompt and organization look-ups, message conversion, HTTP client) and ' +
        `${formatMs(afterModel.medianMs)} (p95 ${formatMs(afterModel.p95Ms)}) after the answer leaves it (response parsing, checkpoint write).`,
      `Before the model, each turn awaits ${coreCalls} core-api calls one after another, ${formatMs(coreBefore.medianMs)} (p95 ${formatMs(coreBefore.p95Ms)}) in all: ` +
        [...routes].map(([route, ms]) => `\`${route}\` ${formatMs(summarize(ms).medianMs)}`).join(', ') +
        ` (medians); the remaining ≈ ${formatMs(beforeModel.medianMs - coreBefore.medianMs)} is LangGraph (checkpoint reads and writes of the in-memory saver), message conversion and the HTTP client.`,
    ];
    return {
      section: { title: `Assistant, fake OpenAI-compatible model (${modelDelayMs} ms) — ${engineLabel(version)}`, rows, notes },
      failures,
    };
  } finally {
    await harness?.close();
    await server.close();
  }
}

function latencyRow(measure: string, summary: Summary): ResultRow {
  return {
    measure,
    value: `${formatSummary(summary)}, n = ${summary.count}`,
    baseline: '—',
    ratio: '—',
    target: '—',
    met: null,
  };
}
