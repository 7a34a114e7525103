/**
 * The verdict of one scenario from the end state (evals/FORMAT.md), like
 * tau-bench: appointment rows before and after the conversation, and the
 * assistant's replies. Pure: no database, no clock.
 */
import type { ExpectedAppointment, Expectations } from './scenario-schema';

/** One appointment row as the judge compares it. */
export interface AppointmentRow {
  id: string;
  professional: string;
  patient: string;
  service: string;
  /** Start in the professional's time zone, `YYYY-MM-DDTHH:MM`. */
  start: string;
  status: string;
  /** The whole row, canonical JSON: two snapshots are equal when the row is unchanged. */
  snapshot: string;
}

export interface JudgeInput {
  expect: Expectations;
  /** The rows as seeded, before the first user message. */
  before: AppointmentRow[];
  /** The rows when the conversation ended. */
  after: AppointmentRow[];
  /** The text of every assistant reply. */
  replies: string[];
  /** How many times the assistant answered. */
  assistantTurns: number;
}

export interface RowDifference {
  kind: 'missing' | 'unexpected' | 'changed-unchanged' | 'deleted';
  /** The expected row (missing), or the row as it ended (unexpected, changed-unchanged). */
  row: ExpectedAppointment | AppointmentRow;
  /** The seeded row, when it existed before. */
  before?: AppointmentRow;
}

export interface Verdict {
  passed: boolean;
  /** One line per broken expectation; empty when passed. */
  why: string[];
  differences: RowDifference[];
}

const key = (row: Pick<AppointmentRow, 'professional' | 'patient' | 'service' | 'start' | 'status'>) =>
  `${row.professional}|${row.patient}|${row.service}|${row.start}|${row.status}`;

export function describeRow(row: Pick<AppointmentRow, 'professional' | 'patient' | 'service' | 'start' | 'status'> & { id?: string }): string {
  return `${row.id ? `${row.id}: ` : ''}${row.professional} / ${row.patient} / ${row.service} / ${row.start} / ${row.status}`;
}

const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase('en');

/**
 * @example
 * const verdict = judge({ expect, before, after, replies: ['Booked for 10:20'], assistantTurns: 3 });
 */
export function judge(input: JudgeInput): Verdict {
  const { expect } = input;
  const why: string[] = [];
  const differences: RowDifference[] = [];
  const before = new Map(input.before.map((row) => [row.id, row]));
  const after = new Map(input.after.map((row) => [row.id, row]));

  for (const row of input.before) {
    if (!after.has(row.id)) {
      why.push(`appointment ${describeRow(row)} was deleted`);
      differences.push({ kind: 'deleted', row, before: row });
    }
  }

  for (const id of expect.unchanged) {
    const seeded = before.get(id);
    const now = after.get(id);
    if (!seeded) why.push(`unchanged: ${id} is not an appointment of the seed`);
    else if (now && now.snapshot !== seeded.snapshot) {
      why.push(`unchanged: ${id} changed: was ${describeRow(seeded)}, now ${describeRow(now)}`);
      differences.push({ kind: 'changed-unchanged', row: now, before: seeded });
    }
  }

  const created = input.after.filter((row) => !before.has(row.id));
  if (expect.no_new_appointments && created.length > 0) {
    why.push(`no_new_appointments: ${created.length} appointment${created.length > 1 ? 's were' : ' was'} created`);
  }

  // Rows this run created or changed; each must be one of the expected rows, and each expected row one of them.
  const touched = input.after.filter((row) => !before.has(row.id) || before.get(row.id)!.snapshot !== row.snapshot);
  const unmatched = [...touched];
  for (const expected of expect.appointments) {
    const index = unmatched.findIndex((row) => key(row) === key(expected));
    if (index >= 0) {
      unmatched.splice(index, 1);
      continue;
    }
    const near = touched.filter((row) => row.professional === expected.professional && row.patient === expected.patient);
    const untouched = input.after.find((row) => key(row) === key(expected));
    const hint = untouched
      ? ` (${untouched.id} has these values but was not created or changed by this run)`
      : near.length > 0
        ? ` (closest: ${near.map((row) => describeRow(row)).join('; ')})`
        : '';
    why.push(`expected appointment missing: ${describeRow(expected)}${hint}`);
    differences.push({ kind: 'missing', row: expected });
  }
  const reportedChanged = new Set(differences.filter((difference) => difference.kind === 'changed-unchanged').map((difference) => (difference.row as AppointmentRow).id));
  for (const row of unmatched) {
    if (reportedChanged.has(row.id)) continue;
    const seeded = before.get(row.id);
    why.push(seeded ? `unexpected change: ${describeRow(seeded)} → ${row.status === seeded.status ? describeRow(row) : row.status}` : `unexpected new appointment: ${describeRow(row)}`);
    differences.push({ kind: 'unexpected', row, ...(seeded ? { before: seeded } : {}) });
  }

  const replies = input.replies.map(fold);
  for (const wanted of expect.replies_include) {
    if (!replies.some((reply) => reply.includes(fold(wanted)))) why.push(`replies_include: no reply contains "${wanted}"`);
  }
  for (const unwanted of expect.replies_exclude) {
    const index = replies.findIndex((reply) => reply.includes(fold(unwanted)));
    if (index >= 0) why.push(`replies_exclude: reply ${index + 1} contains "${unwanted}"`);
  }

  if (expect.max_turns !== undefined && input.assistantTurns > expect.max_turns) {
    why.push(`max_turns: the assistant took ${input.assistantTurns} replies (at most ${expect.max_turns})`);
  }

  return { passed: why.length === 0, why, differences };
}
