import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import { inTransaction } from '../../platform/database/transaction';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors';
import type { FieldCipher } from '../../platform/field-encryption';
import type { AuditContext, AuditLog } from './audit-log';
import { canAdministerUser, canEditUser } from './policy';
import type { UserPrincipal } from './principal';
import type { UserRecord, UsersRepository } from './users-repository';
import { isTimeZone } from '../../platform/time-zone';

export interface ProfileChanges {
  name?: string;
  email?: string | null;
  phone?: string | null;
  locale?: string;
  timeZone?: string;
  dateOfBirth?: string | null;
  /** Patients only. */
  insuranceNumber?: string | null;
  professional?: { title?: string | null; registrationNumber?: string | null };
  /** Admins only: marks a professional's registration as checked. */
  verified?: boolean;
}

/** Edits of a profile: your own, or (admins) anyone of your organisation. */
export function createProfileService(options: { pool: pg.Pool; clock: Clock; cipher: FieldCipher; users: UsersRepository; audit: AuditLog }) {
  const { pool, clock, cipher, users, audit } = options;
  return {
    async update(principal: UserPrincipal, userId: string, changes: ProfileChanges, context: AuditContext): Promise<UserRecord> {
      const user = await users.findById(userId);
      const entry = { action: 'user.update', resourceType: 'user', resourceId: userId, patientId: user?.role === 'patient' ? userId : null };
      if (!user || user.erasedAt || !canEditUser(principal, user)) {
        await audit.record(context, { ...entry, outcome: 'denied' });
        throw notFound('user', userId);
      }
      try {
        checkChanges(principal, user, changes, clock.now());
      } catch (error) {
        if (error instanceof AppError && error.kind === 'forbidden') await audit.record(context, { ...entry, outcome: 'denied' });
        throw error;
      }
      const assignments: string[] = [];
      const values: unknown[] = [userId];
      const set = (column: string, value: unknown) => {
        values.push(value);
        assignments.push(`${column} = $${values.length}`);
      };
      if (changes.name !== undefined) set('name', changes.name);
      if (changes.email !== undefined) set('email', changes.email);
      if (changes.phone !== undefined) set('phone', changes.phone);
      if (changes.locale !== undefined) set('locale', changes.locale);
      if (changes.timeZone !== undefined) set('timezone', changes.timeZone);
      if (changes.dateOfBirth !== undefined) {
        set('date_of_birth_sealed', changes.dateOfBirth === null ? null : cipher.seal(changes.dateOfBirth));
        set('date_of_birth', null);
      }
      if (changes.insuranceNumber !== undefined) {
        set('insurance_number_sealed', changes.insuranceNumber === null ? null : cipher.seal(changes.insuranceNumber));
      }
      const professional = changes.professional;
      if (professional?.title !== undefined) set('professional_title', professional.title);
      if (professional?.registrationNumber !== undefined) {
        set('professional_registration', professional.registrationNumber);
        // A new registration number has not been checked yet, unless an admin enters it.
        if (changes.verified === undefined && professional.registrationNumber !== user.professional?.registrationNumber) {
          set('professional_verified_at', null);
        }
      }
      if (changes.verified !== undefined) set('professional_verified_at', changes.verified ? clock.now() : null);
      if (assignments.length === 0) return user;
      set('updated_at', clock.now());
      await inTransaction(pool, async (client) => {
        await client.query(`UPDATE identity.users SET ${assignments.join(', ')} WHERE id = $1`, values);
        await audit.record(context, entry, client);
      });
      return (await users.findById(userId))!;
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;

function checkChanges(principal: UserPrincipal, user: UserRecord, changes: ProfileChanges, now: Date): void {
  if (changes.verified !== undefined && !canAdministerUser(principal, user)) {
    throw forbidden('Only an admin of the organisation may verify a professional.');
  }
  if ((changes.professional !== undefined || changes.verified !== undefined) && user.role !== 'professional') {
    throw invalid('not_a_professional', 'Professional details belong to professionals only.');
  }
  if (changes.insuranceNumber !== undefined && user.role !== 'patient') {
    throw invalid('not_a_patient', 'An insurance number belongs to patients only.');
  }
  if (changes.timeZone !== undefined && !isTimeZone(changes.timeZone)) {
    throw invalid('invalid_time_zone', `"${changes.timeZone}" is not an IANA time zone.`);
  }
  if (changes.dateOfBirth && !isPastDate(changes.dateOfBirth, now)) {
    throw invalid('invalid_date_of_birth', 'The date of birth must be a real date in the past.');
  }
}

function isPastDate(value: string, now: Date): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date.getTime() < now.getTime();
}
