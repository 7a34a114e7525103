import { inTransaction } from '../../platform/database/transaction';
import { AppError, invalid, notFound } from '../../platform/errors';
import { canPostInConversation } from '../identity/policy';
import { conversationTopic } from './chat-bus';
import { conversationNotOpen, createConversationAccess, newId, participantMuted, type AccessibleConversation, type ChatCaller, type ChatDependencies } from './chat-access';
import type { ChatFile, FileVersion } from './chat-schemas';
import { allowedFileTypes, inspectFile, previewOf, type Preview } from './file-inspection';
import type { FileStorage } from './file-storage';

export interface FileContent {
  file: ChatFile;
  version: FileVersion;
  content: Buffer;
}

/** A document name as people type it, without folders (a name is not a path) or control characters. */
export function documentName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  if (!name) throw invalid('file_name_invalid', 'Give the document a name (the file name or `name`).');
  return name;
}

/**
 * Files shared in a conversation: the type is detected from the content and
 * checked against an allow-list, the bytes go to the file storage, and an
 * upload under an existing document name adds a version. Reads and downloads
 * are for participants only, and each is an audit entry.
 */
export function createFilesService(dependencies: ChatDependencies & { storage: FileStorage }) {
  const { pool, clock, audit, bus, storage } = dependencies;
  const access = createConversationAccess(dependencies);

  const auditEntry = (action: string, found: AccessibleConversation, resourceId: string) => ({
    action, resourceType: 'chat_file', resourceId, patientId: found.conversation.patientId,
  });

  async function filesOf(conversationId: string, fileId?: string): Promise<ChatFile[]> {
    const { rows } = await pool.query(
      `SELECT f.id, f.conversation_id, f.name, f.created_by, f.created_at, v.version, v.size_bytes, v.content_type, v.sha256, v.original_name,
              v.uploaded_by, v.uploaded_at
         FROM chat.files f JOIN chat.file_versions v ON v.file_id = f.id
        WHERE f.conversation_id = $1 AND ($2::text IS NULL OR f.id = $2) ORDER BY f.created_at, f.id, v.version DESC`,
      [conversationId, fileId ?? null],
    );
    const files = new Map<string, ChatFile>();
    for (const row of rows) {
      const version: FileVersion = {
        version: row.version, size: Number(row.size_bytes), contentType: row.content_type, sha256: row.sha256, originalName: row.original_name,
        uploadedBy: row.uploaded_by, uploadedAt: (row.uploaded_at as Date).toISOString(),
      };
      const file = files.get(row.id);
      if (file) file.versions.push(version);
      else {
        files.set(row.id, {
          id: row.id, conversationId: row.conversation_id, name: row.name, createdBy: row.created_by, createdAt: (row.created_at as Date).toISOString(),
          latest: version, versions: [version],
        });
      }
    }
    return [...files.values()];
  }

  async function oneFile(conversationId: string, fileId: string): Promise<ChatFile> {
    const file = (await filesOf(conversationId, fileId))[0];
    if (!file) throw notFound('file', fileId);
    return file;
  }

  async function contentOf(caller: ChatCaller, conversationId: string, fileId: string, version: number | undefined, action: string): Promise<FileContent & { found: AccessibleConversation }> {
    const found = await access.require(caller, conversationId);
    const file = await oneFile(conversationId, fileId);
    const chosen = version === undefined ? file.latest : file.versions.find((candidate) => candidate.version === version);
    if (!chosen) throw notFound('file_version', `${fileId}@${version}`);
    const { rows } = await pool.query(`SELECT content_id FROM chat.file_versions WHERE file_id = $1 AND version = $2`, [fileId, chosen.version]);
    const content = rows[0]?.content_id ? await storage.get(rows[0].content_id) : null;
    if (!content) throw new AppError('not_found', 'file_content_not_found', 'The content of this version is no longer stored (erased).');
    await audit.record(caller.audit, auditEntry(action, found, `${fileId}@${chosen.version}`));
    return { file, version: chosen, content, found };
  }

  return {
    async upload(caller: ChatCaller, conversationId: string, input: { content: Buffer; name: string; originalName: string | null }): Promise<ChatFile> {
      const found = await access.require(caller, conversationId);
      if (!canPostInConversation(caller.principal, found.access)) throw participantMuted();
      if (found.conversation.state !== 'open') throw conversationNotOpen(found.conversation.state);
      if (input.content.length === 0) throw invalid('file_empty', 'The file is empty.');
      const inspected = await inspectFile(input.content);
      if (!inspected.contentType) {
        throw new AppError('unprocessable', 'file_type_not_allowed', `Files of this type may not be shared (the content is ${inspected.detected}).`, {
          allowed: Object.keys(allowedFileTypes),
        });
      }
      const contentId = await storage.put(input.content);
      let fileId: string;
      try {
        fileId = await inTransaction(pool, async (client) => {
          const now = clock.now();
          await client.query(
            `INSERT INTO chat.files (id, conversation_id, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (conversation_id, name) DO NOTHING`,
            [newId('file'), conversationId, input.name, caller.principal.userId, now],
          );
          // Locked, so two uploads of the same document at once get versions n and n + 1.
          const { rows } = await client.query(`SELECT id FROM chat.files WHERE conversation_id = $1 AND name = $2 FOR UPDATE`, [conversationId, input.name]);
          const id = rows[0].id as string;
          const next = await client.query(`SELECT coalesce(max(version), 0) + 1 AS version FROM chat.file_versions WHERE file_id = $1`, [id]);
          const version = next.rows[0].version as number;
          await client.query(
            `INSERT INTO chat.file_versions (file_id, version, content_id, original_name, size_bytes, content_type, sha256, uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [id, version, contentId, input.originalName, inspected.size, inspected.contentType, inspected.sha256, caller.principal.userId, now],
          );
          await audit.record(caller.audit, auditEntry('chat.file.upload', found, `${id}@${version}`), client);
          return id;
        });
      } catch (error) {
        await storage.delete(contentId).catch(() => undefined);
        throw error;
      }
      const file = await oneFile(conversationId, fileId);
      await bus.publish(conversationTopic(conversationId), { type: 'file.created', conversationId, file });
      return file;
    },

    async list(caller: ChatCaller, conversationId: string): Promise<ChatFile[]> {
      const found = await access.require(caller, conversationId);
      await audit.record(caller.audit, { ...auditEntry('chat.files.read', found, conversationId), resourceType: 'chat_conversation' });
      return filesOf(conversationId);
    },

    async get(caller: ChatCaller, conversationId: string, fileId: string): Promise<ChatFile> {
      const found = await access.require(caller, conversationId);
      const file = await oneFile(conversationId, fileId);
      await audit.record(caller.audit, auditEntry('chat.file.read', found, fileId));
      return file;
    },

    async download(caller: ChatCaller, conversationId: string, fileId: string, version?: number): Promise<FileContent> {
      return contentOf(caller, conversationId, fileId, version, 'chat.file.download');
    },

    async preview(caller: ChatCaller, conversationId: string, fileId: string, version?: number): Promise<Preview> {
      const { content, version: chosen } = await contentOf(caller, conversationId, fileId, version, 'chat.file.preview');
      return previewOf(content, chosen.contentType);
    },
  };
}

export type FilesService = ReturnType<typeof createFilesService>;
