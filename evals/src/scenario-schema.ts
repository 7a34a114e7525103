/**
 * The scenario file format (evals/FORMAT.md) as a schema. Parsing errors name
 * the file and the field, e.g.
 * `evals/scenarios/x.yaml: expect.appointments.0.start: a local time like 2026-12-08T10:20`.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';

export const channels = ['webchat', 'sms', 'whatsapp', 'teams'] as const;
export const appointmentStatuses = [
  'requested', 'approved', 'declined', 'expired', 'cancelled', 'rescheduled', 'completed', 'no_show',
] as const;
/** Fixtures a scenario may name; `demo` is core-api/src/seed/demo.yaml. */
export const seeds = ['demo'] as const;

// YAML 1.1 readers turn unquoted timestamps into dates; accept both and keep text.
const text = (pattern: RegExp, message: string) =>
  z.preprocess((value) => (value instanceof Date ? value.toISOString() : value), z.string().regex(pattern, message));

const instant = text(
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
  'an instant with its offset, like 2026-12-01T09:00:00Z',
).refine((value) => !Number.isNaN(Date.parse(value)), 'not a real date');

const localStart = text(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "a local time of the professional like 2026-12-08T10:20 (no seconds, no offset)");

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case, like book-derm-next-tuesday');

export const expectedAppointmentSchema = z.strictObject({
  professional: z.string().min(1),
  patient: z.string().min(1),
  service: z.string().min(1),
  start: localStart,
  status: z.enum(appointmentStatuses),
});

export const scenarioSchema = z.strictObject({
  id,
  tags: z.array(z.string().min(1)).default([]),
  seed: z.enum(seeds).default('demo'),
  now: instant,
  channel: z.enum(channels),
  user: z
    .strictObject({
      id: z.string().min(1),
      locale: z.string().min(2).default('en'),
      turns: z.array(z.string()).min(1).optional(),
      goal: z.string().min(1).optional(),
    })
    .refine((user) => user.turns !== undefined || user.goal !== undefined, 'needs `turns` (scripted user) or `goal` (LLM user)'),
  expect: z
    .strictObject({
      appointments: z.array(expectedAppointmentSchema).default([]),
      unchanged: z.array(z.string().min(1)).default([]),
      no_new_appointments: z.boolean().default(false),
      replies_include: z.array(z.string().min(1)).default([]),
      replies_exclude: z.array(z.string().min(1)).default([]),
      max_turns: z.number().int().positive().optional(),
    })
    .refine((expect) => !(expect.no_new_appointments && expect.appointments.length > 0), {
      message: '`no_new_appointments: true` contradicts the new rows listed under `appointments`',
      path: ['no_new_appointments'],
    }),
});

export type Scenario = z.infer<typeof scenarioSchema> & {
  /** Where the scenario was read from. */
  file: string;
};
export type ExpectedAppointment = z.infer<typeof expectedAppointmentSchema>;
export type Expectations = Scenario['expect'];

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/**
 * Parses one scenario file's text; throws a ScenarioError naming the file and field.
 *
 * @example
 * const scenario = parseScenario(readFileSync(file, 'utf8'), file);
 */
export function parseScenario(source: string, file: string): Scenario {
  const document = parseDocument(source, { prettyErrors: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0];
    throw new ScenarioError(`${file}${line ? `:${line.line}` : ''}: not valid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const parsed = scenarioSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      return `${file}: ${field}: ${describeIssue(issue)}`;
    });
    throw new ScenarioError(problems.join('\n'));
  }
  return { ...parsed.data, file };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return 'is required';
  return issue.message;
}
