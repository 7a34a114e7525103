import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { inTransaction } from '../../platform/database/transaction';
import { createReadCache, type ReadCacheOptions } from '../../platform/read-cache';
import { conflict, invalid, notFound } from '../../platform/errors';
import { defaultTemplate, isTemplateEvent, type TemplateContent, type TemplateEvent } from './default-templates';
import { toNotificationLocale, type NotificationLocale } from './date-format';
import { notificationChannels, type NotificationChannel } from './notification-sender';
import { checkTemplate } from './template-renderer';

export interface TemplateKey {
  event: TemplateEvent;
  channel: NotificationChannel;
  locale: NotificationLocale;
}

export interface TemplateVersion extends TemplateContent {
  version: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

export interface TemplateActivation {
  id: number;
  version: number;
  variantVersion: number | null;
  variantShare: number | null;
  activatedBy: string;
  at: string;
  rolledBackAt: string | null;
}

export interface ResolvedTemplate {
  content: TemplateContent;
  version: number;
  /** Set only while an A/B split is active: A is the version in force, B the variant. */
  variant: 'A' | 'B' | null;
}

/** Checks and narrows the three parts of a key coming from a URL. */
export function templateKey(event: string, channel: string, locale: string): TemplateKey {
  if (!isTemplateEvent(event)) throw notFound('template', `${event}/${channel}/${locale}`);
  if (!(notificationChannels as readonly string[]).includes(channel)) throw notFound('template', `${event}/${channel}/${locale}`);
  if (toNotificationLocale(locale) !== locale) throw invalid('unsupported_locale', 'Templates exist in en, es and fr.');
  return { event, channel: channel as NotificationChannel, locale: locale as NotificationLocale };
}

/**
 * A/B assignment by the notification's id: stable across retries and replicas, and spread evenly.
 *
 * @example
 * variantOf('9f1c…', 0.5); // 'A' or 'B', always the same for that id
 */
export function variantOf(notificationId: string, share: number): 'A' | 'B' {
  const bucket = createHash('sha256').update(notificationId).digest().readUInt32BE(0) / 2 ** 32;
  return bucket < share ? 'B' : 'A';
}

/** How long the activation in force is reused before it is read again (an activation on another replica shows after this). */
export const templateCacheTtlMs = 5_000;

/**
 * Template versions written by admins (version 0 is the built-in default),
 * activations kept as a history so that rollback re-activates the previous
 * one, and an optional A/B split by notification.
 *
 * Every notification resolves its template twice (the engine for urgency, the composer for the text),
 * so what `resolve` reads is cached: the activation in force for `cache.ttlMs`, forgotten here at once
 * on activate and rollback; a version's content for good, since a version is never changed once written.
 */
export function createTemplateStore({ pool, clock, cache = { ttlMs: templateCacheTtlMs } }: { pool: pg.Pool; clock: Clock; cache?: ReadCacheOptions }) {
  const keyValues = (key: TemplateKey) => [key.event, key.channel, key.locale];
  const cacheKey = (key: TemplateKey) => keyValues(key).join('/');
  // Wrapped: the cache keeps no null, and "the built-in default is in force" is the usual answer.
  const inForceCache = createReadCache<{ activation: TemplateActivation | null }>(cache);
  const contentCache = createReadCache<TemplateContent>({ ...cache, ttlMs: Number.POSITIVE_INFINITY });

  /** The whole history, newest first, rolled-back activations included. */
  async function activations(key: TemplateKey, client: pg.Pool | pg.PoolClient = pool): Promise<TemplateActivation[]> {
    const { rows } = await client.query<{
      id: string; version: number; variant_version: number | null; variant_share: number | null; activated_by: string; at: Date; rolled_back_at: Date | null;
    }>(
      `SELECT id, version, variant_version, variant_share, activated_by, at, rolled_back_at FROM notifications.template_activations
        WHERE event = $1 AND channel = $2 AND locale = $3 ORDER BY id DESC`,
      keyValues(key),
    );
    return rows.map((row) => ({
      id: Number(row.id), version: row.version, variantVersion: row.variant_version, variantShare: row.variant_share, activatedBy: row.activated_by,
      at: row.at.toISOString(), rolledBackAt: row.rolled_back_at?.toISOString() ?? null,
    }));
  }

  /** The activation in force, or undefined while the built-in default is. */
  const inForce = async (key: TemplateKey, client: pg.Pool | pg.PoolClient = pool) =>
    (await activations(key, client)).find((activation) => activation.rolledBackAt === null);

  async function content(key: TemplateKey, version: number, client: pg.Pool | pg.PoolClient = pool): Promise<TemplateContent | null> {
    if (version === 0) return defaultTemplate(key.event, key.channel, key.locale);
    const { rows } = await client.query<{ subject: string | null; text_body: string; html_body: string | null; urgent: boolean }>(
      `SELECT subject, text_body, html_body, urgent FROM notifications.template_versions WHERE event = $1 AND channel = $2 AND locale = $3 AND version = $4`,
      [...keyValues(key), version],
    );
    const row = rows[0];
    return row ? { subject: row.subject, text: row.text_body, html: row.html_body, urgent: row.urgent } : null;
  }

  async function requireVersion(key: TemplateKey, version: number, client: pg.Pool | pg.PoolClient = pool): Promise<void> {
    if (!(await content(key, version, client))) throw notFound('template_version', `${key.event}/${key.channel}/${key.locale}@${version}`);
  }

  return {
    content,
    activations,

    /** The template a notification uses now: the version in force, or its variant for the notification's bucket. */
    async resolve(key: TemplateKey, notificationId: string): Promise<ResolvedTemplate> {
      const latest = (await inForceCache.get(cacheKey(key), async () => ({ activation: (await inForce(key)) ?? null })))!.activation;
      if (!latest) return { content: defaultTemplate(key.event, key.channel, key.locale), version: 0, variant: null };
      const split = latest.variantVersion !== null && latest.variantShare !== null;
      const variant = split ? variantOf(notificationId, latest.variantShare!) : null;
      const version = variant === 'B' ? latest.variantVersion! : latest.version;
      const found = await contentCache.get(`${cacheKey(key)}@${version}`, () => content(key, version));
      // A version row is never deleted, so it is there; the default guards against a hand-edited table.
      return { content: found ?? defaultTemplate(key.event, key.channel, key.locale), version, variant };
    },

    async versions(filter: Partial<TemplateKey>): Promise<Array<TemplateKey & TemplateVersion>> {
      const { rows } = await pool.query<{
        event: TemplateEvent; channel: NotificationChannel; locale: NotificationLocale; version: number; subject: string | null; text_body: string;
        html_body: string | null; urgent: boolean; note: string | null; created_by: string; created_at: Date;
      }>(
        `SELECT * FROM notifications.template_versions
          WHERE ($1::text IS NULL OR event = $1) AND ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR locale = $3)
          ORDER BY event, channel, locale, version`,
        [filter.event ?? null, filter.channel ?? null, filter.locale ?? null],
      );
      return rows.map((row) => ({
        event: row.event, channel: row.channel, locale: row.locale, version: row.version, subject: row.subject, text: row.text_body,
        html: row.html_body, urgent: row.urgent, note: row.note, createdBy: row.created_by, createdAt: row.created_at.toISOString(),
      }));
    },

    /** A new version, checked by rendering it with sample data; not in force until activated. */
    async addVersion(actorId: string, key: TemplateKey, input: TemplateContent & { note?: string }): Promise<{ version: number }> {
      await checkTemplate(input);
      if (key.channel === 'email' && !input.subject) throw invalid('subject_required', 'An e-mail template needs a subject.');
      const { rows } = await pool.query<{ version: number }>(
        `INSERT INTO notifications.template_versions (event, channel, locale, version, subject, text_body, html_body, urgent, note, created_by, created_at)
         SELECT $1, $2, $3, COALESCE(max(version), 0) + 1, $4, $5, $6, $7, $8, $9, $10
           FROM notifications.template_versions WHERE event = $1 AND channel = $2 AND locale = $3
         RETURNING version`,
        [...keyValues(key), input.subject, input.text, input.html, input.urgent, input.note ?? null, actorId, clock.now()],
      );
      return { version: rows[0]!.version };
    },

    async activate(actorId: string, key: TemplateKey, input: { version: number; variantVersion?: number; variantShare?: number }): Promise<TemplateActivation> {
      if ((input.variantVersion === undefined) !== (input.variantShare === undefined))
        throw invalid('incomplete_variant', 'Give both variantVersion and variantShare, or neither.');
      if (input.variantVersion === input.version) throw invalid('same_variant', 'The variant must be another version.');
      await requireVersion(key, input.version);
      if (input.variantVersion !== undefined) await requireVersion(key, input.variantVersion);
      const at = clock.now();
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO notifications.template_activations (event, channel, locale, version, variant_version, variant_share, activated_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [...keyValues(key), input.version, input.variantVersion ?? null, input.variantShare ?? null, actorId, at],
      );
      inForceCache.forget(cacheKey(key));
      return {
        id: Number(rows[0]!.id), version: input.version, variantVersion: input.variantVersion ?? null, variantShare: input.variantShare ?? null,
        activatedBy: actorId, at: at.toISOString(), rolledBackAt: null,
      };
    },

    /**
     * Takes the activation in force out of force, so the one before it applies again (the built-in
     * default when there is none). Answers what is in force afterwards: version 0 for the default.
     */
    async rollback(actorId: string, key: TemplateKey): Promise<{ version: number; variantVersion: number | null; variantShare: number | null }> {
      try {
        return await inTransaction(pool, async (client) => {
          // Serialises concurrent rollbacks of one key, so two clicks take back two activations, not one twice.
          await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`notifications.template:${keyValues(key).join('/')}`]);
          const current = await inForce(key, client);
          if (!current) throw conflict('nothing_to_roll_back', 'The built-in default is in force; there is nothing to roll back.');
          await client.query(`UPDATE notifications.template_activations SET rolled_back_at = $2, rolled_back_by = $3 WHERE id = $1`, [current.id, clock.now(), actorId]);
          const back = await inForce(key, client);
          return back ? { version: back.version, variantVersion: back.variantVersion, variantShare: back.variantShare } : { version: 0, variantVersion: null, variantShare: null };
        });
      } finally {
        // After the commit: a resolve running meanwhile may have read the activation just taken back.
        inForceCache.forget(cacheKey(key));
      }
    },
  };
}

export type TemplateStore = ReturnType<typeof createTemplateStore>;
