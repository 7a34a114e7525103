import { DateTime } from 'luxon';
import type { NotificationChannel, NotificationRecipient } from './notification-sender';
import { validZone } from './date-format';

/** A user's notification preferences; defaults apply to users who never set any. */
export interface Preferences {
  /** Channels in order of preference; the next one is tried when one fails for good. */
  channels: NotificationChannel[];
  /** Local `HH:MM` in the user's own zone; both or neither. */
  quietStart: string | null;
  quietEnd: string | null;
  doNotDisturb: boolean;
  /** Non-urgent notifications per rolling 24 hours; null for no cap. */
  dailyCap: number | null;
}

const defaultOrder: Record<NotificationRecipient['role'], NotificationChannel[]> = {
  patient: ['webchat', 'whatsapp', 'sms', 'email'],
  professional: ['teams', 'email'],
  admin: ['email', 'push'],
};

export function defaultPreferences(role: NotificationRecipient['role']): Preferences {
  return { channels: [...defaultOrder[role]], quietStart: null, quietEnd: null, doNotDisturb: false, dailyCap: null };
}

export type SuppressionReason = 'do_not_disturb' | 'frequency_cap' | 'no_channel';

/**
 * Whether a notification is held back altogether. Urgent ones (a cancelled
 * appointment) override do-not-disturb and the cap: they are the emergency override.
 */
export function suppressionOf(options: { preferences: Preferences; urgent: boolean; sentInLastDay: number; channels: NotificationChannel[] }): SuppressionReason | null {
  if (options.channels.length === 0) return 'no_channel';
  if (options.urgent) return null;
  if (options.preferences.doNotDisturb) return 'do_not_disturb';
  if (options.preferences.dailyCap !== null && options.sentInLastDay >= options.preferences.dailyCap) return 'frequency_cap';
  return null;
}

/**
 * The channels to try, in the user's order, keeping only those that can reach
 * them: an address, no withdrawn consent, a sender that runs in this deployment.
 */
export function usableChannels(order: NotificationChannel[], usable: (channel: NotificationChannel) => boolean): NotificationChannel[] {
  return [...new Set(order)].filter(usable);
}

/**
 * When a non-urgent notification due at `due` may go: at `due`, or at the end
 * of the recipient's quiet hours if `due` falls inside them. Hours are wall
 * clock in the recipient's zone, so a quiet night stays 22:00–07:00 across a
 * daylight-saving change; an end that does not exist that night (a skipped
 * hour) moves to the first instant after the gap.
 *
 * @example
 * releaseTime(new Date('2026-12-01T23:30:00Z'), { start: '22:00', end: '07:00' }, 'Europe/Madrid'); // 2026-12-02T06:00:00Z
 */
export function releaseTime(due: Date, quiet: { start: string; end: string } | null, zone: string): Date {
  if (!quiet || quiet.start === quiet.end) return due;
  const local = DateTime.fromJSDate(due, { zone: validZone(zone) });
  const minutes = local.hour * 60 + local.minute;
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  const wraps = start > end; // e.g. 22:00–07:00
  const inside = wraps ? minutes >= start || minutes < end : minutes >= start && minutes < end;
  if (!inside) return due;
  // The end is today when we are before it on the same side of midnight, else tomorrow.
  const endDay = wraps && minutes >= start ? local.plus({ days: 1 }) : local;
  const [hour, minute] = quiet.end.split(':').map(Number) as [number, number];
  const release = endDay.set({ hour, minute, second: 0, millisecond: 0 });
  return release.toJSDate() > due ? release.toJSDate() : due;
}

const toMinutes = (value: string) => {
  const [hour, minute] = value.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
};
