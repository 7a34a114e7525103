import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import { Type } from 'typebox';
import { bookingsPerDayCsv, breakdownCsv } from './analytics-csv';
import type { AnalyticsService } from './analytics-service';
import { AnalyticsBreakdown, AnalyticsQuery, AnalyticsSummary } from './analytics-schemas';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const who = 'Admins: their organisation; professionals: themselves only (naming another is 403); patients and services: 403.';

/**
 * Aggregates for the admin UI's analytics page. They hold counts and durations only: no patient
 * ids or names, so reading them is not a read of patient data and is not audited.
 */
export const analyticsRoutes: FastifyPluginAsyncTypebox<{ analytics: AnalyticsService }> = async (app, { analytics }) => {
  app.get(
    '/analytics/summary',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Bookings per day, time to decision, no-show and cancellation rates, channel mix and the assistant’s completion and handoff rates',
        description: who,
        querystring: AnalyticsQuery,
        response: { 200: AnalyticsSummary, ...errors },
      },
    },
    async (request) => analytics.summary(requireUser(request), request.query),
  );

  for (const groupBy of ['professional', 'domain'] as const) {
    app.get(
      `/analytics/by-${groupBy}`,
      {
        schema: {
          tags: ['analytics'],
          summary: `The summary's figures (but bookings per day and the assistant's sessions) for each ${groupBy} in scope`,
          description: who,
          querystring: AnalyticsQuery,
          response: { 200: AnalyticsBreakdown, ...errors },
        },
      },
      async (request) => analytics.breakdown(requireUser(request), request.query, groupBy),
    );
  }

  app.get(
    '/analytics/export',
    {
      schema: {
        tags: ['analytics'],
        summary: 'One of the analytics tables as CSV: bookings per day, or the figures per professional or per domain',
        description: who,
        querystring: Type.Intersect([AnalyticsQuery, Type.Object({ table: Type.Union([Type.Literal('per-day'), Type.Literal('by-professional'), Type.Literal('by-domain')]) })]),
        response: { 200: Type.String({ description: 'text/csv' }), ...errors },
      },
    },
    async (request, reply) => {
      const { table, ...query } = request.query;
      const principal = requireUser(request);
      const csv =
        table === 'per-day'
          ? bookingsPerDayCsv(await analytics.summary(principal, query))
          : breakdownCsv(await analytics.breakdown(principal, query, table === 'by-domain' ? 'domain' : 'professional'));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="analytics-${table}-${query.from}-to-${query.to}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );
};
