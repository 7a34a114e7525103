import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from '../../platform/database/transaction';
import type { EnvelopeCipher, Sealed } from './envelope-cipher';

export type DocumentKind = 'generated' | 'form' | 'upload';

export interface DocumentVersion {
  version: number;
  contentType: string;
  size: number;
  sha256: string;
  keyId: string;
  createdBy: string;
  createdAt: string;
}

export interface DocumentRecord {
  id: string;
  organizationId: string;
  patientId: string;
  kind: DocumentKind;
  templateKey: string | null;
  title: string;
  appointmentId: string | null;
  createdBy: string;
  createdAt: string;
  latest: DocumentVersion;
  versions: DocumentVersion[];
  sharedWith: string[];
}

export interface NewDocument {
  organizationId: string;
  patientId: string;
  kind: DocumentKind;
  templateKey: string | null;
  title: string;
  appointmentId: string | null;
  sourceEventId?: string | null;
  createdBy: string;
  /** Who may read it; the patient is always among them. */
  sharedWith: string[];
}

export const newDocumentId = () => `doc-${randomBytes(8).toString('hex')}`;
/** Authenticated with the sealed bytes: they open only as this version of this document. */
export const contentContext = (documentId: string, version: number) => `document:${documentId}@${version}`;
export const extractionContext = (documentId: string, version: number) => `extraction:${documentId}@${version}`;

const sealedColumns = 'key_id, wrapped_key, iv, auth_tag, ciphertext';
const toSealed = (row: Record<string, unknown>): Sealed => ({
  // PGlite answers bytea as Uint8Array, pg as Buffer.
  keyId: row.key_id as string, wrappedKey: Buffer.from(row.wrapped_key as Uint8Array), iv: Buffer.from(row.iv as Uint8Array),
  authTag: Buffer.from(row.auth_tag as Uint8Array), ciphertext: Buffer.from(row.ciphertext as Uint8Array),
});

/**
 * The rows of documents: metadata, encrypted versions, shares, the access log
 * and sealed OCR extractions. Permission checks belong to the callers.
 */
