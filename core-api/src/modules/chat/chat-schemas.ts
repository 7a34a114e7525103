import { Type, type Static } from 'typebox';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const ConversationKind = Type.Union([Type.Literal('direct'), Type.Literal('group')]);
export const ConversationState = Type.Union([Type.Literal('open'), Type.Literal('archived'), Type.Literal('closed')]);
export const ParticipantRole = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('member')]);

export const Participant = Type.Object({
  userId: Type.String(),
  role: ParticipantRole,
  muted: Type.Boolean(),
  joinedAt: Type.String(),
});
export type Participant = Static<typeof Participant>;

export const Conversation = Type.Object(
  {
    id: Type.String(),
    kind: ConversationKind,
    patientId: Type.String(),
    title: nullable(Type.String()),
    state: ConversationState,
    createdBy: Type.String(),
    createdAt: Type.String(),
    /** Set on conversations a handoff opened: what the assistant summarised of its transcript. */
    handoffId: nullable(Type.String()),
    handoffSummary: nullable(Type.String()),
    participants: Type.Array(Participant),
    /** Messages after your read receipt, not counting your own. */
    unreadCount: Type.Integer(),
  },
  { $id: 'ChatConversation' },
);
export type Conversation = Static<typeof Conversation>;

export const Message = Type.Object(
  {
    id: Type.String({ description: 'Increases within a conversation; the history cursor.' }),
    conversationId: Type.String(),
    authorId: Type.String(),
    body: nullable(Type.String({ description: 'null once deleted' })),
    replyTo: nullable(Type.String({ description: 'The thread root this message answers.' })),
    fileId: nullable(Type.String()),
    replyCount: Type.Integer(),
    createdAt: Type.String(),
    editedAt: nullable(Type.String()),
    deletedAt: nullable(Type.String()),
  },
  { $id: 'ChatMessage' },
);
export type Message = Static<typeof Message>;

export const MessagePage = Type.Object({
  items: Type.Array(Message, { description: 'Oldest first.' }),
  nextCursor: nullable(Type.String({ description: 'Pass as `before` (or `after`, when paging forward) for the next page; null at the end.' })),
});
export type MessagePage = Static<typeof MessagePage>;

export const MessageTraceEntry = Type.Object({
  change: Type.Union([Type.Literal('edit'), Type.Literal('delete')]),
  previousBody: nullable(Type.String()),
  actorId: Type.String(),
  at: Type.String(),
});
export type MessageTraceEntry = Static<typeof MessageTraceEntry>;

export const Receipt = Type.Object({ userId: Type.String(), messageId: Type.String(), readAt: Type.String() });
export type Receipt = Static<typeof Receipt>;

export const FileVersion = Type.Object({
  version: Type.Integer(),
  size: Type.Integer(),
  contentType: Type.String({ description: 'Detected from the content, never taken from the name.' }),
  sha256: Type.String(),
  originalName: nullable(Type.String()),
  uploadedBy: Type.String(),
  uploadedAt: Type.String(),
});
export type FileVersion = Static<typeof FileVersion>;

export const ChatFile = Type.Object(
  {
    id: Type.String(),
    conversationId: Type.String(),
    name: Type.String({ description: 'The document name; an upload under the same name adds a version.' }),
    createdBy: Type.String(),
    createdAt: Type.String(),
    latest: FileVersion,
    versions: Type.Array(FileVersion, { description: 'Newest first.' }),
  },
  { $id: 'ChatFile' },
);
export type ChatFile = Static<typeof ChatFile>;
