import type { Queryable } from '../../platform/database/transaction';
import type { Seed } from '../../seed/seed-schema';

/**
 * Writes the seed's knowledge documents. A document whose text changed gets
 * a new version, so the index rebuilds its passages at the next start; an
 * unchanged one is left alone, and loading twice changes nothing.
 */
export async function applyKnowledgeSeed(client: Queryable, seed: Seed, now: Date): Promise<void> {
  for (const document of seed.knowledge) {
    await client.query(
      `INSERT INTO knowledge.documents (id, organization_id, domain_id, professional_id, locale, title, format, body, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'seed', $9)
       ON CONFLICT (id) DO UPDATE SET domain_id = EXCLUDED.domain_id, professional_id = EXCLUDED.professional_id, locale = EXCLUDED.locale,
         title = EXCLUDED.title, format = EXCLUDED.format, body = EXCLUDED.body, version = documents.version + 1,
         updated_by = 'seed', updated_at = EXCLUDED.updated_at
       WHERE (documents.domain_id, documents.professional_id, documents.locale, documents.title, documents.format, documents.body)
         IS DISTINCT FROM (EXCLUDED.domain_id, EXCLUDED.professional_id, EXCLUDED.locale, EXCLUDED.title, EXCLUDED.format, EXCLUDED.body)`,
      [
        document.id, seed.organization.id, document.domain ?? null, document.professional ?? null, document.locale,
        document.title, document.format, document.body, now,
      ],
    );
  }
}
