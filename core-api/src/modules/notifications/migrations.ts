import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const notificationsMigrations: ModuleMigrations = {
  '0100-notifications-init': sqlMigration(`
    CREATE SCHEMA notifications;

    -- One row per (event, recipient, channel): the same key as the delivery job's id, so a
    -- replayed event finds its row and its job and notifies nobody twice. A fallback to the
    -- next channel is a row of its own.
    CREATE TABLE notifications.notifications (
      id text PRIMARY KEY,
      event_id text NOT NULL,
      event_type text NOT NULL,
      appointment_id text,
      organization_id text NOT NULL,
      recipient_id text NOT NULL,
      recipient_role text NOT NULL,
      channel text NOT NULL,
      state text NOT NULL CHECK (state IN ('queued', 'sent', 'delivered', 'failed', 'suppressed')),
      reason text,
      provider_message_id text,
      attempts int NOT NULL DEFAULT 0,
      template_event text NOT NULL,
      template_version int,
      variant text CHECK (variant IN ('A', 'B')),
      urgent boolean NOT NULL DEFAULT false,
      -- The event's payload: ids and times only, never names or intake answers.
      data jsonb NOT NULL,
      -- The channels still to try, in order, if this one fails for good.
      fallback_channels text[] NOT NULL DEFAULT '{}',
      due_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      sent_at timestamptz,
      delivered_at timestamptz,
      failed_at timestamptz,
      UNIQUE (event_id, recipient_id, channel)
    );
    CREATE INDEX notifications_recipient ON notifications.notifications (recipient_id, created_at DESC);
    CREATE INDEX notifications_organization ON notifications.notifications (organization_id, created_at DESC);
    CREATE INDEX notifications_appointment ON notifications.notifications (appointment_id) WHERE appointment_id IS NOT NULL;
    CREATE INDEX notifications_provider_message ON notifications.notifications (provider_message_id) WHERE provider_message_id IS NOT NULL;

    -- Admin-written versions of a template; version 0 is the built-in default in code.
    CREATE TABLE notifications.template_versions (
      event text NOT NULL,
      channel text NOT NULL,
      locale text NOT NULL,
      version int NOT NULL CHECK (version > 0),
      subject text,
      text_body text NOT NULL,
      html_body text,
      urgent boolean NOT NULL DEFAULT false,
      note text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (event, channel, locale, version)
    );
    -- Every activation is kept: the latest one not rolled back is in force (the active version, and
    -- an optional B variant with its share); rollback marks the one in force, so the one before it
    -- applies again, and a second rollback goes one further back.
    CREATE TABLE notifications.template_activations (
      id bigserial PRIMARY KEY,
      event text NOT NULL,
      channel text NOT NULL,
      locale text NOT NULL,
      version int NOT NULL,
      variant_version int,
      variant_share real CHECK (variant_share IS NULL OR (variant_share > 0 AND variant_share < 1)),
      activated_by text NOT NULL,
      at timestamptz NOT NULL,
      -- A rolled-back activation stays in the history but is never in force again.
      rolled_back_at timestamptz,
      rolled_back_by text
    );
    CREATE INDEX template_activations_latest ON notifications.template_activations (event, channel, locale, id DESC);

    -- How the appointment behind an A/B-tested notification ended.
    CREATE TABLE notifications.variant_outcomes (
      notification_id text PRIMARY KEY REFERENCES notifications.notifications (id),
      appointment_id text NOT NULL,
      template_event text NOT NULL,
      channel text NOT NULL,
      template_version int NOT NULL,
      variant text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('confirmed', 'cancelled', 'no_show')),
      recorded_at timestamptz NOT NULL
    );

    CREATE TABLE notifications.preferences (
      user_id text PRIMARY KEY,
      channels text[] NOT NULL,
      quiet_start text CHECK (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      quiet_end text CHECK (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      do_not_disturb boolean NOT NULL DEFAULT false,
      daily_cap int CHECK (daily_cap IS NULL OR daily_cap > 0),
      updated_at timestamptz NOT NULL
    );

    -- Minutes before the start; a domain without a row uses the default (24 h and 2 h).
    CREATE TABLE notifications.reminder_rules (
      domain_id text PRIMARY KEY,
      offsets_minutes int[] NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL
    );

    CREATE TABLE notifications.reminders (
      id text PRIMARY KEY,
      appointment_id text NOT NULL,
      patient_id text NOT NULL,
      offset_minutes int NOT NULL,
      starts_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      state text NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'cancelled', 'skipped')),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (appointment_id, offset_minutes)
    );
    CREATE INDEX reminders_due ON notifications.reminders (due_at) WHERE state = 'pending';

    CREATE TABLE notifications.push_subscriptions (
      endpoint text PRIMARY KEY,
      user_id text NOT NULL,
      p256dh text NOT NULL,
      auth text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX push_subscriptions_user ON notifications.push_subscriptions (user_id);
  `),
};
