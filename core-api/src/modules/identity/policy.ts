import type { ServicePrincipal, UserPrincipal } from './principal';

/**
 * Who may do what to which resource: every permission rule of Consulta lives
 * in this file, as pure functions. Routes and services ask; none decides alone.
 * The matrix in docs/identity.md is this file in a table.
 */

interface OwnedUser {
  id: string;
  organizationId: string;
}

/** Yourself, or anyone of your organisation if you are an admin. */
export function canReadUser(principal: UserPrincipal, user: OwnedUser): boolean {
  if (principal.userId === user.id) return true;
  return principal.role === 'admin' && principal.organizationId === user.organizationId;
}

export function canEditUser(principal: UserPrincipal, user: OwnedUser): boolean {
  return canReadUser(principal, user);
}

/** Role, verification of professionals and channel bindings are admin matters, never self-service. */
export function canAdministerUser(principal: UserPrincipal, user: OwnedUser): boolean {
  return principal.role === 'admin' && principal.organizationId === user.organizationId;
}

/** GDPR access: only your own data (admins export on a person's behalf through their own tooling). */
export function canExportUser(principal: UserPrincipal, user: OwnedUser): boolean {
  return principal.userId === user.id;
}

/** GDPR erasure: yourself, or an admin of your organisation. */
export function canEraseUser(principal: UserPrincipal, user: OwnedUser): boolean {
  return canReadUser(principal, user);
}

/** The audit log is an admin tool, scoped to the admin's organisation by the query itself. */
export function canReadAuditLog(principal: UserPrincipal): boolean {
  return principal.role === 'admin';
}

/** The app role a service needs to exchange channel identities for user tokens and register patients. */
export const actAsAppRole = 'Assistant.ActAs';

export function canActForUsers(service: ServicePrincipal): boolean {
  return service.appRoles.includes(actAsAppRole);
}

export interface AppointmentParties {
  organizationId: string;
  patientId: string;
  professionalId: string;
}

/** The patient, the professional, or an admin of the organisation. */
export function canReadAppointment(principal: UserPrincipal, appointment: AppointmentParties): boolean {
  if (principal.role === 'admin') return principal.organizationId === appointment.organizationId;
  if (principal.role === 'patient') return principal.userId === appointment.patientId;
  return principal.userId === appointment.professionalId;
}

/** Patients book for themselves; admins for anyone of their organisation. Professionals do not book. */
export function canRequestAppointmentFor(principal: UserPrincipal, patientId: string): boolean {
  if (principal.role === 'patient') return principal.userId === patientId;
  return principal.role === 'admin';
}

/** Approve, decline, complete, no-show: the professional of the appointment, or an admin. */
export function canDecideAppointment(principal: UserPrincipal, appointment: AppointmentParties): boolean {
  if (principal.role === 'admin') return principal.organizationId === appointment.organizationId;
  return principal.role === 'professional' && principal.userId === appointment.professionalId;
}

/** Intake answers: the patient, the professional of the appointment, or an admin of the organisation. */
export function canReadIntake(principal: UserPrincipal, appointment: AppointmentParties): boolean {
  return canReadAppointment(principal, appointment);
}

/** Cancel or reschedule: either party or an admin (the cutoff for patients is a workflow rule, not a permission). */
export function canChangeAppointment(principal: UserPrincipal, appointment: AppointmentParties): boolean {
  return canReadAppointment(principal, appointment);
}

/** Availability and directory settings of a professional: that professional, or an admin. */
export function canManageProfessional(principal: UserPrincipal, professionalId: string): boolean {
  return principal.role === 'admin' || (principal.role === 'professional' && principal.userId === professionalId);
}

export function isAdmin(principal: UserPrincipal): boolean {
  return principal.role === 'admin';
}
