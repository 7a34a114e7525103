import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import ical, { ICalEventStatus } from 'ical-generator';
import { Type } from 'typebox';
import { notFound } from '../../platform/errors';
import type { AuditLog } from '../identity/audit-log';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import { canManageProfessional } from '../identity/policy';
import type { UsersRepository } from '../identity/users-repository';
import type { DirectoryService } from '../directory/directory-service';
import type { AppointmentsRepository } from './appointments-repository';

/** The feed token of a professional: an HMAC, so it needs no storage and every replica agrees. */
export function calendarFeedToken(secret: string, professionalId: string): string {
  return createHmac('sha256', secret).update(`calendar-feed:${professionalId}`).digest('base64url');
}

function tokenMatches(secret: string, professionalId: string, given: string): boolean {
  const expected = Buffer.from(calendarFeedToken(secret, professionalId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface CalendarFeedOptions {
  secret: string;
  repository: AppointmentsRepository;
  directory: DirectoryService;
  users: UsersRepository;
  audit: AuditLog;
  now: () => Date;
}

/**
 * A professional's appointments as an iCalendar feed for calendar apps. The
 * URL carries its own token (calendar apps send no headers); the professional
 * or an admin asks for the URL, and every fetch is audited.
 */
export const calendarFeedRoutes: FastifyPluginAsyncTypebox<CalendarFeedOptions> = async (app, options) => {
  const Params = Type.Object({ id: Type.String({ maxLength: 60 }) });

  app.get(
    '/professionals/:id/calendar-feed',
    {
      schema: {
        tags: ['appointments'], summary: 'The secret iCalendar feed URL of a professional (themself or an admin)', params: Params,
        response: { 200: Type.Object({ url: Type.String() }), 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      if (!canManageProfessional(principal, request.params.id)) throw notFound('professional', request.params.id);
      await options.directory.professional(request.params.id);
      const path = `${request.url.split('/professionals/')[0]}/professionals/${request.params.id}/calendar.ics`;
      return { url: `${request.protocol}://${request.host}${path}?token=${calendarFeedToken(options.secret, request.params.id)}` };
    },
  );

  app.get(
    '/professionals/:id/calendar.ics',
    {
      schema: {
        tags: ['appointments'], summary: 'iCalendar feed of requested and approved appointments (token from calendar-feed)', security: [],
        params: Params, querystring: Type.Object({ token: Type.String({ maxLength: 100 }) }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!tokenMatches(options.secret, id, request.query.token)) throw notFound('professional', id);
      const professional = await options.directory.professional(id);
      const now = options.now();
      const appointments = await options.repository.list({
        professionalId: id, statuses: ['requested', 'approved'], from: new Date(now.getTime() - 30 * 86_400_000), limit: 2_000,
      });
      const patients = new Map((await options.users.findByIds([...new Set(appointments.map((a) => a.patientId))])).map((user) => [user.id, user]));
      const services = new Map((await options.directory.services()).map((service) => [service.id, service.name]));
      const calendar = ical({ name: `${professional.name} — Consulta`, timezone: professional.timeZone, prodId: { company: 'Consulta', product: 'calendar-feed' } });
      for (const appointment of appointments) {
        calendar.createEvent({
          id: appointment.id,
          start: appointment.start,
          end: appointment.end,
          timezone: professional.timeZone,
          summary: `${services.get(appointment.serviceId) ?? appointment.serviceId}: ${patients.get(appointment.patientId)?.name ?? 'patient'}`,
          status: appointment.status === 'approved' ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
          stamp: appointment.updatedAt,
        });
        await options.audit.record(
          { principal: { kind: 'user', userId: id, role: 'professional', organizationId: professional.organizationId, channel: 'api' }, requestId: request.id },
          { action: 'appointment.read', resourceType: 'appointment', resourceId: appointment.id, patientId: appointment.patientId },
        );
      }
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(calendar.toString());
    },
  );
};
