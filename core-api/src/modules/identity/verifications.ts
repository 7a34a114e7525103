import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { AppError, invalid, notFound } from '../../platform/errors';
import { inTransaction } from '../../platform/database/transaction';
import type { AuditContext, AuditLog } from './audit-log';
import { checkExternalId, type ChannelIdentities, type MessagingChannel } from './channel-identities';

/** Delivers a one-time code to a user on e-mail or SMS (the notifications module does it). */
export type VerificationCodeSender = (input: { userId: string; via: 'email' | 'sms'; code: string }) => Promise<void>;

export interface VerificationStart {
  channel: MessagingChannel;
  externalId: string;
  /** The e-mail address or E.164 phone number the person says is theirs. */
  contact: string;
}

const CODE_TTL_MINUTES = 10;
const MAXIMUM_ATTEMPTS = 5;
// Per channel identity, so a visitor cannot spray codes at many addresses.
const MAXIMUM_STARTS_PER_HOUR = 5;
const e164 = /^\+[1-9]\d{6,14}$/;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Proves that a channel identity (a web chat visitor) belongs to a patient:
 * a six-digit code goes to the e-mail or phone on the patient's record, and
 * whoever types it back gets the identity bound to that patient, verified.
 * The answer to a start is the same whether the contact matched anyone, so
 * the route tells nobody who is a patient here.
 */
export function createVerifications(options: {
  pool: pg.Pool; clock: Clock; audit: AuditLog; channelIdentities: ChannelIdentities; secret: string; send: VerificationCodeSender | undefined;
}) {
  const { pool, clock, audit, channelIdentities } = options;
  const hash = (id: string, code: string) => createHmac('sha256', options.secret).update(`${id}:${code}`).digest('hex');

  return {
    async start(input: VerificationStart, context: AuditContext): Promise<{ verificationId: string; sentTo: string; expiresAt: string }> {
      const externalId = checkExternalId(input.channel, input.externalId);
      const contact = input.contact.trim();
      const via = e164.test(contact.replace(/[\s-]/g, '')) ? 'sms' : email.test(contact) ? 'email' : null;
      if (via === null) throw invalid('invalid_contact', 'Give an e-mail address or a phone number in international form (+34600111222).');
      if (!options.send) throw new AppError('unavailable', 'verification_unavailable', 'Codes cannot be sent: no e-mail or SMS sender is configured.');
      const normalised = via === 'sms' ? contact.replace(/[\s-]/g, '') : contact.toLowerCase();
      const now = clock.now();
      const recent = await pool.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM identity.verifications WHERE channel = $1 AND external_id = $2 AND created_at > $3`,
        [input.channel, externalId, new Date(now.getTime() - 3_600_000)],
      );
      if ((recent.rows[0]?.count ?? 0) >= MAXIMUM_STARTS_PER_HOUR) {
        throw new AppError('rate_limited', 'too_many_verifications', 'Too many codes asked for; try again in an hour.');
      }
      const users = await pool.query<{ id: string; organization_id: string }>(
        `SELECT id, organization_id FROM identity.users WHERE role = 'patient' AND erased_at IS NULL AND ${via === 'sms' ? 'phone = $1' : 'lower(email) = $1'} ORDER BY created_at LIMIT 2`,
        [normalised],
      );
      // Two patients sharing one address cannot be told apart by it: nobody is matched.
      const user = users.rows.length === 1 ? users.rows[0]! : null;
      const userId = user?.id ?? null;
      const id = randomUUID();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000);
      await pool.query(
        `INSERT INTO identity.verifications (id, channel, external_id, user_id, sent_via, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, input.channel, externalId, userId, via, hash(id, code), expiresAt, now],
      );
      if (user) {
        await options.send({ userId: user.id, via, code });
        await audit.record(context, { action: 'channel_identity.verification_sent', resourceType: 'user', resourceId: user.id, patientId: user.id, organizationId: user.organization_id });
      }
      return { verificationId: id, sentTo: mask(normalised, via), expiresAt: expiresAt.toISOString() };
    },

    /** Checks a code; the right one binds the identity to the patient, verified. */
    async confirm(verificationId: string, input: { code: string; channel: MessagingChannel; externalId: string }, context: AuditContext): Promise<{ userId: string }> {
      const { code } = input;
      const externalId = checkExternalId(input.channel, input.externalId);
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query(`SELECT * FROM identity.verifications WHERE id = $1 FOR UPDATE`, [verificationId]);
        const row = rows[0];
        // Another identity's verification does not exist, as far as this caller can tell.
        if (!row || row.channel !== input.channel || row.external_id !== externalId) throw notFound('verification', verificationId);
        if (row.confirmed_at) throw new AppError('conflict', 'verification_used', 'This code was already used; ask for a new one.');
        if (row.expires_at <= clock.now()) throw new AppError('unprocessable', 'code_expired', 'The code has expired; ask for a new one.');
        if (row.attempts >= MAXIMUM_ATTEMPTS) throw new AppError('rate_limited', 'too_many_attempts', 'Too many wrong codes; ask for a new one.');
        const given = Buffer.from(hash(verificationId, code.trim()));
        const right = row.user_id !== null && timingSafeEqual(given, Buffer.from(row.code_hash));
        if (!right) {
          await client.query(`UPDATE identity.verifications SET attempts = attempts + 1 WHERE id = $1`, [verificationId]);
          return { wrong: MAXIMUM_ATTEMPTS - row.attempts - 1 } as const;
        }
        await client.query(`UPDATE identity.verifications SET confirmed_at = $2 WHERE id = $1`, [verificationId, clock.now()]);
        await channelIdentities.bind({ channel: row.channel, externalId: row.external_id, userId: row.user_id, verified: true }, client);
        await audit.record(context, { action: 'channel_identity.verify', resourceType: 'user', resourceId: row.user_id, patientId: row.user_id }, client);
        return { userId: row.user_id as string };
      }).then((outcome) => {
        // The attempt is counted in the database before the refusal is answered.
        if ('wrong' in outcome) throw new AppError('unprocessable', 'code_invalid', `That code is not right; ${outcome.wrong} tries left.`, { attemptsLeft: outcome.wrong });
        return outcome;
      });
    },
  };
}

export type Verifications = ReturnType<typeof createVerifications>;

/** "a•••@example.org", "+34•••••••222": enough to recognise, not to learn. */
function mask(contact: string, via: 'email' | 'sms'): string {
  if (via === 'sms') return `${contact.slice(0, 3)}${'•'.repeat(Math.max(0, contact.length - 6))}${contact.slice(-3)}`;
  const [local = '', domain = ''] = contact.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}
