import type { Queryable } from '../../platform/database/transaction';
import type { Seed } from '../../seed/seed-schema';

/** Writes the seed's organisation, domains, services and professionals, as the seed says. */
export async function applyDirectorySeed(client: Queryable, seed: Seed): Promise<void> {
  const organization = seed.organization;
  await client.query(
    `INSERT INTO directory.organizations (id, name, default_locale, locales) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, default_locale = EXCLUDED.default_locale, locales = EXCLUDED.locales`,
    [organization.id, organization.name, organization.default_locale, organization.locales],
  );
  for (const domain of seed.domains) {
    await client.query(
      `INSERT INTO directory.domains (id, organization_id, name, approval, intake_fields) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, approval = EXCLUDED.approval, intake_fields = EXCLUDED.intake_fields`,
      [domain.id, organization.id, domain.name, domain.approval, JSON.stringify(domain.intake_fields)],
    );
  }
  for (const service of seed.services) {
    await client.query(
      `INSERT INTO directory.services (id, organization_id, domain_id, specialty, name, minutes) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET domain_id = EXCLUDED.domain_id, specialty = EXCLUDED.specialty,
         name = EXCLUDED.name, minutes = EXCLUDED.minutes`,
      [service.id, organization.id, service.domain, service.specialty, service.name, service.minutes],
    );
  }
  for (const professional of seed.professionals) {
    await client.query(
      `INSERT INTO directory.professionals (id, organization_id, name, domain_id, specialty, timezone, languages, teams_user,
         buffer_minutes, min_notice_hours, booking_horizon_days, cancellation_cutoff_hours)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, domain_id = EXCLUDED.domain_id, specialty = EXCLUDED.specialty,
         timezone = EXCLUDED.timezone, languages = EXCLUDED.languages, teams_user = EXCLUDED.teams_user,
         buffer_minutes = EXCLUDED.buffer_minutes, min_notice_hours = EXCLUDED.min_notice_hours,
         booking_horizon_days = EXCLUDED.booking_horizon_days, cancellation_cutoff_hours = EXCLUDED.cancellation_cutoff_hours`,
      [
        professional.id, organization.id, professional.name, professional.domain, professional.specialty,
        professional.timezone, professional.languages, professional.teams_user ?? null, professional.buffer_minutes,
        professional.min_notice_hours, professional.booking_horizon_days, professional.cancellation_cutoff_hours,
      ],
    );
    await client.query(`DELETE FROM directory.professional_services WHERE professional_id = $1`, [professional.id]);
    for (const service of professional.services) {
      await client.query(`INSERT INTO directory.professional_services (professional_id, service_id) VALUES ($1, $2)`, [
        professional.id,
        service,
      ]);
    }
  }
}
