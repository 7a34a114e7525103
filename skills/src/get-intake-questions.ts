import type { SkillInput, SkillResults } from './contract';
import { intakeFieldsOf, requireService } from './directory-lookup';
import type { SkillContext } from './skill-context';
import { profileAnswers } from './profile-answers';

/** The questions to ask before a request, generated from the service's domain intake fields. */
export async function run(input: SkillInput<'get_intake_questions'>, context: SkillContext): Promise<SkillResults['get_intake_questions']> {
  const service = await requireService(context.api, input.serviceId);
  const fields = await intakeFieldsOf(context.api, service);
  const known = await profileAnswers(context.api);
  return {
    serviceId: service.id,
    domain: service.domainId,
    // Fields the profile answers are filled in by request_appointment and not asked.
    answeredFromProfile: Object.keys(known).filter((key) => fields.some((field) => field.key === key)),
    fields: fields.filter((field) => !(field.key in known)).map((field) => ({
      key: field.key,
      label: field.label,
      type: field.type,
      required: field.required,
      ...(field.options ? { options: field.options } : {}),
      ...(field.pattern ? { pattern: field.pattern } : {}),
    })),
  };
}
