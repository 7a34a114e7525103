import type { Queryable } from '../../platform/database/transaction';
import type { IntakeField } from './intake-schema';

export interface Organization {
  id: string;
  name: string;
  defaultLocale: string;
  locales: string[];
}

export interface Domain {
  id: string;
  organizationId: string;
  name: string;
  approval: 'required' | 'automatic';
  intakeFields: IntakeField[];
  customFields: Record<string, unknown>;
  requestExpiryHours: number;
}

export interface Service {
  id: string;
  domainId: string;
  specialty: string;
  name: string;
  minutes: number;
}

export interface Professional {
  id: string;
  organizationId: string;
  name: string;
  domainId: string;
  specialty: string;
  timeZone: string;
  languages: string[];
  teamsUser: string | null;
  bufferMinutes: number;
  minNoticeHours: number;
  bookingHorizonDays: number;
  cancellationCutoffHours: number;
  serviceIds: string[];
}

export interface ProfessionalFilter {
  domainId?: string;
  specialty?: string;
  language?: string;
  name?: string;
  serviceId?: string;
  ids?: string[];
}

const professionalColumns = `p.id, p.organization_id, p.name, p.domain_id, p.specialty, p.timezone, p.languages, p.teams_user,
  p.buffer_minutes, p.min_notice_hours, p.booking_horizon_days, p.cancellation_cutoff_hours,
  coalesce((SELECT array_agg(service_id ORDER BY service_id) FROM directory.professional_services s WHERE s.professional_id = p.id), '{}') AS service_ids`;

interface ProfessionalRow {
  id: string; organization_id: string; name: string; domain_id: string; specialty: string; timezone: string;
  languages: string[]; teams_user: string | null; buffer_minutes: number; min_notice_hours: number;
  booking_horizon_days: number; cancellation_cutoff_hours: number; service_ids: string[];
}

const toProfessional = (row: ProfessionalRow): Professional => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  domainId: row.domain_id,
  specialty: row.specialty,
  timeZone: row.timezone,
  languages: row.languages,
  teamsUser: row.teams_user,
  bufferMinutes: row.buffer_minutes,
  minNoticeHours: row.min_notice_hours,
  bookingHorizonDays: row.booking_horizon_days,
  cancellationCutoffHours: row.cancellation_cutoff_hours,
  serviceIds: row.service_ids,
});

interface DomainRow {
  id: string; organization_id: string; name: string; approval: Domain['approval']; intake_fields: IntakeField[];
  custom_fields: Record<string, unknown>; request_expiry_hours: number;
}

const toDomain = (row: DomainRow): Domain => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  approval: row.approval,
  intakeFields: row.intake_fields,
  customFields: row.custom_fields,
  requestExpiryHours: row.request_expiry_hours,
});

export function createDirectoryRepository(database: Queryable) {
  return {
    async organization(id: string): Promise<Organization | null> {
      const { rows } = await database.query(`SELECT id, name, default_locale, locales FROM directory.organizations WHERE id = $1`, [id]);
      const row = rows[0];
      return row ? { id: row.id, name: row.name, defaultLocale: row.default_locale, locales: row.locales } : null;
    },
    async firstOrganization(): Promise<Organization | null> {
      const { rows } = await database.query(`SELECT id FROM directory.organizations ORDER BY created_at, id LIMIT 1`);
      return rows[0] ? this.organization(rows[0].id) : null;
    },
    async domains(): Promise<Domain[]> {
      const { rows } = await database.query<DomainRow>(`SELECT * FROM directory.domains ORDER BY id`);
      return rows.map(toDomain);
    },
    async domain(id: string): Promise<Domain | null> {
      const { rows } = await database.query<DomainRow>(`SELECT * FROM directory.domains WHERE id = $1`, [id]);
      return rows[0] ? toDomain(rows[0]) : null;
    },
    async insertDomain(domain: Domain): Promise<void> {
      await database.query(
        `INSERT INTO directory.domains (id, organization_id, name, approval, intake_fields, custom_fields, request_expiry_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [domain.id, domain.organizationId, domain.name, domain.approval, JSON.stringify(domain.intakeFields),
          JSON.stringify(domain.customFields), domain.requestExpiryHours],
      );
    },
    async updateDomain(domain: Domain): Promise<void> {
      await database.query(
        `UPDATE directory.domains SET name = $2, approval = $3, intake_fields = $4, custom_fields = $5, request_expiry_hours = $6,
           updated_at = now() WHERE id = $1`,
        [domain.id, domain.name, domain.approval, JSON.stringify(domain.intakeFields), JSON.stringify(domain.customFields),
          domain.requestExpiryHours],
      );
    },
    async services(filter: { domainId?: string; specialty?: string; id?: string } = {}): Promise<Service[]> {
      const { rows } = await database.query(
        `SELECT id, domain_id, specialty, name, minutes FROM directory.services
          WHERE ($1::text IS NULL OR domain_id = $1) AND ($2::text IS NULL OR lower(specialty) = lower($2))
            AND ($3::text IS NULL OR id = $3) ORDER BY id`,
        [filter.domainId ?? null, filter.specialty ?? null, filter.id ?? null],
      );
      return rows.map((row) => ({ id: row.id, domainId: row.domain_id, specialty: row.specialty, name: row.name, minutes: row.minutes }));
    },
    async service(id: string): Promise<Service | null> {
      const [service] = await this.services({ id });
      return service ?? null;
    },
    /** Name search ignores accents and case: "lopez" finds "López". */
    async professionals(filter: ProfessionalFilter = {}): Promise<Professional[]> {
      const { rows } = await database.query<ProfessionalRow>(
        `SELECT ${professionalColumns} FROM directory.professionals p
          WHERE ($1::text IS NULL OR p.domain_id = $1)
            AND ($2::text IS NULL OR lower(unaccent(p.specialty)) = lower(unaccent($2)))
            AND ($3::text IS NULL OR $3 = ANY(p.languages))
            AND ($4::text[] IS NULL OR NOT EXISTS (SELECT 1 FROM unnest($4::text[]) AS word
                  WHERE lower(unaccent(p.name)) NOT LIKE '%' || lower(unaccent(word)) || '%'))
            AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM directory.professional_services s
                                             WHERE s.professional_id = p.id AND s.service_id = $5))
            AND ($6::text[] IS NULL OR p.id = ANY($6))
          ORDER BY p.name, p.id`,
        [filter.domainId ?? null, filter.specialty ?? null, filter.language ?? null, nameWords(filter.name),
          filter.serviceId ?? null, filter.ids ?? null],
      );
      return rows.map(toProfessional);
    },
    async professional(id: string): Promise<Professional | null> {
      const [professional] = await this.professionals({ ids: [id] });
      return professional ?? null;
    },
  };
}

export type DirectoryRepository = ReturnType<typeof createDirectoryRepository>;

const titles = new Set(['dr', 'dra', 'doctor', 'doctora', 'mr', 'mrs', 'ms', 'prof', 'sr', 'sra']);

/** The words of a name query, without titles, so "Dr Lopez" finds "Dr. Elena López". */
function nameWords(name: string | undefined): string[] | null {
  if (!name) return null;
  const words = name
    .split(/[^\p{L}\p{N}'-]+/u)
    .map((word) => word.trim())
    .filter((word) => word.length > 0 && !titles.has(word.toLowerCase()));
  return words.length > 0 ? words : null;
}
