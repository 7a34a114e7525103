import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import { loadDirectoryNames, toAppointmentResult } from './appointment-result';
import type { SkillContext } from './skill-context';
import { SkillError } from './skill-error';

/** The documents module's template of a confirmation (made on approval by its automation). */
const confirmationTemplate = 'appointment-confirmation';

/**
 * The confirmation document of one of the user's approved appointments (by
 * default the next one): the one the documents module made on approval, or
 * one generated now if there is none (an approval from before documents
 * existed). It lives in the user's documents; the result names it.
 */
export async function run(input: SkillInput<'get_my_confirmation'>, context: SkillContext): Promise<SkillResults['get_my_confirmation']> {
  const [approved, names] = await Promise.all([
    unwrap(context.api.GET('/api/v1/appointments', { params: { query: { status: 'approved' } } })),
    loadDirectoryNames(context.api),
  ]);
  const now = context.now().getTime();
  const chosen = input.appointmentId
    ? approved.find((appointment) => appointment.id === input.appointmentId)
    : approved.filter((appointment) => Date.parse(appointment.start) > now).sort((left, right) => Date.parse(left.start) - Date.parse(right.start))[0];
  if (!chosen) {
    throw new SkillError(
      'no_approved_appointment',
      input.appointmentId ? 'That appointment is not an approved appointment of the user.' : 'The user has no upcoming approved appointment.',
      'Only approved appointments have a confirmation. Offer to list the user\'s appointments (list_my_appointments).',
    );
  }
  const documents = await unwrap(context.api.GET('/api/v1/documents', { params: { query: {} } }));
  const existing = documents.find((document) => document.templateKey === confirmationTemplate && document.appointmentId === chosen.id);
  const document = existing ?? (await unwrap(context.api.POST('/api/v1/documents/generate', {
    // No locale: the documents module writes it in the patient's own language (or its default).
    body: { appointmentId: chosen.id, templateKey: confirmationTemplate },
  })));
  return {
    appointment: toAppointmentResult(chosen, names, context.user),
    document: { id: document.id, title: document.title, createdAt: document.createdAt },
    generatedNow: existing === undefined,
  };
}
