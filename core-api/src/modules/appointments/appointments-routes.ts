import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import type { AppointmentsService } from './appointments-service';
import {
  AcceptProposalBody, AppointmentSchema, CreateAppointmentBody, ProposalSchema, ProposeTimesBody, DecisionsBody, DecisionsResponse, HistoryEntrySchema, JoinWaitlistBody,
  ListAppointmentsQuery, ReasonBody, RescheduleBody, WaitlistEntrySchema,
} from './appointments-schemas';
import type { WaitlistService } from './waitlist-service';
import type { AppointmentStatus } from './workflow';

const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const tags = ['appointments'];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

const userContext = (request: FastifyRequest) => ({ principal: requireUser(request), requestId: request.id });

/** Routes only translate HTTP; every rule is in the service. */
export const appointmentsRoutes: FastifyPluginAsyncTypebox<{ appointments: AppointmentsService; waitlist: WaitlistService }> = async (
  app,
  { appointments, waitlist },
) => {
  app.post(
    '/appointments',
    {
      schema: {
        tags, summary: 'Request an appointment (201 requested, or approved where the domain approves automatically)',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: CreateAppointmentBody, response: { 201: AppointmentSchema, ...errors, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const appointment = await appointments.request(userContext(request), request.body, request.headers['idempotency-key']);
      return reply.status(201).send(appointment);
    },
  );

  app.get(
    '/appointments',
    {
      schema: {
        tags, summary: "Your appointments (patients), your calendar (professionals; ?status=requested is the inbox), or the organisation's (admins)",
        querystring: ListAppointmentsQuery, response: { 200: Type.Array(AppointmentSchema), ...errors },
      },
    },
    (request) =>
      appointments.list(userContext(request), {
        statuses: request.query.status?.split(',') as AppointmentStatus[] | undefined,
        from: request.query.from ? new Date(request.query.from) : undefined,
        to: request.query.to ? new Date(request.query.to) : undefined,
        limit: request.query.limit,
        professionalId: request.query.professionalId,
      }),
  );

  app.post(
    '/appointments/decisions',
    { schema: { tags, summary: 'Approve or decline several requests; a result per item', body: DecisionsBody, response: { 200: DecisionsResponse, ...errors } } },
    (request) => appointments.decide(userContext(request), request.body.decisions),
  );

  app.get('/appointments/:id', { schema: { tags, params: IdParams, response: { 200: AppointmentSchema, ...errors } } }, (request) =>
    appointments.get(userContext(request), request.params.id),
  );
  app.get(
    '/appointments/:id/history',
    { schema: { tags, summary: 'Every transition with actor, time and reason', params: IdParams, response: { 200: Type.Array(HistoryEntrySchema), ...errors } } },
    (request) => appointments.history(userContext(request), request.params.id),
  );

  const transitionSchema = (summary: string, body?: typeof ReasonBody) => ({
    schema: { tags, summary, params: IdParams, ...(body ? { body } : {}), response: { 200: AppointmentSchema, ...errors } },
  });
  app.post('/appointments/:id/approve', transitionSchema('Approve a request (its professional or an admin)'), (request) =>
    appointments.approve(userContext(request), request.params.id),
  );
  app.post('/appointments/:id/decline', transitionSchema('Decline a request with a reason', ReasonBody), (request) =>
    appointments.decline(userContext(request), request.params.id, (request.body as { reason: string }).reason),
  );
  app.post('/appointments/:id/cancel', transitionSchema("Cancel (patients: only before the professional's cutoff)", ReasonBody), (request) =>
    appointments.cancel(userContext(request), request.params.id, (request.body as { reason: string }).reason),
  );
  app.post('/appointments/:id/complete', transitionSchema('Mark an approved appointment as completed'), (request) =>
    appointments.complete(userContext(request), request.params.id),
  );
  app.post('/appointments/:id/no-show', transitionSchema('Mark an approved appointment as a no-show'), (request) =>
    appointments.noShow(userContext(request), request.params.id),
  );
  app.post(
    '/appointments/:id/reschedule',
    {
      schema: {
        tags, summary: 'Move to a new start: the old row ends as rescheduled, a new linked row holds the new slot',
        params: IdParams, body: RescheduleBody, response: { 200: AppointmentSchema, ...errors },
      },
    },
    (request) => appointments.reschedule(userContext(request), request.params.id, request.body),
  );

  const ProposalParams = Type.Object({ id: Type.String({ maxLength: 60 }), proposalId: Type.String({ maxLength: 60 }) });
  app.post(
    '/appointments/:id/proposals',
    {
      schema: {
        tags, summary: 'Propose other free times for a request (its professional or an admin); the patient is told and may accept one',
        params: IdParams, body: ProposeTimesBody, response: { 201: ProposalSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await appointments.propose(userContext(request), request.params.id, request.body)),
  );
  app.get(
    '/appointments/:id/proposals',
    { schema: { tags, summary: 'The times proposed for a request, newest first', params: IdParams, response: { 200: Type.Array(ProposalSchema), ...errors } } },
    (request) => appointments.proposals(userContext(request), request.params.id),
  );
  app.post(
    '/appointments/:id/proposals/:proposalId/accept',
    {
      schema: {
        tags, summary: 'Accept one proposed time (the patient): the request moves there, approved, as a new linked appointment',
        params: ProposalParams, body: AcceptProposalBody, response: { 200: AppointmentSchema, ...errors },
      },
    },
    (request) => appointments.acceptProposal(userContext(request), request.params.id, request.params.proposalId, request.body),
  );

  app.post(
    '/waitlist',
    { schema: { tags: ['waitlist'], summary: 'Wait for a professional or specialty within a date range', body: JoinWaitlistBody, response: { 201: WaitlistEntrySchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await waitlist.join(requireUser(request), request.body)),
  );
  app.get('/waitlist', { schema: { tags: ['waitlist'], response: { 200: Type.Array(WaitlistEntrySchema), ...errors } } }, (request) =>
    waitlist.mine(requireUser(request)),
  );
  app.delete(
    '/waitlist/:id',
    { schema: { tags: ['waitlist'], summary: 'Leave the waitlist (or decline an offer)', params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await waitlist.leave(requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
