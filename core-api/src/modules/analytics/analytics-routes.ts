import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
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
};