export function createDocumentStore({ pool, cipher }: { pool: pg.Pool; cipher: EnvelopeCipher }) {
  async function load(ids: string[], database: Queryable = pool): Promise<DocumentRecord[]> {
    if (ids.length === 0) return [];
    const documents = await database.query(
      `SELECT id, organization_id, patient_id, kind, template_key, title, appointment_id, created_by, created_at FROM documents.documents WHERE id = ANY($1)`,
      [ids],
    );
    const versions = await database.query(
      `SELECT document_id, version, content_type, size_bytes, sha256, key_id, created_by, created_at FROM documents.versions
        WHERE document_id = ANY($1) ORDER BY document_id, version DESC`,
      [ids],
    );
    const shares = await database.query(`SELECT document_id, user_id FROM documents.shares WHERE document_id = ANY($1) ORDER BY granted_at, user_id`, [ids]);
    const versionsOf = new Map<string, DocumentVersion[]>();
    for (const row of versions.rows) {
      const list = versionsOf.get(row.document_id) ?? [];
      list.push({
        version: row.version, contentType: row.content_type, size: row.size_bytes, sha256: row.sha256, keyId: row.key_id,
        createdBy: row.created_by, createdAt: (row.created_at as Date).toISOString(),
      });
      versionsOf.set(row.document_id, list);
    }
    const sharesOf = new Map<string, string[]>();
    for (const row of shares.rows) sharesOf.set(row.document_id, [...(sharesOf.get(row.document_id) ?? []), row.user_id]);
    const byId = new Map<string, DocumentRecord>();
    for (const row of documents.rows) {
      const list = versionsOf.get(row.id) ?? [];
      if (!list[0]) continue;
      byId.set(row.id, {
        id: row.id, organizationId: row.organization_id, patientId: row.patient_id, kind: row.kind, templateKey: row.template_key, title: row.title,
        appointmentId: row.appointment_id, createdBy: row.created_by, createdAt: (row.created_at as Date).toISOString(),
        // The patient first, then in the order they were shared with.
        latest: list[0], versions: list, sharedWith: [row.patient_id, ...(sharesOf.get(row.id) ?? []).filter((userId) => userId !== row.patient_id)],
      });
    }
    return ids.map((id) => byId.get(id)).filter((document): document is DocumentRecord => document !== undefined);
  }

  async function insertVersion(client: Queryable, documentId: string, version: number, content: Buffer, contentType: string, createdBy: string, at: Date) {
    const sealed = cipher.seal(content, contentContext(documentId, version));
    await client.query(
      `INSERT INTO documents.versions (document_id, version, content_type, size_bytes, sha256, ${sealedColumns}, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [documentId, version, contentType, content.length, createHash('sha256').update(content).digest('hex'),
        sealed.keyId, sealed.wrappedKey, sealed.iv, sealed.authTag, sealed.ciphertext, createdBy, at],
    );
  }

  return {
    load,
    async one(id: string, database: Queryable = pool): Promise<DocumentRecord | null> {
      return (await load([id], database))[0] ?? null;
    },

    /** Creates a document with its first version; null when its event made it already (source_event_id, template_key). */
    async create(client: Queryable, input: NewDocument, content: Buffer, contentType: string, at: Date): Promise<string | null> {
      const id = newDocumentId();
      const inserted = await client.query(
        `INSERT INTO documents.documents (id, organization_id, patient_id, kind, template_key, title, appointment_id, source_event_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (source_event_id, template_key) DO NOTHING RETURNING id`,
        [id, input.organizationId, input.patientId, input.kind, input.templateKey, input.title, input.appointmentId, input.sourceEventId ?? null, input.createdBy, at],
      );
      if (inserted.rowCount === 0) return null;
      await insertVersion(client, id, 1, content, contentType, input.createdBy, at);
      for (const userId of new Set([input.patientId, ...input.sharedWith])) {
        await client.query(`INSERT INTO documents.shares (document_id, user_id, granted_by, granted_at) VALUES ($1, $2, $3, $4)`, [id, userId, input.createdBy, at]);
      }
      return id;
    },

    /** Adds the next version (the document row is locked, so two writers get n and n + 1). */
    async addVersion(client: Queryable, documentId: string, content: Buffer, contentType: string, createdBy: string, at: Date): Promise<number> {
      await client.query(`SELECT id FROM documents.documents WHERE id = $1 FOR UPDATE`, [documentId]);
      const { rows } = await client.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM documents.versions WHERE document_id = $1`, [documentId]);
      const version = rows[0].next as number;
      await insertVersion(client, documentId, version, content, contentType, createdBy, at);
      return version;
    },

    /** The decrypted bytes of a version; throws DocumentDecryptionError when they were altered. */
    async content(documentId: string, version: number): Promise<Buffer> {
      const { rows } = await pool.query(`SELECT ${sealedColumns} FROM documents.versions WHERE document_id = $1 AND version = $2`, [documentId, version]);
      if (!rows[0]) throw new Error(`No version ${version} of ${documentId}`);
      return cipher.open(toSealed(rows[0]), contentContext(documentId, version));
    },

    async share(client: Queryable, documentId: string, userId: string, grantedBy: string, at: Date): Promise<void> {
      await client.query(
        `INSERT INTO documents.shares (document_id, user_id, granted_by, granted_at) VALUES ($1, $2, $3, $4) ON CONFLICT (document_id, user_id) DO NOTHING`,
        [documentId, userId, grantedBy, at],
      );
    },
    async unshare(client: Queryable, documentId: string, userId: string): Promise<void> {
      await client.query(`DELETE FROM documents.shares WHERE document_id = $1 AND user_id = $2`, [documentId, userId]);
    },

    /** Ids of the documents shared with a user, newest first. */
    async sharedWith(userId: string, patientId?: string): Promise<string[]> {
      const { rows } = await pool.query(
        `SELECT d.id FROM documents.documents d JOIN documents.shares s ON s.document_id = d.id AND s.user_id = $1
          WHERE ($2::text IS NULL OR d.patient_id = $2) ORDER BY d.created_at DESC, d.id LIMIT 500`,
        [userId, patientId ?? null],
      );
      return rows.map((row) => row.id as string);
    },

    async logAccess(client: Queryable, entry: { documentId: string; version: number | null; actorId: string; action: string; outcome: 'allowed' | 'denied'; requestId: string; at: Date }) {
      await client.query(
        `INSERT INTO documents.access_log (document_id, version, actor_id, action, outcome, request_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [entry.documentId, entry.version, entry.actorId, entry.action, entry.outcome, entry.requestId, entry.at],
      );
    },
    async accessLog(documentId: string) {
      const { rows } = await pool.query(
        `SELECT id, version, actor_id, action, outcome, request_id, at FROM documents.access_log WHERE document_id = $1 ORDER BY id LIMIT 1000`,
        [documentId],
      );
      return rows.map((row) => ({
        id: Number(row.id), version: row.version as number | null, actorId: row.actor_id as string, action: row.action as string,
        outcome: row.outcome as 'allowed' | 'denied', requestId: row.request_id as string, at: (row.at as Date).toISOString(),
      }));
    },

    async saveExtraction(documentId: string, version: number, extraction: unknown, needsReview: boolean, at: Date): Promise<void> {
      const sealed = cipher.seal(Buffer.from(JSON.stringify(extraction)), extractionContext(documentId, version));
      await pool.query(
        `INSERT INTO documents.extractions (document_id, version, ${sealedColumns}, needs_review, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (document_id, version) DO UPDATE SET key_id = $3, wrapped_key = $4, iv = $5, auth_tag = $6, ciphertext = $7, needs_review = $8, created_at = $9`,
        [documentId, version, sealed.keyId, sealed.wrappedKey, sealed.iv, sealed.authTag, sealed.ciphertext, needsReview, at],
      );
    },
    async extraction(documentId: string, version: number): Promise<unknown> {
      const { rows } = await pool.query(`SELECT ${sealedColumns} FROM documents.extractions WHERE document_id = $1 AND version = $2`, [documentId, version]);
      return rows[0] ? JSON.parse(cipher.open(toSealed(rows[0]), extractionContext(documentId, version)).toString('utf8')) : null;
    },

    /** Re-wraps every data key not under the current master key (after a rotation); answers how many. */
    async rewrapKeys(): Promise<number> {
      let count = 0;
      for (const table of ['versions', 'extractions'] as const) {
        const { rows } = await pool.query(`SELECT document_id, version, key_id, wrapped_key FROM documents.${table} WHERE key_id <> $1`, [cipher.currentKeyId]);
        for (const row of rows) {
          const rewrapped = cipher.rewrap({ keyId: row.key_id, wrappedKey: Buffer.from(row.wrapped_key as Uint8Array) });
          if (!rewrapped) continue;
          const updated = await pool.query(
            `UPDATE documents.${table} SET key_id = $3, wrapped_key = $4 WHERE document_id = $1 AND version = $2 AND key_id = $5`,
            [row.document_id, row.version, rewrapped.keyId, rewrapped.wrappedKey, row.key_id],
          );
          count += updated.rowCount ?? 0;
        }
      }
      return count;
    },
  };
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;
