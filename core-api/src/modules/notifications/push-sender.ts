import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Queryable } from '../../platform/database/transaction';
import { NotificationSendError, type NotificationSender } from './notification-sender';

export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** The browsers (admin UI) each user registered for Web Push. */
export function createPushSubscriptions(database: Queryable) {
  return {
    async save(userId: string, subscription: PushSubscriptionInput, now: Date): Promise<void> {
      // An endpoint belongs to one browser profile; whoever registers it last owns it.
      await database.query(
        `INSERT INTO notifications.push_subscriptions (endpoint, user_id, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, created_at = EXCLUDED.created_at`,
        [subscription.endpoint, userId, subscription.keys.p256dh, subscription.keys.auth, now],
      );
    },
    async remove(endpoint: string): Promise<void> {
      await database.query(`DELETE FROM notifications.push_subscriptions WHERE endpoint = $1`, [endpoint]);
    },
    async forUser(userId: string): Promise<PushSubscriptionInput[]> {
      const { rows } = await database.query<{ endpoint: string; p256dh: string; auth: string }>(
        `SELECT endpoint, p256dh, auth FROM notifications.push_subscriptions WHERE user_id = $1 ORDER BY created_at`,
        [userId],
      );
      return rows.map((row) => ({ endpoint: row.endpoint, keys: { p256dh: row.p256dh, auth: row.auth } }));
    },
    async has(userId: string): Promise<boolean> {
      const { rowCount } = await database.query(`SELECT 1 FROM notifications.push_subscriptions WHERE user_id = $1 LIMIT 1`, [userId]);
      return (rowCount ?? 0) > 0;
    },
  };
}

export type PushSubscriptions = ReturnType<typeof createPushSubscriptions>;

/**
 * Web Push to every browser the user registered, signed with the VAPID keys.
 * A subscription the push service says is gone (404, 410) is forgotten; when
 * none is left the failure is permanent, so the next channel is tried.
 */
export function createPushSender(options: {
  publicKey: string;
  privateKey: string;
  subject: string;
  subscriptions: PushSubscriptions;
  /** The HTTPS agent for the push services (tests trust a loopback service's certificate with it). */
  agent?: Agent;
}): NotificationSender {
  const vapidDetails = { subject: options.subject, publicKey: options.publicKey, privateKey: options.privateKey };
  return {
    channel: 'push',
    async send(notification) {
      const subscriptions = await options.subscriptions.forUser(notification.recipient.userId);
      const payload = JSON.stringify({ title: notification.subject ?? 'Consulta', body: notification.text, data: { notificationId: notification.id, event: notification.event } });
      let delivered: string | undefined;
      let transient: unknown;
      for (const subscription of subscriptions) {
        try {
          const result = await webpush.sendNotification(subscription, payload, { vapidDetails, TTL: 24 * 3_600, urgency: notification.urgent ? 'high' : 'normal', agent: options.agent });
          delivered ??= result.headers.location ?? notification.id;
        } catch (error) {
          const status = (error as { statusCode?: number }).statusCode;
          if (status === 404 || status === 410) await options.subscriptions.remove(subscription.endpoint);
          else transient = error;
        }
      }
      if (delivered) return { providerMessageId: delivered };
      if (transient) throw new NotificationSendError('push_unavailable', 'The push service did not take the message.', false);
      throw new NotificationSendError('no_push_subscription', 'The user has no browser registered for push.', true);
    },
  };
}
