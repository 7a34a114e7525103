import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { forbidden } from '../../platform/errors';
import type { Queryable } from '../../platform/database/transaction';
import type { AuditLog } from './audit-log';
import { auditToCsv } from './audit-csv';
import { queryAuditLog } from './audit-query';
import { requireUser } from './authentication';
import { AuditPage, AuditQuery, ErrorResponse } from './identity-schemas';
import { canReadAuditLog } from './policy';

/** The most rows one CSV export carries; larger reports page with the cursor. */
const csvRowLimit = 10_000;

export const auditRoutes: FastifyPluginAsyncTypebox<{ database: Queryable; audit: AuditLog }> = async (app, { database, audit }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['identity'],
        summary: 'The audit log of your organisation (admins), newest first; CSV with ?format=csv or Accept: text/csv',
        querystring: AuditQuery,
        response: { 200: Type.Union([AuditPage, Type.String({ description: 'CSV' })]), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      // Not a read of one resource but a tool: refusing it openly leaks nothing.
      if (!canReadAuditLog(principal)) throw forbidden('Only admins may read the audit log.');
      const query = request.query;
      const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));
      const page = await queryAuditLog(database, {
        organizationId: principal.organizationId,
        actorId: query.actor,
        action: query.action,
        resourceType: query.resourceType,
        resourceId: query.resourceId,
        patientId: query.patient,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        cursor: query.cursor,
        limit: csv ? (query.limit ?? csvRowLimit) : (query.limit ?? 50),
      });
      await audit.record(request.auditContext, { action: 'audit.read', resourceType: 'audit_log', resourceId: principal.organizationId });
      if (!csv) return { ...page, items: page.items.map((item) => ({ ...item, at: item.at.toISOString() })) };
      if (page.nextCursor) reply.header('x-next-cursor', page.nextCursor);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .header('cache-control', 'no-store')
        .serializer((payload: string) => payload)
        .send(auditToCsv(page.items));
    },
  );
};
