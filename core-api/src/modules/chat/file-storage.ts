import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the bytes of chat files live, by an opaque content id; the database
 * keeps names, versions, sizes and digests. Local disk by default; a shared
 * volume or an object store behind the same interface when replicas are many.
 */
export interface FileStorage {
  /** Stores the bytes and answers their new content id. */
  put(content: Buffer): Promise<string>;
  /** The bytes, or null when nothing is stored under the id (erased, or never written). */
  get(contentId: string): Promise<Buffer | null>;
  /** Removes the bytes; removing what is not there is not an error. */
  delete(contentId: string): Promise<void>;
}

const contentIdPattern = /^[0-9a-f]{32}$/;
const newContentId = () => randomBytes(16).toString('hex');

/** Kept in process memory: for tests, and for nothing that must survive a restart. */
export function createMemoryFileStorage(): FileStorage {
  const contents = new Map<string, Buffer>();
  return {
    async put(content) {
      const id = newContentId();
      contents.set(id, Buffer.from(content));
      return id;
    },
    async get(contentId) {
      return contents.get(contentId) ?? null;
    },
    async delete(contentId) {
      contents.delete(contentId);
    },
  };
}

/**
 * Files under `directory` (DATA_DIR/chat-files), two hex characters of fan-out
 * so no folder grows too large. Written to a temporary name and renamed, so a
 * crash never leaves half a file under a content id.
 */
export function createLocalFileStorage(directory: string): FileStorage {
  const pathOf = (contentId: string) => {
    // Ids come from our own rows, but a path built from data is checked all the same.
    if (!contentIdPattern.test(contentId)) throw new Error('Malformed content id');
    return path.join(directory, contentId.slice(0, 2), contentId);
  };
  return {
    async put(content) {
      const id = newContentId();
      const target = pathOf(id);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(`${target}.partial`, content, { mode: 0o600 });
      await rename(`${target}.partial`, target);
      return id;
    },
    async get(contentId) {
      try {
        return await readFile(pathOf(contentId));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(contentId) {
      await rm(pathOf(contentId), { force: true });
    },
  };
}
