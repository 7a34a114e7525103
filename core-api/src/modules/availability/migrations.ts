import { sqlMigration, type ModuleMigrations } from '../../platform/database/migrate';

export const availabilityMigrations: ModuleMigrations = {
  '0020-availability-init': sqlMigration(`
    CREATE SCHEMA availability;
    CREATE TABLE availability.weekly_rules (
      id bigserial PRIMARY KEY,
      professional_id text NOT NULL,
      weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      start_time time NOT NULL,
      end_time time NOT NULL,
      CHECK (end_time > start_time)
    );
    CREATE INDEX weekly_rules_professional ON availability.weekly_rules (professional_id);
    CREATE TABLE availability.exceptions (
      id bigserial PRIMARY KEY,
      professional_id text NOT NULL,
      date date NOT NULL,
      closed boolean NOT NULL,
      start_time time,
      end_time time,
      reason text,
      CHECK (closed OR (start_time IS NOT NULL AND end_time IS NOT NULL AND end_time > start_time))
    );
    CREATE INDEX exceptions_professional_date ON availability.exceptions (professional_id, date);
  `),
  // After every module's tables exist: the triggers watch appointments, waitlist holds and professionals too.
  '0140-availability-slot-versions': sqlMigration(`
    -- One counter per professional, bumped in the same transaction as any change that can change their
    -- free slots: a cached slot list is keyed by it, so once a change commits no reader meets the old list.
    CREATE TABLE availability.slot_versions (
      professional_id text PRIMARY KEY,
      version bigint NOT NULL
    );
    CREATE FUNCTION availability.bump_slot_version() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      column_name text := TG_ARGV[0];
      affected text[] := ARRAY[]::text[];
    BEGIN
      IF TG_OP <> 'INSERT' THEN affected := affected || (to_jsonb(OLD) ->> column_name); END IF;
      IF TG_OP <> 'DELETE' THEN affected := affected || (to_jsonb(NEW) ->> column_name); END IF;
      INSERT INTO availability.slot_versions (professional_id, version)
        SELECT DISTINCT id, 1 FROM unnest(affected) AS id WHERE id IS NOT NULL
        ON CONFLICT (professional_id) DO UPDATE SET version = availability.slot_versions.version + 1;
      RETURN NULL;
    END $$;
    CREATE TRIGGER slot_version AFTER INSERT OR UPDATE OR DELETE ON appointments.appointments
      FOR EACH ROW EXECUTE FUNCTION availability.bump_slot_version('professional_id');
    CREATE TRIGGER slot_version AFTER INSERT OR UPDATE OR DELETE ON appointments.waitlist
      FOR EACH ROW EXECUTE FUNCTION availability.bump_slot_version('offered_professional_id');
    CREATE TRIGGER slot_version AFTER INSERT OR UPDATE OR DELETE ON availability.weekly_rules
      FOR EACH ROW EXECUTE FUNCTION availability.bump_slot_version('professional_id');
    CREATE TRIGGER slot_version AFTER INSERT OR UPDATE OR DELETE ON availability.exceptions
      FOR EACH ROW EXECUTE FUNCTION availability.bump_slot_version('professional_id');
    CREATE TRIGGER slot_version AFTER INSERT OR UPDATE OR DELETE ON directory.professionals
      FOR EACH ROW EXECUTE FUNCTION availability.bump_slot_version('id');
  `),
};
