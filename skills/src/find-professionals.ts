import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import { loadServices } from './directory-lookup';
import type { SkillContext } from './skill-context';

/** Professionals matching the filters, each with the services it offers. */
export async function run(input: SkillInput<'find_professionals'>, context: SkillContext): Promise<SkillResults['find_professionals']> {
  const [professionals, services] = await Promise.all([
    unwrap(context.api.GET('/api/v1/professionals', { params: { query: { specialty: input.specialty, name: input.name, domain: input.domain, language: input.language } } })),
    loadServices(context.api),
  ]);
  return {
    professionals: professionals.map((professional) => ({
      id: professional.id,
      name: professional.name,
      specialty: professional.specialty,
      domain: professional.domainId,
      languages: professional.languages,
      services: professional.serviceIds.flatMap((id) => {
        const service = services.get(id);
        return service ? [{ id: service.id, name: service.name, minutes: service.minutes }] : [];
      }),
    })),
  };
}
