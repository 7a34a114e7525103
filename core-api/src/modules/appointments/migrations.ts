import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const appointmentsMigrations: ModuleMigrations = {
  '0040-appointments-init': sqlMigration(`
    CREATE SCHEMA appointments;
    CREATE TABLE appointments.appointments (
      id text PRIMARY KEY,
      organization_id text NOT NULL,
      professional_id text NOT NULL,
      patient_id text NOT NULL,
      service_id text NOT NULL,
      domain_id text NOT NULL,
      start_at timestamptz NOT NULL,
      end_at timestamptz NOT NULL,
      buffer_minutes int NOT NULL DEFAULT 0 CHECK (buffer_minutes >= 0),
      -- end_at plus the buffer, stored because timestamptz + interval is not immutable
      hold_until timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN
        ('requested','approved','declined','expired','cancelled','rescheduled','completed','no_show')),
      message text,
      intake jsonb NOT NULL DEFAULT '{}',
      rescheduled_from text REFERENCES appointments.appointments(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (end_at > start_at),
      CHECK (hold_until >= end_at),
      -- The final guard against double booking, whatever races the application loses.
      CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
        professional_id WITH =, tstzrange(start_at, hold_until, '[)') WITH &&
      ) WHERE (status IN ('requested', 'approved'))
    );
    CREATE INDEX appointments_patient ON appointments.appointments (patient_id, start_at);
    CREATE INDEX appointments_professional ON appointments.appointments (professional_id, start_at);
    CREATE TABLE appointments.status_history (
      id bigserial PRIMARY KEY,
      appointment_id text NOT NULL REFERENCES appointments.appointments(id),
      from_status text,
      to_status text NOT NULL,
      actor_id text NOT NULL,
      actor_role text NOT NULL,
      reason text,
      at timestamptz NOT NULL
    );
    CREATE INDEX status_history_appointment ON appointments.status_history (appointment_id, id);
  `),
  '0041-appointments-idempotency-waitlist': sqlMigration(`
    CREATE TABLE appointments.idempotency_keys (
      actor_id text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      outcome jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (actor_id, key)
    );
    CREATE TABLE appointments.waitlist (
      id text PRIMARY KEY,
      organization_id text NOT NULL,
      patient_id text NOT NULL,
      professional_id text,
      specialty text,
      service_id text,
      from_date date NOT NULL,
      to_date date NOT NULL,
      status text NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'expired', 'cancelled')),
      offered_professional_id text,
      offered_service_id text,
      offered_start timestamptz,
      offered_end timestamptz,
      offer_expires_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (professional_id IS NOT NULL OR specialty IS NOT NULL),
      CHECK (to_date >= from_date)
    );
    CREATE INDEX waitlist_waiting ON appointments.waitlist (created_at) WHERE status = 'waiting';
    CREATE INDEX waitlist_offers ON appointments.waitlist (offered_professional_id, offered_start) WHERE status = 'offered';
  `),
  '0042-appointments-waitlist-order': sqlMigration(`
    -- With a frozen clock several entries share created_at; first come, first served needs a sequence.
    ALTER TABLE appointments.waitlist ADD COLUMN seq bigserial;
  `),
  // Numbered after every module's first migrations (not 0043): databases that already ran those
  // must meet this one last, and the migrator refuses one that sorts before an applied migration.
  '0095-appointments-proposals': sqlMigration(`
    CREATE TABLE appointments.proposals (
      id text PRIMARY KEY,
      appointment_id text NOT NULL REFERENCES appointments.appointments(id),
      starts timestamptz[] NOT NULL CHECK (cardinality(starts) BETWEEN 1 AND 5),
      message text,
      proposed_by text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'accepted', 'superseded')),
      accepted_start timestamptz,
      new_appointment_id text,
      created_at timestamptz NOT NULL,
      decided_at timestamptz,
      -- With a frozen clock several proposals share created_at; newest first needs a sequence.
      seq bigserial
    );
    CREATE INDEX proposals_appointment ON appointments.proposals (appointment_id, seq);
  `),
  // The analytics module reads an organisation's requests by creation time and its appointments by start.
  '0145-appointments-analytics-indexes': sqlMigration(`
    CREATE INDEX appointments_organization_created ON appointments.appointments (organization_id, created_at);
    CREATE INDEX appointments_organization_start ON appointments.appointments (organization_id, start_at);
  `),
  // A slot offered to a waiting patient is theirs until the offer expires, with the buffer the
  // booking it becomes will keep after it. Bookings check only the
  // weekly rules before writing (their busy time is the database's to guard: the exclusion
  // constraint for appointments, this trigger for offers), so the check costs no read. "Now" is
  // the row's created_at, the application's clock, which tests freeze. A row that exists already
  // (the seed written again, ON CONFLICT DO UPDATE) is not a new booking.
  '0150-appointments-refuse-held-offers': sqlMigration(`
    CREATE FUNCTION appointments.refuse_held_offers() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status IN ('requested', 'approved') AND EXISTS (
        SELECT 1 FROM appointments.waitlist
         WHERE status = 'offered' AND offered_professional_id = NEW.professional_id
           AND offer_expires_at > NEW.created_at
           AND offered_start < NEW.hold_until AND offered_end + make_interval(mins => NEW.buffer_minutes) > NEW.start_at
           AND patient_id <> NEW.patient_id
      ) AND NOT EXISTS (SELECT 1 FROM appointments.appointments WHERE id = NEW.id) THEN
        RAISE EXCEPTION 'the slot is held for a waiting patient' USING ERRCODE = 'exclusion_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_held_offers BEFORE INSERT ON appointments.appointments
      FOR EACH ROW EXECUTE FUNCTION appointments.refuse_held_offers();
  `),
  // An offer records what it holds, [offered_start, offered_hold_until), as an appointment does with
  // hold_until: the slot list, the trigger and the offering itself then read one rule from the row
  // (the list used to count an offer without its buffer, so it showed times a booking was refused).
  // The database derives it from the offered end and the professional's buffer whenever an offer is
  // written, so no writer (an older replica during a deploy, a hand-written row) can leave it out.
  '0160-appointments-offer-holds': sqlMigration(`
    ALTER TABLE appointments.waitlist ADD COLUMN offered_hold_until timestamptz;
    CREATE FUNCTION appointments.offer_hold() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = 'offered' AND (TG_OP = 'INSERT' OR NEW.offered_hold_until IS NULL
          OR NEW.offered_end IS DISTINCT FROM OLD.offered_end OR NEW.offered_professional_id IS DISTINCT FROM OLD.offered_professional_id) THEN
        NEW.offered_hold_until := NEW.offered_end + make_interval(mins => coalesce(
          (SELECT buffer_minutes FROM directory.professionals WHERE id = NEW.offered_professional_id), 0));
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER offer_hold BEFORE INSERT OR UPDATE ON appointments.waitlist
      FOR EACH ROW EXECUTE FUNCTION appointments.offer_hold();
    -- Live offers written before: the trigger above fills the column in.
    UPDATE appointments.waitlist SET offered_hold_until = NULL WHERE status = 'offered';
    CREATE OR REPLACE FUNCTION appointments.refuse_held_offers() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status IN ('requested', 'approved') AND EXISTS (
        SELECT 1 FROM appointments.waitlist
         WHERE status = 'offered' AND offered_professional_id = NEW.professional_id
           AND offer_expires_at > NEW.created_at
           AND offered_start < NEW.hold_until AND offered_hold_until > NEW.start_at
           AND patient_id <> NEW.patient_id
      ) AND NOT EXISTS (SELECT 1 FROM appointments.appointments WHERE id = NEW.id) THEN
        RAISE EXCEPTION 'the slot is held for a waiting patient' USING ERRCODE = 'exclusion_violation';
      END IF;
      RETURN NEW;
    END $$;
  `),
};
