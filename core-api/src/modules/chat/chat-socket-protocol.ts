/**
 * The chat socket's protocol, as served in the OpenAPI document (the route's
 * description) and mirrored in the README. JSON objects in text frames.
 */
export const chatSocketProtocolDescription = `
Open a WebSocket to this path. Authenticate with the same tokens as every other route, in one of three ways:
\`?token=<token>\` (query strings are never logged), the subprotocols \`consulta.chat.v1, bearer.<token>\` (what a browser can send;
the server selects \`consulta.chat.v1\` and never echoes the token), or an \`Authorization: Bearer\` header. A missing or bad token
is refused with HTTP 401 before the upgrade; a plain GET without an upgrade answers 426.

The server first sends \`{"type":"ready","userId","protocol":"consulta.chat.v1"}\`.

Client → server (an optional \`id\` is echoed in the reply):
- \`{"type":"subscribe","conversationIds":["conv-…"]}\`: receive the events of these conversations (participants only;
  others answer \`{"type":"error","code":"conversation_not_found","conversationId"}\`). Without \`conversationIds\`: all your
  conversations, and those you are added to later. Each subscription is an audited read. Reply:
  \`{"type":"subscribed","conversationIds":[…],"presence":[{"userId","online"}]}\` (the participants who are connected now).
- \`{"type":"unsubscribe","conversationIds":[…]}\` (all when omitted) → \`{"type":"unsubscribed"}\`.
- \`{"type":"typing","conversationId","typing":true|false}\`: tells the others (subscribed, not muted).
- \`{"type":"ping"}\` → \`{"type":"pong"}\`.

Server → client (every event names its \`conversationId\`):
- \`message.created\`, \`message.edited\`, \`message.deleted\` with \`message\` (the same shape as the REST \`ChatMessage\`; a
  deletion carries the tombstone).
- \`receipt\` with \`userId\`, \`messageId\`, \`readAt\`.
- \`typing\` with \`userId\`, \`typing\` (never your own).
- \`presence\` with \`userId\`, \`online\`: a participant connected (first socket anywhere) or disconnected (last socket).
- \`file.created\` with \`file\`; \`conversation.updated\` with \`conversation\` (state, participants).
- \`conversation.added\` / \`conversation.removed\` with \`userId\`: you were added to (or removed from) a conversation; after a
  removal no more of its events arrive.
- \`error\` with \`code\` and \`message\`.

Messages are posted, edited and deleted over REST; the socket pushes them to every participant's sockets on every replica
(through Redis pub/sub when REDIS_URL is set).
`.trim();
