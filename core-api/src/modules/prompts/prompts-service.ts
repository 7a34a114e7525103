import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { inTransaction } from '../../platform/database/transaction';
import { conflict, forbidden, notFound } from '../../platform/errors';
import type { UserPrincipal } from '../identity/principal';
import { isAdmin } from '../identity/policy';

export interface PromptKey {
  promptId: string;
  domain: string;
  locale: string;
}

export interface Activation {
  version: number;
  variantVersion: number | null;
  variantShare: number | null;
  activatedBy: string;
  at: string;
}

/**
 * Stored prompt overrides: versions written by admins, activations (kept as
 * a history, so rollback is re-activating the previous one) and an optional
 * A/B split by conversation whose assignments are recorded.
 */
export function createPromptsService({ pool, clock }: { pool: pg.Pool; clock: Clock }) {
  const requireAdmin = (principal: UserPrincipal) => {
    if (!isAdmin(principal)) throw forbidden('Only admins manage prompts.');
  };

  async function activations(key: PromptKey, client: pg.Pool | pg.PoolClient = pool): Promise<Activation[]> {
    const { rows } = await client.query(
      `SELECT version, variant_version, variant_share, activated_by, at FROM prompts.activations
        WHERE prompt_id = $1 AND domain = $2 AND locale = $3 ORDER BY id DESC`,
      [key.promptId, key.domain, key.locale],
    );
    return rows.map((row) => ({
      version: row.version, variantVersion: row.variant_version, variantShare: row.variant_share, activatedBy: row.activated_by, at: row.at.toISOString(),
    }));
  }

  async function versionExists(key: PromptKey, version: number, client: pg.Pool | pg.PoolClient = pool) {
    if (version === 0) return true;
    const { rowCount } = await client.query(
      `SELECT 1 FROM prompts.versions WHERE prompt_id = $1 AND domain = $2 AND locale = $3 AND version = $4`,
      [key.promptId, key.domain, key.locale, version],
    );
    return (rowCount ?? 0) > 0;
  }

  return {
    async list(principal: UserPrincipal, key: Partial<PromptKey> = {}) {
      requireAdmin(principal);
      const { rows } = await pool.query(
        `SELECT prompt_id, domain, locale, version, body, note, created_by, created_at FROM prompts.versions
          WHERE ($1::text IS NULL OR prompt_id = $1) ORDER BY prompt_id, domain, locale, version`,
        [key.promptId ?? null],
      );
      return rows.map((row) => ({
        promptId: row.prompt_id, domain: row.domain, locale: row.locale, version: row.version, body: row.body, note: row.note,
        createdBy: row.created_by, createdAt: row.created_at.toISOString(),
      }));
    },

    async addVersion(principal: UserPrincipal, key: PromptKey, input: { body: string; note?: string }) {
      requireAdmin(principal);
      return inTransaction(pool, async (client) => {
        // Serialises concurrent writers of the same prompt so version numbers never collide.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${key.promptId}|${key.domain}|${key.locale}`]);
        const { rows } = await client.query(
          `SELECT coalesce(max(version), 0) + 1 AS next FROM prompts.versions WHERE prompt_id = $1 AND domain = $2 AND locale = $3`,
          [key.promptId, key.domain, key.locale],
        );
        const version = rows[0].next as number;
        await client.query(
          `INSERT INTO prompts.versions (prompt_id, domain, locale, version, body, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [key.promptId, key.domain, key.locale, version, input.body, input.note ?? null, principal.userId, clock.now()],
        );
        return { ...key, version };
      });
    },

    async activate(principal: UserPrincipal, key: PromptKey, input: { version: number; variantVersion?: number; variantShare?: number }) {
      requireAdmin(principal);
      for (const version of [input.version, input.variantVersion].filter((value): value is number => value !== undefined)) {
        if (!(await versionExists(key, version))) throw notFound('prompt_version', `${key.promptId}@${version}`);
      }
      await pool.query(
        `INSERT INTO prompts.activations (prompt_id, domain, locale, version, variant_version, variant_share, activated_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [key.promptId, key.domain, key.locale, input.version, input.variantVersion ?? null, input.variantVersion !== undefined ? (input.variantShare ?? 0.5) : null, principal.userId, clock.now()],
      );
      return (await activations(key))[0]!;
    },

    /** Re-activates what was in force before the latest activation. */
    async rollback(principal: UserPrincipal, key: PromptKey) {
      requireAdmin(principal);
      const history = await activations(key);
      const previous = history[1] ?? (history[0] ? { version: 0, variantVersion: null, variantShare: null } : null);
      if (!previous) throw conflict('nothing_to_roll_back', 'This prompt has never been changed.');
      return this.activate(principal, key, {
        version: previous.version, variantVersion: previous.variantVersion ?? undefined, variantShare: previous.variantShare ?? undefined,
      });
    },

    history: async (principal: UserPrincipal, key: PromptKey) => {
      requireAdmin(principal);
      return activations(key);
    },

    /**
     * The version in force for a conversation: `version 0` means the shipped
     * file. With a split, a stable hash of the conversation picks the variant,
     * and the choice is recorded once per conversation.
     */
    async resolve(key: PromptKey, conversationId: string | undefined) {
      const [current] = await activations(key);
      if (!current) return { version: 0, body: null };
      let version = current.version;
      if (current.variantVersion !== null && current.variantShare !== null && conversationId) {
        const bucket = createHash('sha256').update(`${conversationId}|${key.promptId}`).digest().readUInt32BE(0) / 2 ** 32;
        if (bucket < current.variantShare) version = current.variantVersion;
      }
      if (conversationId) {
        await pool.query(
          `INSERT INTO prompts.assignments (conversation_id, prompt_id, domain, locale, version, assigned_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING`,
          [conversationId, key.promptId, key.domain, key.locale, version, clock.now()],
        );
      }
      if (version === 0) return { version: 0, body: null };
      const { rows } = await pool.query(
        `SELECT body FROM prompts.versions WHERE prompt_id = $1 AND domain = $2 AND locale = $3 AND version = $4`,
        [key.promptId, key.domain, key.locale, version],
      );
      return { version, body: (rows[0]?.body as string | undefined) ?? null };
    },
  };
}

export type PromptsService = ReturnType<typeof createPromptsService>;
