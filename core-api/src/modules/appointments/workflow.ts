/**
 * The appointment status workflow, as pure functions. A reschedule ends the
 * old row as `rescheduled` and creates a new one; every transition records who,
 * when and why (the service does that).
 */
export type AppointmentStatus =
  | 'requested' | 'approved' | 'declined' | 'expired' | 'cancelled' | 'rescheduled' | 'completed' | 'no_show';

export type Transition = 'approve' | 'decline' | 'expire' | 'cancel' | 'reschedule' | 'complete' | 'no_show';

const allowed: Record<Transition, { from: AppointmentStatus[]; to: AppointmentStatus }> = {
  approve: { from: ['requested'], to: 'approved' },
  decline: { from: ['requested'], to: 'declined' },
  expire: { from: ['requested'], to: 'expired' },
  cancel: { from: ['requested', 'approved'], to: 'cancelled' },
  reschedule: { from: ['requested', 'approved'], to: 'rescheduled' },
  complete: { from: ['approved'], to: 'completed' },
  no_show: { from: ['approved'], to: 'no_show' },
};

/** Statuses that hold their slot. */
export const holdingStatuses: AppointmentStatus[] = ['requested', 'approved'];

/** The status a transition leads to, or null when it is not allowed from `status`. */
export function nextStatus(status: AppointmentStatus, transition: Transition): AppointmentStatus | null {
  const rule = allowed[transition];
  return rule.from.includes(status) ? rule.to : null;
}

/** Statuses a transition may start from, for error messages. */
export function allowedFrom(transition: Transition): AppointmentStatus[] {
  return allowed[transition].from;
}

/** The event type of a transition: `appointment.<status>`. */
export function eventTypeOf(status: AppointmentStatus): string {
  return `appointment.${status}`;
}

/**
 * Patients may cancel or move only up to the professional's cutoff before the start.
 *
 * @example
 * isBeforeCutoff(new Date('2026-12-08T09:00Z'), 24, new Date('2026-12-07T08:00Z')); // true
 */
export function isBeforeCutoff(start: Date, cutoffHours: number, now: Date): boolean {
  return now.getTime() <= start.getTime() - cutoffHours * 3_600_000;
}

/** A request not decided within the domain's expiry time, or whose start has come, expires. */
export function isRequestDue(request: { createdAt: Date; start: Date }, expiryHours: number, now: Date): boolean {
  return now.getTime() >= request.createdAt.getTime() + expiryHours * 3_600_000 || now.getTime() >= request.start.getTime();
}
