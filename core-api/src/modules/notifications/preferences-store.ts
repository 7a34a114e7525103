import type { Queryable } from '../../platform/database/transaction';
import { invalid } from '../../platform/errors';
import { defaultPreferences, type Preferences } from './delivery-policy';
import type { NotificationRecipient } from './notification-sender';

/** A row of `notifications.preferences` as read (also by the engine's one read of a recipient, see the repository). */
export interface PreferencesRow {
  channels: Preferences['channels'];
  quiet_start: string | null;
  quiet_end: string | null;
  do_not_disturb: boolean;
  daily_cap: number | null;
}

/** A user's preferences from their row, or their role's defaults when they never set any. */
export function preferencesFrom(row: PreferencesRow | null | undefined, role: NotificationRecipient['role']): Preferences & { custom: boolean } {
  if (!row) return { ...defaultPreferences(role), custom: false };
  return { channels: row.channels, quietStart: row.quiet_start, quietEnd: row.quiet_end, doNotDisturb: row.do_not_disturb, dailyCap: row.daily_cap, custom: true };
}

/** Each user's notification preferences; a user who never set any gets their role's defaults. */
export function createPreferencesStore(database: Queryable) {
  return {
    async get(userId: string, role: NotificationRecipient['role']): Promise<Preferences & { custom: boolean }> {
      const { rows } = await database.query<PreferencesRow>(
        `SELECT channels, quiet_start, quiet_end, do_not_disturb, daily_cap FROM notifications.preferences WHERE user_id = $1`,
        [userId],
      );
      return preferencesFrom(rows[0], role);
    },

    async put(userId: string, preferences: Preferences, now: Date): Promise<void> {
      if ((preferences.quietStart === null) !== (preferences.quietEnd === null))
        throw invalid('incomplete_quiet_hours', 'Give both quietStart and quietEnd, or neither.');
      if (new Set(preferences.channels).size !== preferences.channels.length) throw invalid('duplicate_channel', 'Name each channel once.');
      await database.query(
        `INSERT INTO notifications.preferences (user_id, channels, quiet_start, quiet_end, do_not_disturb, daily_cap, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (user_id) DO UPDATE SET channels = EXCLUDED.channels, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
           do_not_disturb = EXCLUDED.do_not_disturb, daily_cap = EXCLUDED.daily_cap, updated_at = EXCLUDED.updated_at`,
        [userId, preferences.channels, preferences.quietStart, preferences.quietEnd, preferences.doNotDisturb, preferences.dailyCap, now],
      );
    },
  };
}

export type PreferencesStore = ReturnType<typeof createPreferencesStore>;
