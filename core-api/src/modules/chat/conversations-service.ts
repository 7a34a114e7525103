import type pg from 'pg';
import { inTransaction } from '../../platform/database/transaction';
import { conflict, forbidden, notFound } from '../../platform/errors';
import {
  canChangeConversationRoles, canJoinGroupConversation, canManageConversation, canOpenDirectConversation, canOpenGroupConversation, canTakeHandoff,
} from '../identity/policy';
import { conversationTopic, userTopic } from './chat-bus';
import {
  conversationColumns, conversationViews, createConversationAccess, newId, notAModerator, toConversationRow,
  type ChatCaller, type ChatDependencies, type ConversationRow,
} from './chat-access';
import type { Conversation } from './chat-schemas';

type State = ConversationRow['state'];
type Role = 'owner' | 'admin' | 'member';

/** Which state may follow which: closed is final, archived may be reopened. */
const nextStates: Record<State, State[]> = { open: ['archived', 'closed'], archived: ['open', 'closed'], closed: [] };

const userNotFound = (id: string) => notFound('user', id);

/**
 * Conversations, their participants and states. Every read of one is audited
 * against its patient; every change is audited in the transaction that makes
 * it and pushed to the sockets once committed.
 */
export function createConversationsService(dependencies: ChatDependencies) {
  const { pool, clock, audit, users, bus } = dependencies;
  const access = createConversationAccess(dependencies);

  const auditEntry = (action: string, conversation: Pick<ConversationRow, 'id' | 'patientId'>) => ({
    action, resourceType: 'chat_conversation', resourceId: conversation.id, patientId: conversation.patientId,
  });

  async function view(caller: ChatCaller, conversationId: string): Promise<Conversation> {
    const { rows } = await pool.query(`SELECT ${conversationColumns} FROM chat.conversations c WHERE c.id = $1`, [conversationId]);
    return (await conversationViews(pool, rows.map(toConversationRow), caller.principal.userId))[0]!;
  }

  /** Tells the sockets: the conversation changed, and who was added or removed. */
  async function announce(conversation: Conversation, added: string[] = [], removed: string[] = []) {
    const { unreadCount: _unread, ...shown } = conversation;
    await bus.publish(conversationTopic(conversation.id), { type: 'conversation.updated', conversationId: conversation.id, conversation: shown });
    for (const userId of added) await bus.publish(userTopic(userId), { type: 'conversation.added', conversationId: conversation.id, userId });
    for (const userId of removed) await bus.publish(userTopic(userId), { type: 'conversation.removed', conversationId: conversation.id, userId });
  }

  async function member(organizationId: string, userId: string) {
    const user = await users.findPrincipal(userId);
    if (!user || user.erasedAt || user.organizationId !== organizationId) throw userNotFound(userId);
    return user;
  }

  async function insertConversation(
    client: pg.PoolClient,
    caller: ChatCaller,
    row: Omit<ConversationRow, 'createdAt' | 'state'>,
    participants: Array<{ userId: string; role: Role }>,
  ) {
    const now = clock.now();
    await client.query(
      `INSERT INTO chat.conversations (id, organization_id, kind, patient_id, title, state, handoff_id, handoff_summary, created_by, created_at, state_changed_at)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $9)`,
      [row.id, row.organizationId, row.kind, row.patientId, row.title, row.handoffId, row.handoffSummary, row.createdBy, now],
    );
    await client.query(
      `INSERT INTO chat.participants (conversation_id, user_id, role, joined_at) SELECT $1, unnest($2::text[]), unnest($3::text[]), $4`,
      [row.id, participants.map((participant) => participant.userId), participants.map((participant) => participant.role), now],
    );
    await audit.record(caller.audit, auditEntry('chat.conversation.create', row), client);
  }

  return {
    access,

    async list(caller: ChatCaller, filter: { state?: State } = {}): Promise<Conversation[]> {
      const { rows } = await pool.query(
        `SELECT ${conversationColumns} FROM chat.conversations c
           JOIN chat.participants p ON p.conversation_id = c.id AND p.user_id = $1 AND p.left_at IS NULL
          WHERE c.organization_id = $2 AND ($3::text IS NULL OR c.state = $3) ORDER BY c.created_at DESC, c.id`,
        [caller.principal.userId, caller.principal.organizationId, filter.state ?? null],
      );
      const conversations = rows.map(toConversationRow);
      for (const conversation of conversations) await audit.record(caller.audit, auditEntry('chat.conversation.read', conversation));
      return conversationViews(pool, conversations, caller.principal.userId);
    },

    async get(caller: ChatCaller, conversationId: string): Promise<Conversation> {
      const { conversation } = await access.require(caller, conversationId);
      await audit.record(caller.audit, auditEntry('chat.conversation.read', conversation));
      return view(caller, conversationId);
    },

    /** Either party opens it; an open one between the two (not from a handoff) is answered instead of a second. */
    async openDirect(caller: ChatCaller, input: { patientId: string; professionalId: string; title?: string }): Promise<{ conversation: Conversation; created: boolean }> {
      const { principal } = caller;
      if (!canOpenDirectConversation(principal, input)) throw forbidden('A patient opens conversations as themself, a professional as themself.');
      const patient = await member(principal.organizationId, input.patientId);
      const professional = await member(principal.organizationId, input.professionalId);
      if (patient.role !== 'patient') throw userNotFound(input.patientId);
      if (professional.role !== 'professional') throw userNotFound(input.professionalId);
      const { rows } = await pool.query(
        `SELECT c.id FROM chat.conversations c
           JOIN chat.participants a ON a.conversation_id = c.id AND a.user_id = $1 AND a.left_at IS NULL
           JOIN chat.participants b ON b.conversation_id = c.id AND b.user_id = $2 AND b.left_at IS NULL
          WHERE c.kind = 'direct' AND c.state = 'open' AND c.handoff_id IS NULL AND c.patient_id = $1 ORDER BY c.created_at LIMIT 1`,
        [input.patientId, input.professionalId],
      );
      if (rows[0]) return { conversation: await this.get(caller, rows[0].id), created: false };
      const row = {
        id: newId('conv'), organizationId: principal.organizationId, kind: 'direct' as const, patientId: input.patientId, title: input.title ?? null,
        handoffId: null, handoffSummary: null, createdBy: principal.userId,
      };
      // The professional moderates; the patient is a member (a one-to-one has no one else to add).
      await inTransaction(pool, (client) => insertConversation(client, caller, row, [
        { userId: input.professionalId, role: 'owner' }, { userId: input.patientId, role: 'member' },
      ]));
      const conversation = await view(caller, row.id);
      await announce(conversation, [input.patientId, input.professionalId]);
      return { conversation, created: true };
    },

    async openGroup(caller: ChatCaller, input: { patientId: string; title: string; memberIds: string[]; includePatient?: boolean }): Promise<Conversation> {
      const { principal } = caller;
      if (!canOpenGroupConversation(principal)) throw forbidden('Groups around a patient are opened by professionals and admins.');
      const patient = await member(principal.organizationId, input.patientId);
      if (patient.role !== 'patient') throw userNotFound(input.patientId);
      const scope = { organizationId: principal.organizationId, patientId: input.patientId };
      const memberIds = [...new Set(input.memberIds.filter((id) => id !== principal.userId && id !== input.patientId))];
      for (const id of memberIds) {
        const candidate = await member(principal.organizationId, id);
        if (!canJoinGroupConversation(candidate, scope)) throw userNotFound(id);
      }
      const row = {
        id: newId('conv'), organizationId: principal.organizationId, kind: 'group' as const, patientId: input.patientId, title: input.title,
        handoffId: null, handoffSummary: null, createdBy: principal.userId,
      };
      const participants = [
        { userId: principal.userId, role: 'owner' as const },
        ...memberIds.map((userId) => ({ userId, role: 'member' as const })),
        ...(input.includePatient ? [{ userId: input.patientId, role: 'member' as const }] : []),
      ];
      await inTransaction(pool, (client) => insertConversation(client, caller, row, participants));
      const conversation = await view(caller, row.id);
      await announce(conversation, participants.map((participant) => participant.userId));
      return conversation;
    },

    async setState(caller: ChatCaller, conversationId: string, state: State): Promise<Conversation> {
      const { conversation } = await access.require(caller, conversationId, { rule: canManageConversation, refusal: notAModerator() });
      if (conversation.state !== state) {
        if (!nextStates[conversation.state].includes(state)) {
          throw conflict('conversation_state_invalid', `A ${conversation.state} conversation cannot become ${state}.`);
        }
        await inTransaction(pool, async (client) => {
          await client.query(`UPDATE chat.conversations SET state = $2, state_changed_at = $3 WHERE id = $1`, [conversationId, state, clock.now()]);
          await audit.record(caller.audit, auditEntry(`chat.conversation.${state === 'open' ? 'reopen' : state === 'archived' ? 'archive' : 'close'}`, conversation), client);
        });
      }
      const updated = await view(caller, conversationId);
      await announce(updated);
      return updated;
    },

    async addParticipant(caller: ChatCaller, conversationId: string, input: { userId: string; role?: 'admin' | 'member' }): Promise<Conversation> {
      const found = await access.require(caller, conversationId, { rule: canManageConversation, refusal: notAModerator() });
      const { conversation } = found;
      if (conversation.kind === 'direct') throw conflict('direct_conversation_fixed', 'A one-to-one conversation has exactly its two parties; open a group instead.');
      if (conversation.state === 'closed') throw conflict('conversation_not_open', 'The conversation is closed.');
      if (input.role === 'admin' && !canChangeConversationRoles(caller.principal, found.access)) throw forbidden('Only the owner makes admins.');
      const candidate = await member(conversation.organizationId, input.userId);
      if (!canJoinGroupConversation(candidate, conversation)) throw userNotFound(input.userId);
      const present = await access.find(conversationId, input.userId);
      if (present?.access.participant) throw conflict('already_participant', `${input.userId} is already in the conversation.`);
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO chat.participants (conversation_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = EXCLUDED.role, muted = false, joined_at = EXCLUDED.joined_at, left_at = NULL`,
          [conversationId, input.userId, input.role ?? 'member', clock.now()],
        );
        await audit.record(caller.audit, { ...auditEntry('chat.participant.add', conversation), resourceId: `${conversationId}/${input.userId}` }, client);
      });
      const updated = await view(caller, conversationId);
      await announce(updated, [input.userId]);
      return updated;
    },

    async updateParticipant(caller: ChatCaller, conversationId: string, userId: string, input: { muted?: boolean; role?: 'admin' | 'member' }): Promise<Conversation> {
      const found = await access.require(caller, conversationId, { rule: canManageConversation, refusal: notAModerator() });
      const target = (await access.find(conversationId, userId))?.access.participant;
      if (!target) throw notFound('participant', userId);
      if (target.role === 'owner') throw forbidden('The owner of a conversation cannot be muted or demoted.');
      if (input.role !== undefined && input.role !== target.role && !canChangeConversationRoles(caller.principal, found.access)) {
        throw forbidden('Only the owner gives or takes the admin role.');
      }
      if (target.role === 'admin' && found.access.participant!.role !== 'owner') throw forbidden('Only the owner mutes another admin.');
      await inTransaction(pool, async (client) => {
        await client.query(
          `UPDATE chat.participants SET muted = coalesce($3, muted), role = coalesce($4, role) WHERE conversation_id = $1 AND user_id = $2`,
          [conversationId, userId, input.muted ?? null, input.role ?? null],
        );
        await audit.record(caller.audit, { ...auditEntry('chat.participant.update', found.conversation), resourceId: `${conversationId}/${userId}` }, client);
      });
      const updated = await view(caller, conversationId);
      await announce(updated);
      return updated;
    },

    /** Removing yourself is leaving; removing others is for moderators, and only the owner removes an admin. */
    async removeParticipant(caller: ChatCaller, conversationId: string, userId: string): Promise<void> {
      const leaving = userId === caller.principal.userId;
      const found = await access.require(caller, conversationId, leaving ? undefined : { rule: canManageConversation, refusal: notAModerator() });
      const { conversation } = found;
      if (conversation.kind === 'direct') throw conflict('direct_conversation_fixed', 'Archive or close a one-to-one conversation instead.');
      const target = (await access.find(conversationId, userId))?.access.participant;
      if (!target) throw notFound('participant', userId);
      if (target.role === 'owner') throw conflict('owner_cannot_leave', 'The owner stays; close the conversation instead.');
      if (!leaving && target.role === 'admin' && found.access.participant!.role !== 'owner') throw forbidden('Only the owner removes an admin.');
      await inTransaction(pool, async (client) => {
        await client.query(`UPDATE chat.participants SET left_at = $3 WHERE conversation_id = $1 AND user_id = $2`, [conversationId, userId, clock.now()]);
        await audit.record(caller.audit, { ...auditEntry('chat.participant.remove', conversation), resourceId: `${conversationId}/${userId}` }, client);
      });
      await announce(await view(caller, conversationId), [], [userId]);
    },

    /**
     * A handoff's conversation, inside the handoff's own transaction: the patient
     * alone until a member of staff takes it (`take`), with the summary attached.
     */
    async openForHandoff(client: pg.PoolClient, caller: ChatCaller, handoff: { id: string; summary: string }): Promise<string> {
      const { principal } = caller;
      const id = newId('conv');
      await insertConversation(client, caller, {
        id, organizationId: principal.organizationId, kind: 'direct', patientId: principal.userId, title: null,
        handoffId: handoff.id, handoffSummary: handoff.summary, createdBy: principal.userId,
      }, [{ userId: principal.userId, role: 'member' }]);
      return id;
    },

    /** A member of staff takes an open handoff: they join its conversation as its owner and the handoff closes. */
    async take(caller: ChatCaller, handoffId: string): Promise<Conversation> {
      const { rows } = await pool.query(
        `SELECT h.organization_id, h.status, h.patient_id, c.id AS conversation_id FROM chat.handoffs h
           LEFT JOIN chat.conversations c ON c.handoff_id = h.id WHERE h.id = $1`,
        [handoffId],
      );
      const handoff = rows[0];
      if (!handoff || !canTakeHandoff(caller.principal, { organizationId: handoff.organization_id })) throw notFound('handoff', handoffId);
      if (!handoff.conversation_id) throw conflict('handoff_without_conversation', 'This handoff predates conversations; contact the patient directly.');
      const taken = await inTransaction(pool, async (client) => {
        const { rowCount } = await client.query(`UPDATE chat.handoffs SET status = 'closed' WHERE id = $1 AND status = 'open'`, [handoffId]);
        if (!rowCount) return false;
        await client.query(
          `INSERT INTO chat.participants (conversation_id, user_id, role, joined_at) VALUES ($1, $2, 'owner', $3)`,
          [handoff.conversation_id, caller.principal.userId, clock.now()],
        );
        await audit.record(caller.audit, { action: 'handoff.take', resourceType: 'handoff', resourceId: handoffId, patientId: handoff.patient_id }, client);
        return true;
      });
      if (!taken) throw conflict('handoff_taken', 'Someone has already taken this handoff.');
      const conversation = await view(caller, handoff.conversation_id);
      await audit.record(caller.audit, auditEntry('chat.conversation.read', conversation));
      await announce(conversation, [caller.principal.userId]);
      return conversation;
    },
  };
}

export type ConversationsService = ReturnType<typeof createConversationsService>;
