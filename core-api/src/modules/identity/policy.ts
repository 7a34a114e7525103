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

/**
 * GDPR access: yourself, or a patient of your organisation if you are an admin (a request made to
 * the practice). Not other staff: their export holds what they wrote about patients, which an
 * admin's read would reach without a per-patient audit. Staff export their own data.
 */
export function canExportUser(principal: UserPrincipal, user: OwnedUser & { role: string }): boolean {
  if (principal.userId === user.id) return true;
  return user.role === 'patient' && canAdministerUser(principal, user);
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

/** A chat conversation as the rules see it, with the caller's own participation (null: not a participant). */
export interface ConversationAccess {
  organizationId: string;
  kind: 'direct' | 'group';
  patientId: string;
  participant: { role: 'owner' | 'admin' | 'member'; muted: boolean } | null;
}

/**
 * Only current participants see a conversation, its messages and files; an admin
 * of the organisation who is not in it does not (it answers 404, as if it did not exist).
 */
export function canReadConversation(principal: UserPrincipal, conversation: ConversationAccess): boolean {
  return conversation.participant !== null && principal.organizationId === conversation.organizationId;
}

/** Participants write unless muted (whether the conversation is open is a workflow rule, not a permission). */
export function canPostInConversation(principal: UserPrincipal, conversation: ConversationAccess): boolean {
  return canReadConversation(principal, conversation) && !conversation.participant!.muted;
}

/** Add, remove and mute participants, archive, close and reopen: the owner and the admins of the conversation. */
export function canManageConversation(principal: UserPrincipal, conversation: ConversationAccess): boolean {
  return canReadConversation(principal, conversation) && conversation.participant!.role !== 'member';
}

/** Giving or taking the admin role of a conversation: its owner only. */
export function canChangeConversationRoles(principal: UserPrincipal, conversation: ConversationAccess): boolean {
  return canReadConversation(principal, conversation) && conversation.participant!.role === 'owner';
}

/** A one-to-one conversation is opened by one of its two parties: the patient or the professional. */
export function canOpenDirectConversation(principal: UserPrincipal, parties: { patientId: string; professionalId: string }): boolean {
  if (principal.role === 'patient') return principal.userId === parties.patientId;
  return principal.role === 'professional' && principal.userId === parties.professionalId;
}

/** Groups of specialists around a patient are a staff tool. */
export function canOpenGroupConversation(principal: UserPrincipal): boolean {
  return principal.role === 'professional' || principal.role === 'admin';
}

/** Who may join a group: staff of the organisation, and the patient it is about. */
export function canJoinGroupConversation(
  candidate: { id: string; role: UserPrincipal['role']; organizationId: string },
  conversation: Pick<ConversationAccess, 'organizationId' | 'patientId'>,
): boolean {
  if (candidate.organizationId !== conversation.organizationId) return false;
  return candidate.role !== 'patient' || candidate.id === conversation.patientId;
}

/** Editing a message is for its author alone. */
export function canEditChatMessage(principal: UserPrincipal, message: { authorId: string }): boolean {
  return principal.userId === message.authorId;
}

/** Deleting a message: its author, or a moderator (owner or admin) of the conversation. */
export function canDeleteChatMessage(principal: UserPrincipal, message: { authorId: string }, conversation: ConversationAccess): boolean {
  return canEditChatMessage(principal, message) || canManageConversation(principal, conversation);
}

/** What a message said before its edits and deletion: the same people who may delete it. */
export function canReadChatMessageTrace(principal: UserPrincipal, message: { authorId: string }, conversation: ConversationAccess): boolean {
  return canDeleteChatMessage(principal, message, conversation);
}

/** Open handoffs are picked up by the staff of the patient's organisation. */
export function canTakeHandoff(principal: UserPrincipal, handoff: { organizationId: string }): boolean {
  return principal.role !== 'patient' && principal.organizationId === handoff.organizationId;
}
