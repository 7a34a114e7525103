import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { UserPrincipal } from '../identity/principal';
import { isAdmin } from '../identity/policy';
import type { DirectoryRepository, Domain, Professional, ProfessionalFilter } from './directory-repository';
import type { CreateDomainBody, UpdateDomainBody } from './directory-schemas';
import { intakeJsonSchema, type IntakeField } from './intake-schema';

/**
 * The directory as other modules and the routes use it: organisation, domains
 * with their intake fields, services and professionals.
 */
export function createDirectoryService({ repository }: { repository: DirectoryRepository }) {
  return {
    organization: async () => {
      const organization = await repository.firstOrganization();
      if (!organization) throw notFound('organization', 'default');
      return organization;
    },
    domains: () => repository.domains(),
    async domain(id: string): Promise<Domain> {
      const domain = await repository.domain(id);
      if (!domain) throw notFound('domain', id);
      return domain;
    },
    services: (filter: { domainId?: string; specialty?: string } = {}) => repository.services(filter),
    async service(id: string) {
      const service = await repository.service(id);
      if (!service) throw notFound('service', id);
      return service;
    },
    professionals: (filter: ProfessionalFilter = {}) => repository.professionals(filter),
    async professional(id: string): Promise<Professional> {
      const professional = await repository.professional(id);
      if (!professional) throw notFound('professional', id);
      return professional;
    },

    /** Admins register domains at run time, each with its own intake fields and workflow. */
    async createDomain(principal: UserPrincipal, body: CreateDomainBody): Promise<Domain> {
      if (!isAdmin(principal)) throw forbidden('Only admins manage domains.');
      checkIntakeFields(body.intakeFields);
      if (await repository.domain(body.id)) throw conflict('domain_exists', `A domain with id "${body.id}" exists already.`);
      const domain: Domain = {
        id: body.id,
        organizationId: principal.organizationId,
        name: body.name,
        approval: body.approval,
        intakeFields: body.intakeFields,
        customFields: body.customFields ?? {},
        requestExpiryHours: body.requestExpiryHours ?? 48,
      };
      await repository.insertDomain(domain);
      return domain;
    },

    async updateDomain(principal: UserPrincipal, id: string, body: UpdateDomainBody): Promise<Domain> {
      if (!isAdmin(principal)) throw forbidden('Only admins manage domains.');
      const current = await repository.domain(id);
      if (!current) throw notFound('domain', id);
      const next: Domain = {
        ...current,
        ...Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
      } as Domain;
      checkIntakeFields(next.intakeFields);
      await repository.updateDomain(next);
      return next;
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;

export function toDomainResponse(domain: Domain) {
  return { ...domain, intakeSchema: intakeJsonSchema(domain.intakeFields) };
}

function checkIntakeFields(fields: IntakeField[]) {
  const problems: Array<{ field: string; message: string }> = [];
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    if (seen.has(field.key)) problems.push({ field: `intakeFields[${index}].key`, message: `"${field.key}" appears twice.` });
    seen.add(field.key);
    if (field.type === 'enum' && !field.options?.length)
      problems.push({ field: `intakeFields[${index}].options`, message: 'An enum field needs options.' });
    if (field.pattern) {
      try {
        new RegExp(field.pattern);
      } catch {
        problems.push({ field: `intakeFields[${index}].pattern`, message: 'Not a valid regular expression.' });
      }
    }
  });
  if (problems.length > 0) throw invalid('invalid_intake_fields', 'The intake fields are not valid.', problems);
}
