import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import type { Queryable } from '../../platform/database/transaction';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import type { AuditContext, AuditLog } from '../identity/audit-log';
import { canReadConversation, type ConversationAccess } from '../identity/policy';
import type { UserPrincipal } from '../identity/principal';
import type { UsersRepository } from '../identity/users-repository';
import type { ChatBus } from './chat-bus';
import type { Conversation, Participant } from './chat-schemas';

/** What the chat services share; wired once by `registerChatModule`. */
export interface ChatDependencies {
  pool: pg.Pool;
  clock: Clock;
  audit: AuditLog;
  users: Pick<UsersRepository, 'findPrincipal'>;
  bus: ChatBus;
}

/** The caller and the request, for rules and audit entries. */
export interface ChatCaller {
  principal: UserPrincipal;
  audit: AuditContext;
}

export interface ConversationRow {
  id: string;
  organizationId: string;
  kind: 'direct' | 'group';
  patientId: string;
  title: string | null;
  state: 'open' | 'archived' | 'closed';
  handoffId: string | null;
  handoffSummary: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface AccessibleConversation {
  conversation: ConversationRow;
  access: ConversationAccess;
}

export const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;

const conversationColumns = `c.id, c.organization_id, c.kind, c.patient_id, c.title, c.state, c.handoff_id, c.handoff_summary, c.created_by, c.created_at`;

export const toConversationRow = (row: Record<string, unknown>): ConversationRow => ({
  id: row.id as string,
  organizationId: row.organization_id as string,
  kind: row.kind as ConversationRow['kind'],
  patientId: row.patient_id as string,
  title: row.title as string | null,
  state: row.state as ConversationRow['state'],
  handoffId: row.handoff_id as string | null,
  handoffSummary: row.handoff_summary as string | null,
  createdBy: row.created_by as string,
  createdAt: row.created_at as Date,
});

/** Loads conversations with the caller's participation and refuses what the rules refuse. */
export function createConversationAccess({ pool, audit }: Pick<ChatDependencies, 'pool' | 'audit'>) {
  async function find(conversationId: string, userId: string, database: Queryable = pool): Promise<AccessibleConversation | null> {
    const { rows } = await database.query(
      `SELECT ${conversationColumns}, p.role, p.muted FROM chat.conversations c
         LEFT JOIN chat.participants p ON p.conversation_id = c.id AND p.user_id = $2 AND p.left_at IS NULL
        WHERE c.id = $1`,
      [conversationId, userId],
    );
    const row = rows[0];
    if (!row) return null;
    const conversation = toConversationRow(row);
    return {
      conversation,
      access: {
        organizationId: conversation.organizationId,
        kind: conversation.kind,
        patientId: conversation.patientId,
        participant: row.role ? { role: row.role, muted: row.muted } : null,
      },
    };
  }

  /**
   * The conversation if the caller is in it; otherwise 404 (as if it did not
   * exist, so ids do not leak) and, when it exists, a denied audit entry.
   * `allowed` is a further rule for participants, refused with 403.
   */
  async function require(
    caller: ChatCaller,
    conversationId: string,
    allowed?: { rule: (principal: UserPrincipal, access: ConversationAccess) => boolean; refusal: AppError },
  ): Promise<AccessibleConversation> {
    const found = await find(conversationId, caller.principal.userId);
    if (!found || !canReadConversation(caller.principal, found.access)) {
      if (found) {
        await audit.record(caller.audit, {
          action: 'chat.conversation.read', resourceType: 'chat_conversation', resourceId: conversationId, patientId: found.conversation.patientId, outcome: 'denied',
        });
      }
      throw notFound('conversation', conversationId);
    }
    if (allowed && !allowed.rule(caller.principal, found.access)) throw allowed.refusal;
    return found;
  }

  return { find, require };
}

export type ConversationAccessLoader = ReturnType<typeof createConversationAccess>;

export const conversationNotOpen = (state: string) =>
  conflict('conversation_not_open', `The conversation is ${state}; reopen it (owners and admins) before writing to it.`);
export const participantMuted = () => new AppError('forbidden', 'participant_muted', 'You are muted in this conversation.');
export const notAModerator = () => forbidden('Only the owner and admins of the conversation may do this.');

/** Conversations as the API shows them: with their current participants and the caller's unread count. */
export async function conversationViews(database: Queryable, rows: ConversationRow[], userId: string): Promise<Conversation[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const participants = await database.query(
    `SELECT conversation_id, user_id, role, muted, joined_at FROM chat.participants
      WHERE conversation_id = ANY($1) AND left_at IS NULL ORDER BY joined_at, user_id`,
    [ids],
  );
  const unread = await database.query(
    `SELECT m.conversation_id, count(*)::int AS count FROM chat.messages m
       LEFT JOIN chat.read_receipts r ON r.conversation_id = m.conversation_id AND r.user_id = $2
      WHERE m.conversation_id = ANY($1) AND m.author_id <> $2 AND m.deleted_at IS NULL AND m.id > coalesce(r.message_id, 0)
      GROUP BY m.conversation_id`,
    [ids, userId],
  );
  const byConversation = new Map<string, Participant[]>();
  for (const row of participants.rows) {
    const list = byConversation.get(row.conversation_id) ?? [];
    list.push({ userId: row.user_id, role: row.role, muted: row.muted, joinedAt: (row.joined_at as Date).toISOString() });
    byConversation.set(row.conversation_id, list);
  }
  const unreadOf = new Map<string, number>(unread.rows.map((row) => [row.conversation_id, row.count]));
  return rows.map((row) => ({
    id: row.id, kind: row.kind, patientId: row.patientId, title: row.title, state: row.state, createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(), handoffId: row.handoffId, handoffSummary: row.handoffSummary,
    participants: byConversation.get(row.id) ?? [], unreadCount: unreadOf.get(row.id) ?? 0,
  }));
}

export { conversationColumns };
