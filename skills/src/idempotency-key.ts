import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so the same input always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A key that is the same for the same user, skill and input: a model that
 * retries a tool call (or replays it after a crash) gets the first answer
 * back instead of a second booking.
 */
export function idempotencyKeyFor(options: { userId: string; skill: string; input: unknown; replaced?: string }): string {
  const digest = createHash('sha256').update(canonicalJson(options)).digest('hex');
  return `skill-${options.skill}-${digest}`;
}
