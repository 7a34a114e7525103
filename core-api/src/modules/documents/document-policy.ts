import type { UserPrincipal } from '../identity/principal';

/*
 * Who may do what with a document. Like chat files, a document is seen only by
 * the users it is shared with (the patient always is); everyone else, admins
 * included, gets 404 as if it did not exist.
 *
 * These rules belong in identity/policy.ts with the others; they live here
 * until that file takes them (it is not this module's to change).
 */

export interface DocumentParties {
  organizationId: string;
  patientId: string;
  sharedWith: string[];
}

/** A user it is shared with, of the document's organisation. */
export function canReadDocument(principal: UserPrincipal, document: DocumentParties): boolean {
  return principal.organizationId === document.organizationId && document.sharedWith.includes(principal.userId);
}

/** Share or unshare: the patient, or staff (professional, admin) it is shared with. */
export function canShareDocument(principal: UserPrincipal, document: DocumentParties): boolean {
  return canReadDocument(principal, document) && (principal.userId === document.patientId || principal.role !== 'patient');
}

/** A new version (filling a form): staff it is shared with, or the patient. */
export function canWriteDocument(principal: UserPrincipal, document: DocumentParties): boolean {
  return canShareDocument(principal, document);
}

/** Whom a document may be shared with: the patient, admins of the organisation, professionals of the patient's appointments. */
export function canReceiveDocument(
  user: { id: string; organizationId: string; role: UserPrincipal['role']; erasedAt: Date | null },
  document: DocumentParties,
  isProfessionalOfPatient: boolean,
): boolean {
  if (user.erasedAt || user.organizationId !== document.organizationId) return false;
  if (user.id === document.patientId) return true;
  if (user.role === 'admin') return true;
  return user.role === 'professional' && isProfessionalOfPatient;
}

/** Put a document on a patient's record: the patient, a professional of theirs, or an admin of the organisation. */
export function canCreateDocumentFor(principal: UserPrincipal, patient: { id: string; organizationId: string }, isProfessionalOfPatient: boolean): boolean {
  if (principal.organizationId !== patient.organizationId) return false;
  if (principal.role === 'patient') return principal.userId === patient.id;
  if (principal.role === 'admin') return true;
  return isProfessionalOfPatient;
}

/** Upload blank fillable forms: admins. */
export function canManageForms(principal: UserPrincipal): boolean {
  return principal.role === 'admin';
}
