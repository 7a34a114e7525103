import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import {
  AvailabilityBody, AvailabilityPreviewBody, AvailabilitySchema, BulkAvailabilityBody, EarliestSlotsQuery, EarliestSlotsResponse, SlotsQuery, SlotsResponse,
} from './availability-schemas';
import type { AvailabilityService } from './availability-service';

const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const tags = ['availability'];
const errors = { 400: ErrorResponse, 404: ErrorResponse };

/** Opening hours and slots are public (visitors may look); changes are for the professional and admins. */
export const availabilityRoutes: FastifyPluginAsyncTypebox<{ availability: AvailabilityService }> = async (app, { availability }) => {
  app.get(
    '/professionals/:id/availability',
    { schema: { tags, security: [], params: IdParams, response: { 200: AvailabilitySchema, ...errors } } },
    (request) => availability.availabilityOf(request.params.id),
  );
  app.put(
    '/professionals/:id/availability',
    {
      schema: {
        tags, summary: 'Replace the weekly rules and exceptions of a professional (themself or an admin)',
        params: IdParams, body: AvailabilityBody, response: { 200: AvailabilitySchema, ...errors, 401: ErrorResponse },
      },
    },
    (request) => availability.replaceAvailability(requireUser(request), request.params.id, request.body),
  );
  app.post(
    '/professionals/:id/availability/preview',
    {
      schema: {
        tags, summary: 'The slots draft weekly rules and exceptions would offer, with current bookings, without saving them (themself or an admin)',
        params: IdParams, body: AvailabilityPreviewBody, response: { 200: SlotsResponse, ...errors, 401: ErrorResponse },
      },
    },
    (request) => {
      const { service, ...draft } = request.body;
      return availability.previewSlots(requireUser(request), request.params.id, { ...draft, serviceId: service });
    },
  );
  app.put(
    '/availability',
    {
      schema: {
        tags, summary: 'Replace the availability of many professionals at once, all or nothing (admins)',
        body: BulkAvailabilityBody,
        response: { 200: Type.Object({ updated: Type.Array(Type.String()) }), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    (request) => availability.replaceMany(requireUser(request), request.body.items),
  );
  app.get(
    '/professionals/:id/slots',
    {
      schema: {
        tags, summary: "Free slots of one professional between two local dates (inclusive), with the professional's offset",
        security: [], params: IdParams, querystring: SlotsQuery, response: { 200: SlotsResponse, ...errors },
      },
    },
    (request) =>
      availability.slotsFor({ professionalId: request.params.id, serviceId: request.query.service, from: request.query.from, to: request.query.to }),
  );
  app.get(
    '/slots',
    {
      schema: {
        tags, summary: 'The earliest free slots across all matching professionals', security: [],
        querystring: EarliestSlotsQuery, response: { 200: EarliestSlotsResponse, ...errors },
      },
    },
    (request) =>
      availability.earliest({
        specialty: request.query.specialty, serviceId: request.query.service, domainId: request.query.domain,
        language: request.query.language, professionalId: request.query.professional,
        from: request.query.from, to: request.query.to, limit: request.query.limit ?? 10,
      }),
  );
};
