import { createHash } from 'node:crypto';
import type { Queryable } from '../../platform/database/transaction';
import { AppError, isAppError } from '../../platform/errors';

type Outcome = { ok: true; value: unknown } | { ok: false; kind: AppError['kind']; code: string; message: string; details?: unknown };

/** A stable hash of a request body: key order does not matter. */
export function hashRequest(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, inner]) => [key, canonical(inner)]))
        : value;
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

/**
 * Runs `work` once per (actor, key): a retry with the same key and body gets
 * the first outcome again (success or domain error); the same key with another
 * body is refused with `idempotency_key_reused`.
 */
export async function withIdempotency<T>(
  database: Queryable,
  scope: { actorId: string; key: string | undefined; body: unknown },
  work: () => Promise<T>,
): Promise<T> {
  if (!scope.key) return work();
  const hash = hashRequest(scope.body);
  const stored = await find(database, scope.actorId, scope.key);
  if (stored) return replay<T>(stored, hash);
  let outcome: Outcome;
  try {
    outcome = { ok: true, value: await work() };
  } catch (error) {
    if (!isAppError(error)) throw error;
    outcome = { ok: false, kind: error.kind, code: error.code, message: error.message, details: error.details };
  }
  const inserted = await database.query(
    `INSERT INTO appointments.idempotency_keys (actor_id, key, request_hash, outcome) VALUES ($1, $2, $3, $4)
     ON CONFLICT (actor_id, key) DO NOTHING`,
    [scope.actorId, scope.key, hash, JSON.stringify(outcome)],
  );
  // A concurrent twin stored its outcome first: answer that one, so both callers see the same.
  if (inserted.rowCount === 0) return replay<T>((await find(database, scope.actorId, scope.key))!, hash);
  return unwrap<T>(outcome);
}

async function find(database: Queryable, actorId: string, key: string) {
  const { rows } = await database.query(`SELECT request_hash, outcome FROM appointments.idempotency_keys WHERE actor_id = $1 AND key = $2`, [
    actorId, key,
  ]);
  return rows[0] as { request_hash: string; outcome: Outcome } | undefined;
}

function replay<T>(stored: { request_hash: string; outcome: Outcome }, hash: string): T {
  if (stored.request_hash !== hash) {
    throw new AppError('unprocessable', 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body.');
  }
  return unwrap<T>(stored.outcome);
}

function unwrap<T>(outcome: Outcome): T {
  if (outcome.ok) return outcome.value as T;
  throw new AppError(outcome.kind, outcome.code, outcome.message, outcome.details);
}
