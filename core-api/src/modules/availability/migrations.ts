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
};
