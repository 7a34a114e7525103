import type pg from 'pg';
import type { PersonalDataContributor } from '../identity/personal-data';

/**
 * The notifications module's part of GDPR access and erasure. Erasure keeps
 * the delivery facts (what was sent when, on which channel) and removes what
 * is personal: preferences, registered browsers, reminders still to come, and
 * the free-text reasons copied from events.
 */
export function notificationsPersonalData(pool: pg.Pool): PersonalDataContributor {
  return {
    module: 'notifications',
    async exportFor(userId) {
      const notifications = await pool.query(
        `SELECT id, event_type, appointment_id, channel, state, reason, attempts, created_at, sent_at, delivered_at
           FROM notifications.notifications WHERE recipient_id = $1 ORDER BY created_at`,
        [userId],
      );
      const preferences = await pool.query(
        `SELECT channels, quiet_start, quiet_end, do_not_disturb, daily_cap, updated_at FROM notifications.preferences WHERE user_id = $1`,
        [userId],
      );
      const devices = await pool.query(`SELECT created_at FROM notifications.push_subscriptions WHERE user_id = $1`, [userId]);
      return { notifications: notifications.rows, preferences: preferences.rows[0] ?? null, pushDevices: devices.rows };
    },
    async eraseFor(userId, client) {
      await client.query(`UPDATE notifications.notifications SET data = data - 'reason' WHERE recipient_id = $1`, [userId]);
      await client.query(`DELETE FROM notifications.preferences WHERE user_id = $1`, [userId]);
      await client.query(`DELETE FROM notifications.push_subscriptions WHERE user_id = $1`, [userId]);
      await client.query(`UPDATE notifications.reminders SET state = 'cancelled' WHERE patient_id = $1 AND state = 'pending'`, [userId]);
    },
  };
}
