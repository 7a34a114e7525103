import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { Type } from 'typebox';
import type { Clock } from '../../platform/clock';
import { inTransaction } from '../../platform/database/transaction';
import { forbidden } from '../../platform/errors';
import { writeEvent } from '../../platform/outbox';
import type { AuditLog } from '../identity/audit-log';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';

const Handoff = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  summary: Type.String(),
  channel: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  createdAt: Type.String(),
});

/**
 * A patient asks for a person: the request is recorded and announced as an
 * event (`chat.handoff_requested`) for staff to pick up. The chat service's
 * conversations build on it.
 */
export const handoffRoutes: FastifyPluginAsyncTypebox<{ pool: pg.Pool; clock: Clock; audit: AuditLog; onEventsWritten?: () => void }> = async (
  app,
  { pool, clock, audit, onEventsWritten },
) => {
  app.post(
    '/handoffs',
    {
      schema: {
        tags: ['chat'], summary: 'Ask for a person at the practice to take over',
        body: Type.Object({ summary: Type.String({ minLength: 1, maxLength: 2000 }) }),
        response: { 201: Handoff, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      if (principal.role !== 'patient') throw forbidden('Only patients ask for a handoff.');
      const now = clock.now();
      const handoff = {
        id: `handoff-${randomBytes(6).toString('hex')}`, patientId: principal.userId, summary: request.body.summary,
        channel: principal.channel, status: 'open' as const, createdAt: now.toISOString(),
      };
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO chat.handoffs (id, organization_id, patient_id, summary, channel, status, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6)`,
          [handoff.id, principal.organizationId, handoff.patientId, handoff.summary, handoff.channel, now],
        );
        await writeEvent(client, 'chat.handoff_requested', { handoffId: handoff.id, patientId: handoff.patientId, channel: handoff.channel }, now);
        await audit.record(request.auditContext, { action: 'handoff.create', resourceType: 'handoff', resourceId: handoff.id, patientId: handoff.patientId }, client);
      });
      onEventsWritten?.();
      return reply.status(201).send(handoff);
    },
  );

  app.get(
    '/handoffs',
    { schema: { tags: ['chat'], summary: 'Open handoffs of the organisation (professionals and admins)', response: { 200: Type.Array(Handoff), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => {
      const principal = requireUser(request);
      if (principal.role === 'patient') throw forbidden('Staff only.');
      const { rows } = await pool.query(
        `SELECT id, patient_id, summary, channel, status, created_at FROM chat.handoffs WHERE organization_id = $1 AND status = 'open' ORDER BY created_at`,
        [principal.organizationId],
      );
      for (const row of rows) {
        await audit.record(request.auditContext, { action: 'handoff.read', resourceType: 'handoff', resourceId: row.id, patientId: row.patient_id });
      }
      return rows.map((row) => ({ id: row.id, patientId: row.patient_id, summary: row.summary, channel: row.channel, status: row.status, createdAt: row.created_at.toISOString() }));
    },
  );
};
