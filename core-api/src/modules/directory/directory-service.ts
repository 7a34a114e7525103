import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { UserPrincipal } from '../identity/principal';
import { isAdmin } from '../identity/policy';
import type { Queryable } from '../../platform/database/transaction';
import { createReadCache, type ReadCacheOptions } from '../../platform/read-cache';
import { createDirectoryRepository, type DirectoryRepository, type Domain, type Professional, type ProfessionalFilter, type Service } from './directory-repository';
import type { CreateDomainBody, UpdateDomainBody } from './directory-schemas';
import { intakeJsonSchema, type IntakeField } from './intake-schema';

export interface DirectoryServiceOptions {
  repository: DirectoryRepository;
  /** How long single professionals, services and domains are reused (see `createReadCache`). */
  cache?: ReadCacheOptions;
}

/**
 * Every booking reads its professional, service and domain; they change far
 * less often than they are read. Five seconds bounds how long a change made by
 * another process goes unseen here; this process's own changes are seen at once.
 */
export const directoryCacheTtlMs = 5_000;

/**
 * The directory as other modules and the routes use it: organisation, domains
 * with their intake fields, services and professionals.
 */
export function createDirectoryService({ repository, cache = { ttlMs: directoryCacheTtlMs } }: DirectoryServiceOptions) {
  const professionals = createReadCache<Professional>(cache);
  const services = createReadCache<Service>(cache);
  const domains = createReadCache<Domain>(cache);
  // Inside a transaction only its own connection may be used (PGlite has one): a miss reads there.
  const reader = (client?: Queryable) => (client ? createDirectoryRepository(client) : repository);
  return {
    organization: async () => {
      const organization = await repository.firstOrganization();
      if (!organization) throw notFound('organization', 'default');
      return organization;
    },
    domains: () => repository.domains(),
    async domain(id: string, client?: Queryable): Promise<Domain> {
      const domain = await domains.get(id, () => reader(client).domain(id));
      if (!domain) throw notFound('domain', id);
      return domain;
    },
    services: (filter: { domainId?: string; specialty?: string } = {}) => repository.services(filter),
    async service(id: string, client?: Queryable): Promise<Service> {
      const service = await services.get(id, () => reader(client).service(id));
      if (!service) throw notFound('service', id);
      return service;
    },
    professionals: (filter: ProfessionalFilter = {}) => repository.professionals(filter),
    /** One professional; pass the transaction's client when calling from inside one. */
    async professional(id: string, client?: Queryable): Promise<Professional> {
      const professional = await professionals.get(id, () => reader(client).professional(id));
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
      domains.forget(domain.id);
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
      domains.forget(id);
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
