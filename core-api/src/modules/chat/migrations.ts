import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const chatMigrations: ModuleMigrations = {
  '0050-chat-handoffs': sqlMigration(`
    CREATE SCHEMA chat;
    CREATE TABLE chat.handoffs (
      id text PRIMARY KEY,
      organization_id text NOT NULL,
      patient_id text NOT NULL,
      summary text NOT NULL,
      channel text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'closed')),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX handoffs_open ON chat.handoffs (organization_id, created_at) WHERE status = 'open';
  `),
  // Conversations take over from handoffs: a handoff now opens one, with its summary attached.
  '0110-chat-conversations': sqlMigration(`
    CREATE TABLE chat.conversations (
      id text PRIMARY KEY,
      organization_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('direct', 'group')),
      -- The patient the conversation is about; every read of it is audited against this id.
      patient_id text NOT NULL,
      title text,
      state text NOT NULL CHECK (state IN ('open', 'archived', 'closed')),
      handoff_id text REFERENCES chat.handoffs (id),
      handoff_summary text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      state_changed_at timestamptz NOT NULL
    );
    CREATE INDEX conversations_patient ON chat.conversations (patient_id);
    CREATE TABLE chat.participants (
      conversation_id text NOT NULL REFERENCES chat.conversations (id),
      user_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
      muted boolean NOT NULL DEFAULT false,
      joined_at timestamptz NOT NULL,
      -- Kept after leaving, so authorship and history stay explained.
      left_at timestamptz,
      PRIMARY KEY (conversation_id, user_id)
    );
    CREATE INDEX participants_active ON chat.participants (user_id, conversation_id) WHERE left_at IS NULL;
    CREATE TABLE chat.files (
      id text PRIMARY KEY,
      conversation_id text NOT NULL REFERENCES chat.conversations (id),
      name text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      -- A new upload under the same document name becomes the next version of this row.
      UNIQUE (conversation_id, name)
    );
    CREATE TABLE chat.file_versions (
      file_id text NOT NULL REFERENCES chat.files (id),
      version int NOT NULL CHECK (version > 0),
      -- The key of the bytes in the file storage; null once erased.
      content_id text,
      original_name text,
      size_bytes bigint NOT NULL,
      content_type text NOT NULL,
      sha256 text NOT NULL,
      uploaded_by text NOT NULL,
      uploaded_at timestamptz NOT NULL,
      PRIMARY KEY (file_id, version)
    );
    -- The id orders a conversation's history and is its paging cursor.
    CREATE TABLE chat.messages (
      id bigserial PRIMARY KEY,
      conversation_id text NOT NULL REFERENCES chat.conversations (id),
      author_id text NOT NULL,
      body text,
      reply_to bigint REFERENCES chat.messages (id),
      file_id text REFERENCES chat.files (id),
      created_at timestamptz NOT NULL,
      edited_at timestamptz,
      deleted_at timestamptz,
      deleted_by text
    );
    CREATE INDEX messages_history ON chat.messages (conversation_id, id);
    CREATE INDEX messages_thread ON chat.messages (reply_to, id) WHERE reply_to IS NOT NULL;
    -- What a message said before each edit or deletion.
    CREATE TABLE chat.message_trace (
      id bigserial PRIMARY KEY,
      message_id bigint NOT NULL REFERENCES chat.messages (id),
      change text NOT NULL CHECK (change IN ('edit', 'delete')),
      previous_body text,
      actor_id text NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX message_trace_message ON chat.message_trace (message_id, id);
    CREATE TABLE chat.read_receipts (
      conversation_id text NOT NULL REFERENCES chat.conversations (id),
      user_id text NOT NULL,
      message_id bigint NOT NULL,
      read_at timestamptz NOT NULL,
      PRIMARY KEY (conversation_id, user_id)
    );
  `),
};
