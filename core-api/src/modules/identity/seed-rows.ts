import type { Queryable } from '../../platform/database/transaction';
import type { Seed } from '../../seed/seed-schema';

/** Writes the seed's patients, professionals and admins as users, with their channel identities. */
export async function applyIdentitySeed(client: Queryable, seed: Seed): Promise<void> {
  const organizationId = seed.organization.id;
  const upsertUser = (user: {
    id: string; role: string; name: string; email?: string | null; phone?: string | null; locale: string;
    timezone: string; dateOfBirth?: string | null; entraPrincipal?: string | null;
  }) =>
    client.query(
      `INSERT INTO identity.users (id, organization_id, role, name, email, phone, locale, timezone, date_of_birth, entra_user_principal)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone,
         locale = EXCLUDED.locale, timezone = EXCLUDED.timezone, date_of_birth = EXCLUDED.date_of_birth,
         entra_user_principal = EXCLUDED.entra_user_principal, erased_at = NULL`,
      [
        user.id, organizationId, user.role, user.name, user.email ?? null, user.phone ?? null, user.locale,
        user.timezone, user.dateOfBirth ?? null, user.entraPrincipal ?? null,
      ],
    );
  const bindChannel = (channel: string, externalId: string, userId: string) =>
    client.query(
      `INSERT INTO identity.channel_identities (channel, external_id, user_id, verified_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (channel, external_id) DO UPDATE SET user_id = EXCLUDED.user_id`,
      [channel, externalId, userId],
    );
  const grantConsentOnce = (channel: string, externalId: string, userId: string) =>
    client.query(
      `INSERT INTO identity.consents (channel, external_id, user_id, granted, source, at)
       SELECT $1, $2, $3, true, 'seed', now()
        WHERE NOT EXISTS (SELECT 1 FROM identity.consents WHERE channel = $1 AND external_id = $2)`,
      [channel, externalId, userId],
    );

  for (const patient of seed.patients) {
    await upsertUser({
      id: patient.id, role: 'patient', name: patient.name, email: patient.email, phone: patient.phone,
      locale: patient.locale, timezone: patient.timezone, dateOfBirth: patient.date_of_birth,
    });
    // The seed's patients are verified: web chat knows them by their id, phones by number.
    await bindChannel('webchat', patient.id, patient.id);
    if (patient.phone) await bindChannel('sms', patient.phone, patient.id);
    if (patient.whatsapp) await bindChannel('whatsapp', patient.whatsapp, patient.id);
    // The demo patients agreed to be messaged; recorded once, so reseeding keeps a later STOP.
    if (patient.phone) await grantConsentOnce('sms', patient.phone, patient.id);
    if (patient.whatsapp) await grantConsentOnce('whatsapp', patient.whatsapp, patient.id);
  }
  for (const professional of seed.professionals) {
    await upsertUser({
      id: professional.id, role: 'professional', name: professional.name, email: professional.teams_user,
      locale: professional.languages.includes(seed.organization.default_locale)
        ? seed.organization.default_locale
        : (professional.languages[0] ?? seed.organization.default_locale),
      timezone: professional.timezone, entraPrincipal: professional.teams_user,
    });
  }
  for (const admin of seed.admins) {
    await upsertUser({
      id: admin.id, role: 'admin', name: admin.name, email: admin.email, locale: seed.organization.default_locale,
      timezone: 'UTC', entraPrincipal: admin.email,
    });
  }
}
