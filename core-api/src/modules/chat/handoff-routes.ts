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
import { Conversation } from './chat-schemas';
import { callerOf } from './conversation-routes';
import type { ConversationsService } from './conversations-service';

const Handoff = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  summary: Type.String(),
  channel: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  createdAt: Type.String(),
  /** The conversation the handoff opened (null for handoffs from before conversations). */
  conversationId: Type.Union([Type.String(), Type.Null()]),
});

/**
 * A patient asks for a person: the request is recorded, announced as an event
 * (`chat.handoff_requested`) and opens a conversation with the assistant's
 * summary attached, in which the patient can write at once. A member of staff
 * takes it (`POST /handoffs/{id}/take`) and joins the conversation as its owner.
 */
export const handoffRoutes: FastifyPluginAsyncTypebox<{
  pool: pg.Pool; clock: Clock; audit: AuditLog; conversations: ConversationsService; onEventsWritten?: () => void;
}> = async (app, { pool, clock, audit, conversations, onEventsWritten }) => {
  app.post(
    '/handoffs',
    {
      schema: {
        tags: ['chat'], summary: 'Ask for a person at the practice to take over; opens a conversation with the summary attached',
        body: Type.Object({ summary: Type.String({ minLength: 1, maxLength: 2000 }) }),
        response: { 201: Handoff, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const principal = caller.principal;
      if (principal.role !== 'patient') throw forbidden('Only patients ask for a handoff.');
      const now = clock.now();
      const id = `handoff-${randomBytes(6).toString('hex')}`;
      const conversationId = await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO chat.handoffs (id, organization_id, patient_id, summary, channel, status, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6)`,
          [id, principal.organizationId, principal.userId, request.body.summary, principal.channel, now],
        );
        const opened = await conversations.openForHandoff(client, caller, { id, summary: request.body.summary });
        await writeEvent(client, 'chat.handoff_requested', { handoffId: id, patientId: principal.userId, channel: principal.channel, conversationId: opened }, now);
        await audit.record(request.auditContext, { action: 'handoff.create', resourceType: 'handoff', resourceId: id, patientId: principal.userId }, client);
        return opened;
      });
      onEventsWritten?.();
      return reply.status(201).send({
        id, patientId: principal.userId, summary: request.body.summary, channel: principal.channel, status: 'open', createdAt: now.toISOString(), conversationId,
      });
    },
  );

  app.get(
    '/handoffs',
    { schema: { tags: ['chat'], summary: 'Open handoffs of the organisation (professionals and admins)', response: { 200: Type.Array(Handoff), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => {
      const principal = requireUser(request);
      if (principal.role === 'patient') throw forbidden('Staff only.');
      const { rows } = await pool.query(
        `SELECT h.id, h.patient_id, h.summary, h.channel, h.status, h.created_at, c.id AS conversation_id FROM chat.handoffs h
           LEFT JOIN chat.conversations c ON c.handoff_id = h.id
          WHERE h.organization_id = $1 AND h.status = 'open' ORDER BY h.created_at`,
        [principal.organizationId],
      );
      for (const row of rows) {
        await audit.record(request.auditContext, { action: 'handoff.read', resourceType: 'handoff', resourceId: row.id, patientId: row.patient_id });
      }
      return rows.map((row) => ({
        id: row.id, patientId: row.patient_id, summary: row.summary, channel: row.channel, status: row.status, createdAt: row.created_at.toISOString(),
        conversationId: row.conversation_id,
      }));
    },
  );

  app.post(
    '/handoffs/:handoffId/take',
    {
      schema: {
        tags: ['chat'], summary: 'Take an open handoff (professionals and admins of its organisation): join its conversation as owner',
        params: Type.Object({ handoffId: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: Conversation, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    (request) => conversations.take(callerOf(request), request.params.handoffId),
  );
};
