import type pg from 'pg';
import type { PersonalDataContributor } from '../identity/personal-data';
import type { FileStorage } from './file-storage';

/**
 * The chat module's part of GDPR access and erasure. Erasure removes what the
 * person said and shared (message texts and their traces, the bytes and names
 * of their files, the handoff summaries of their conversations) and keeps the
 * facts: who took part in which conversation, when, and that messages existed.
 * What staff wrote about a patient is the practice's clinical record and stays.
 */
export function chatPersonalData(options: { pool: pg.Pool; storage: FileStorage }): PersonalDataContributor {
  const { pool, storage } = options;
  return {
    module: 'chat',
    async exportFor(userId) {
      const conversations = await pool.query(
        `SELECT c.id, c.kind, c.patient_id, c.title, c.state, c.handoff_summary, c.created_at, p.role, p.joined_at, p.left_at
           FROM chat.conversations c LEFT JOIN chat.participants p ON p.conversation_id = c.id AND p.user_id = $1
          WHERE c.patient_id = $1 OR p.user_id IS NOT NULL ORDER BY c.created_at, c.id`,
        [userId],
      );
      const messages = await pool.query(
        `SELECT id::text, conversation_id, body, reply_to::text, file_id, created_at, edited_at, deleted_at FROM chat.messages WHERE author_id = $1 ORDER BY id`,
        [userId],
      );
      const trace = await pool.query(
        `SELECT t.message_id::text, t.change, t.previous_body, t.at FROM chat.message_trace t
           JOIN chat.messages m ON m.id = t.message_id WHERE m.author_id = $1 ORDER BY t.id`,
        [userId],
      );
      const files = await pool.query(
        `SELECT f.id, f.conversation_id, f.name, v.version, v.original_name, v.size_bytes, v.content_type, v.sha256, v.uploaded_at
           FROM chat.file_versions v JOIN chat.files f ON f.id = v.file_id WHERE v.uploaded_by = $1 ORDER BY v.uploaded_at`,
        [userId],
      );
      const receipts = await pool.query(`SELECT conversation_id, message_id::text, read_at FROM chat.read_receipts WHERE user_id = $1`, [userId]);
      return { conversations: conversations.rows, messages: messages.rows, messageTrace: trace.rows, files: files.rows, readReceipts: receipts.rows };
    },
    async eraseFor(userId, client) {
      await client.query(
        `UPDATE chat.message_trace SET previous_body = NULL WHERE message_id IN (SELECT id FROM chat.messages WHERE author_id = $1)`,
        [userId],
      );
      await client.query(
        `UPDATE chat.messages SET body = NULL, deleted_at = coalesce(deleted_at, now()), deleted_by = coalesce(deleted_by, $1) WHERE author_id = $1`,
        [userId],
      );
      await client.query(`UPDATE chat.conversations SET handoff_summary = NULL, title = NULL WHERE patient_id = $1`, [userId]);
      // A document name may say whose it is ("ana-blood-test.pdf").
      await client.query(`UPDATE chat.files SET name = 'erased-' || id WHERE created_by = $1`, [userId]);
      const { rows } = await client.query(
        `UPDATE chat.file_versions v SET content_id = NULL, original_name = NULL
           FROM chat.file_versions old WHERE old.file_id = v.file_id AND old.version = v.version AND v.uploaded_by = $1 AND old.content_id IS NOT NULL
         RETURNING old.content_id`,
        [userId],
      );
      await client.query(`DELETE FROM chat.read_receipts WHERE user_id = $1`, [userId]);
      // The bytes go last: if the erasure's transaction fails after this, the rows still say the content existed (and 404 on download).
      for (const row of rows) await storage.delete(row.content_id as string);
    },
  };
}
