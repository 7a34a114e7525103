import type { Clock } from '../../platform/clock';
import { forbidden, notFound } from '../../platform/errors';
import type { JobQueue } from '../../platform/queue/job-queue';
import type { AuditContext, AuditLog } from '../identity/audit-log';
import type { Principal, UserPrincipal } from '../identity/principal';
import type { Preferences } from './delivery-policy';
import { deliveryKey, notificationId, notificationsQueue, type NotificationEngine } from './notification-engine';
import { canListNotifications, canManageNotifications, canReportDelivery } from './notifications-policy';
import type { NotificationFilter, NotificationRecord, NotificationsRepository } from './notifications-repository';
import type { PreferencesStore } from './preferences-store';
import type { PushSubscriptionInput, PushSubscriptions } from './push-sender';
import type { Reminders } from './reminders';
import { toNotificationView } from './notifications-schemas';

type UserContext = AuditContext & { principal: UserPrincipal };

/**
 * What the notification routes do, with the permission checks and audit
 * entries: routes only translate HTTP. Reading a patient's notifications is
 * patient data (when and about what they were contacted), so it is audited.
 */
export function createNotificationsService(dependencies: {
  clock: Clock;
  queue: JobQueue;
  audit: AuditLog;
  repository: NotificationsRepository;
  preferences: PreferencesStore;
  pushSubscriptions: PushSubscriptions;
  reminders: Reminders;
  engine: Pick<NotificationEngine, 'enqueue' | 'fallBack'>;
}) {
  const { clock, audit, repository } = dependencies;
  const requireManager = (principal: UserPrincipal) => {
    if (!canManageNotifications(principal)) throw forbidden('Only admins manage notifications.');
  };

  async function auditRead(context: UserContext, records: NotificationRecord[]) {
    const patients = new Set(records.filter((record) => record.recipientRole === 'patient').map((record) => record.recipientId));
    for (const patientId of patients) {
      await audit.record(context, { action: 'notification.read', resourceType: 'user', resourceId: patientId, patientId });
    }
  }

  return {
    async mine(context: UserContext, limit: number) {
      const records = await repository.list({ recipientId: context.principal.userId, limit });
      await auditRead(context, records);
      return records.map(toNotificationView);
    },

    async list(context: UserContext, filter: Omit<NotificationFilter, 'organizationId'>) {
      if (!canListNotifications(context.principal)) throw forbidden('Only admins list other people’s notifications.');
      const records = await repository.list({ ...filter, organizationId: context.principal.organizationId });
      await auditRead(context, records);
      return records.map(toNotificationView);
    },

    async reportDelivery(principal: Principal | null, report: { providerMessageId: string; status: 'delivered' | 'failed'; reason?: string }) {
      if (!principal || !canReportDelivery(principal)) throw forbidden('Only a channel service may report deliveries.');
      const reported = await repository.recordDelivery(report.providerMessageId, report.status, report.reason ?? null, clock.now());
      if (!reported) throw notFound('notification', report.providerMessageId);
      // Undelivered after all (an unreachable handset, a number off WhatsApp): the next channel gets it, once,
      // as when a send fails for good. A retried report changes nothing and moves on to nothing.
      if (reported.changed && reported.record.state === 'failed') await dependencies.engine.fallBack(reported.record);
      return toNotificationView(reported.record);
    },

    preferencesOf: (principal: UserPrincipal) => dependencies.preferences.get(principal.userId, principal.role),

    async setPreferences(context: UserContext, preferences: Preferences) {
      await dependencies.preferences.put(context.principal.userId, preferences, clock.now());
      await audit.record(context, { action: 'notification_preferences.update', resourceType: 'user', resourceId: context.principal.userId });
      return dependencies.preferences.get(context.principal.userId, context.principal.role);
    },

    async registerPush(principal: UserPrincipal, subscription: PushSubscriptionInput) {
      await dependencies.pushSubscriptions.save(principal.userId, subscription, clock.now());
    },

    /** Deliveries that used up their tries with no channel left, of the admin's organisation. */
    async deadLetters(principal: UserPrincipal) {
      requireManager(principal);
      const failed = await dependencies.queue.failed(notificationsQueue);
      const letters = [];
      for (const job of failed) {
        // BullMQ spells the ':' of job ids as '|'; the key gives back the notification's id.
        const record = await repository.get(notificationId(job.id.replaceAll('|', ':')));
        if (!record || record.organizationId !== principal.organizationId) continue;
        letters.push({ notification: toNotificationView(record), error: job.error.slice(0, 300) });
      }
      return letters;
    },

    /** Puts a failed notification back in line on its channel: from the dead-letter list, or a new job when it is not there. */
    async retry(context: UserContext, id: string) {
      requireManager(context.principal);
      const record = await repository.get(id);
      if (!record || record.organizationId !== context.principal.organizationId) throw notFound('notification', id);
      if (!(await repository.requeue(id, clock.now()))) throw notFound('failed_notification', id);
      const key = deliveryKey(record.eventId, record.recipientId, record.channel);
      if (!(await dependencies.queue.retry(notificationsQueue, key))) {
        // Failed for good (no dead-letter job): a job of its own, so the spent one is not reused.
        await dependencies.engine.enqueue({ ...record, dueAt: clock.now() }, `${key}:retry-${clock.now().getTime()}`);
      }
      await audit.record(context, { action: 'notification.retry', resourceType: 'notification', resourceId: id, patientId: record.recipientRole === 'patient' ? record.recipientId : null });
      return toNotificationView((await repository.get(id))!);
    },

    async reminderRules(principal: UserPrincipal, domainId: string) {
      requireManager(principal);
      return { domainId, offsetsMinutes: await dependencies.reminders.offsetsFor(domainId) };
    },

    async setReminderRules(principal: UserPrincipal, domainId: string, offsetsMinutes: number[]) {
      requireManager(principal);
      return { domainId, offsetsMinutes: await dependencies.reminders.setRules(domainId, offsetsMinutes, principal.userId) };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
