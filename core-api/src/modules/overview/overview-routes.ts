import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import type { AppointmentsService } from '../appointments/appointments-service';
import { AppointmentSchema } from '../appointments/appointments-schemas';
import type { ConversationsService } from '../chat/conversations-service';
import type { NotificationsService } from '../notifications/notifications-service';
import { NotificationView } from '../notifications/notifications-schemas';
import type { Clock } from '../../platform/clock';

const Overview = Type.Object({
  nextAppointments: Type.Array(AppointmentSchema, { description: 'Requested and approved appointments from now on, soonest first (at most 5)' }),
  unreadChats: Type.Object({
    conversations: Type.Integer({ description: 'Open conversations with messages you have not read' }),
    messages: Type.Integer(),
  }),
  pendingNotifications: Type.Object({
    count: Type.Integer({ description: 'Notifications to you still waiting to go out (quiet hours, retries)' }),
    latest: Type.Array(NotificationView, { description: 'At most 5, newest first' }),
  }),
});

/**
 * `GET /me/overview`: what a home screen needs in one call, composed from the
 * modules' own services (each audits its own reads) and fetched in parallel.
 */
export const overviewRoutes: FastifyPluginAsyncTypebox<{
  appointments: AppointmentsService;
  conversations: ConversationsService;
  notifications: NotificationsService;
  clock: Clock;
}> = async (app, { appointments, conversations, notifications, clock }) => {
  app.get(
    '/me/overview',
    {
      schema: {
        tags: ['me'],
        summary: 'Your next appointments, unread chats and pending notifications in one call',
        response: { 200: Overview, 401: ErrorResponse },
      },
    },
    async (request) => {
      const context = { ...request.auditContext, principal: requireUser(request) };
      const [next, chats, mine] = await Promise.all([
        appointments.list(context, { from: clock.now(), statuses: ['requested', 'approved'], limit: 5 }),
        conversations.list({ principal: context.principal, audit: request.auditContext }, { state: 'open' }),
        notifications.mine(context, 200),
      ]);
      const unread = chats.filter((conversation) => conversation.unreadCount > 0);
      const pending = mine.filter((notification) => notification.state === 'queued');
      return {
        nextAppointments: next,
        unreadChats: { conversations: unread.length, messages: unread.reduce((sum, conversation) => sum + conversation.unreadCount, 0) },
        pendingNotifications: { count: pending.length, latest: pending.slice(0, 5) },
      };
    },
  );
};
