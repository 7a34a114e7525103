import type { CoreApiError } from '@consulta/core-api/client';
import type { SkillName } from './contract';

interface Problem {
  field: string;
  message: string;
}

const isProblemList = (value: unknown): value is Problem[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && 'field' in item && 'message' in item);

/** What to ask the user again, one field per line, with the reason to relay. */
export function reaskHint(problems: Problem[]): string {
  const lines = problems.map((problem) => `- ${problem.field}: ${problem.message}`);
  return `Ask the user again for these answers, telling them why, then call again with the corrected intake:\n${lines.join('\n')}`;
}

const hintsByCode: Record<string, (error: CoreApiError, skill: SkillName) => string> = {
  slot_unavailable: (_error, skill) =>
    skill === 'accept_proposed_time'
      ? 'That proposed time was taken meanwhile. Tell the user and offer handoff_to_human, or to wait for the professional to propose again.'
      : 'That time was just taken. Call list_slots again and offer the new times.',
  proposal_closed: () => 'The proposed times changed meanwhile. Call list_my_appointments again and offer the times proposed now.',
  start_not_proposed: () => 'Pass one of the proposed starts exactly as list_my_appointments gave it under proposal.starts.',
  invalid_availability: () => 'The calendar change was refused as given. Read the message, fix the times and call again.',
  invalid_intake: (error) =>
    isProblemList(error.details) ? reaskHint(error.details) : 'Call get_intake_questions, ask the user the missing answers, then call again.',
  service_not_offered: (error) => {
    const offered = (error.details as { offered?: unknown } | undefined)?.offered;
    const ids = Array.isArray(offered) ? offered.join(', ') : 'see find_professionals';
    return `Use a serviceId this professional offers: ${ids}.`;
  },
  cutoff_passed: () =>
    'It is too late to change this appointment online. Do not retry: tell the user to contact the practice directly, or offer handoff_to_human.',
  appointment_not_found: () =>
    "There is no such appointment among the user's own. Call list_my_appointments and use one of the ids it returns.",
  professional_not_found: () => 'No professional has that id. Call find_professionals and use an id it returns.',
  service_not_found: () => 'No service has that id. Call find_professionals and use a service id it lists.',
  domain_not_found: () => 'The service points to an unknown domain. Offer handoff_to_human.',
  invalid_transition: () =>
    'The appointment is no longer requested or approved, so it cannot be changed. Call list_my_appointments to see its status and tell the user.',
  invalid_start: () => 'Pass start exactly as list_slots returned it (ISO 8601 with an offset).',
  invalid_date: () => 'Give from and to as YYYY-MM-DD.',
  invalid_range: () => 'Make "from" the same day as or earlier than "to".',
  range_too_long: () => 'Ask for a shorter range, at most 90 days at a time.',
  missing_filter: () => 'Give a professionalId or a specialty (and optionally a serviceId).',
  reason_required: () => "Ask the user for a reason and pass it as reason.",
  patient_required: () => 'This call must be made for the user being served. Do not retry; offer handoff_to_human.',
  idempotency_key_reused: () => 'This exact request was already made with other details. Call list_my_appointments to see what is booked.',
  route_not_found: () => 'This action is not available right now. Apologise and offer another way (contact the practice).',
};

const hintsByStatus: Array<[(status: number) => boolean, string]> = [
  [(status) => status === 401, 'The user is no longer signed in. Do not retry; tell the user to start the conversation again.'],
  [(status) => status === 403, 'The user may not do this. Do not retry; explain and offer handoff_to_human.'],
  [(status) => status === 404, 'Something with that id does not exist. Check the ids against earlier results and call again.'],
  [(status) => status === 409, 'The data changed meanwhile. Read it again (list_slots or list_my_appointments) and retry with fresh values.'],
  [(status) => status === 429, 'Too many requests. Wait a moment, then call again once.'],
  [(status) => status >= 400 && status < 500, 'The request was refused as given. Read the message, fix the arguments and call again.'],
];

/** How the model can fix a call core-api refused. */
export function hintForApiError(error: CoreApiError, skill: SkillName): string {
  const byCode = hintsByCode[error.code];
  if (byCode) return byCode(error, skill);
  const byStatus = hintsByStatus.find(([matches]) => matches(error.status));
  return byStatus?.[1] ?? `The service failed. Call ${skill} once more; if it fails again, apologise and offer handoff_to_human.`;
}
