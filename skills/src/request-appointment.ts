import { unwrap, type CoreApiClient } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import { loadDirectoryNames, toAppointmentResult } from './appointment-result';
import { intakeFieldsOf, requireService } from './directory-lookup';
import { reaskHint } from './failure-hints';
import { idempotencyKeyFor } from './idempotency-key';
import { checkIntake, normalizeIntake } from './intake-rules';
import type { SkillContext } from './skill-context';
import { SkillError } from './skill-error';
import { localDateIn } from './zoned-time';
import { profileAnswers } from './profile-answers';

type Input = SkillInput<'request_appointment'>;

const holdsSlot = (status: string) => status === 'requested' || status === 'approved';
/** How many earlier, since-ended bookings of the very same request are stepped over. */
const mostReplacedBookings = 10;

async function post(api: CoreApiClient, input: Input, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/appointments', {
      params: { header: { 'idempotency-key': idempotencyKey } },
      body: {
        professionalId: input.professionalId,
        serviceId: input.serviceId,
        start: input.start,
        intake: normalizeIntake(input.intake),
        ...(input.message ? { message: input.message } : {}),
      },
    }),
  );
}

/**
 * Posts the request once per distinct input, however often the model retries.
 * The key alone would also replay a booking the user has since cancelled or
 * moved, so a replay that no longer holds its slot leads to a fresh key
 * derived from it: retries still land on the same answer.
 */
async function requestOnce(context: SkillContext, input: Input) {
  const { api, user } = context;
  let replaced: string | undefined;
  for (let attempt = 0; attempt <= mostReplacedBookings; attempt++) {
    const created = await post(api, input, idempotencyKeyFor({ userId: user.id, skill: 'request_appointment', input, replaced }));
    const current = await unwrap(api.GET('/api/v1/appointments/{id}', { params: { path: { id: created.id } } }));
    if (holdsSlot(current.status)) return current;
    replaced = current.id;
  }
  throw new SkillError('too_many_rebookings', 'This exact request was booked and ended too many times.', 'Do not retry; offer handoff_to_human.');
}

/** Files a request at a slot list_slots offered. */
export async function run(given: Input, context: SkillContext): Promise<SkillResults['request_appointment']> {
  const service = await requireService(context.api, given.serviceId);
  const fields = await intakeFieldsOf(context.api, service);
  const fromProfile = await profileAnswers(context.api);
  const known = Object.fromEntries(Object.entries(fromProfile).filter(([key]) => fields.some((field) => field.key === key)));
  const input: Input = { ...given, intake: { ...known, ...given.intake } };
  // Checked here too: core-api does not know a birth date cannot lie in the future.
  const today = localDateIn(context.user.timeZone, context.now());
  const problems = checkIntake(fields, input.intake, today);
  if (problems.length > 0) {
    throw new SkillError('invalid_intake', 'Some intake answers are missing or not valid.', reaskHint(problems));
  }
  const appointment = await requestOnce(context, input);
  return { appointment: toAppointmentResult(appointment, await loadDirectoryNames(context.api), context.user) };
}
