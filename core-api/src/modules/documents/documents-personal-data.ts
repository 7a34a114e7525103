import type pg from 'pg';
import type { PersonalDataContributor } from '../identity/personal-data';
import { createDocumentStore } from './document-store';
import type { EnvelopeCipher } from './envelope-cipher';

/** What an erased document's title becomes: the title may name the patient ("Confirmation — Ana García"). */
export const erasedTitle = 'erased';

/**
 * The documents module's part of GDPR access and erasure, for the patient a
 * document belongs to. Export: every document with its versions' metadata, the
 * decrypted content (base64) and OCR results, and who accessed it (recipients
 * are part of the right of access). Erasure is crypto-shredding: the wrapped
 * data keys and ciphertext of every version and OCR result are deleted, and the
 * shares with them, so nothing readable remains. The document row stays as a
 * tombstone (id, kind, appointment, times; title erased), so the access log and
 * audit entries still resolve and a replayed approval does not generate the
 * confirmation again for an erased patient. The access log holds no PHI
 * (ids, action, outcome, time) and is kept.
 */
export function documentsPersonalData(options: { pool: pg.Pool; cipher: EnvelopeCipher }): PersonalDataContributor {
  const { pool } = options;
  const store = createDocumentStore(options);
  return {
    module: 'documents',
    async exportFor(userId) {
      const { rows } = await pool.query(`SELECT id FROM documents.documents WHERE patient_id = $1 ORDER BY created_at, id`, [userId]);
      const documents = await store.load(rows.map((row) => row.id as string));
      const exported = [];
      for (const document of documents) {
        const versions = [];
        for (const version of [...document.versions].reverse()) {
          versions.push({
            ...version,
            contentBase64: (await store.content(document.id, version.version)).toString('base64'),
            extraction: await store.extraction(document.id, version.version),
          });
        }
        const { versions: _, latest: __, ...metadata } = document;
        exported.push({ ...metadata, versions, accessLog: await store.accessLog(document.id) });
      }
      return { documents: exported };
    },
    async eraseFor(userId, client) {
      const owned = `SELECT id FROM documents.documents WHERE patient_id = $1`;
      // Extractions reference versions: they go first.
      await client.query(`DELETE FROM documents.extractions WHERE document_id IN (${owned})`, [userId]);
      await client.query(`DELETE FROM documents.versions WHERE document_id IN (${owned})`, [userId]);
      await client.query(`DELETE FROM documents.shares WHERE document_id IN (${owned})`, [userId]);
      // Shares of other patients' documents with this user (a staff member erased) give nothing to anyone now.
      await client.query(`DELETE FROM documents.shares WHERE user_id = $1`, [userId]);
      await client.query(`UPDATE documents.documents SET title = $2 WHERE patient_id = $1`, [userId, erasedTitle]);
    },
  };
}
