import type { ModuleMigrations } from './platform/database/migrate';
import { jobQueueMigrations } from './platform/queue/database-job-queue';
import { outboxMigrations } from './platform/outbox';
import { directoryMigrations } from './modules/directory/migrations';
import { availabilityMigrations } from './modules/availability/migrations';
import { identityMigrations } from './modules/identity/migrations';
import { appointmentsMigrations } from './modules/appointments/migrations';
import { chatMigrations } from './modules/chat/migrations';
import { promptsMigrations } from './modules/prompts/migrations';
import { knowledgeMigrations } from './modules/knowledge/migrations';
import { notificationsMigrations } from './modules/notifications/migrations';
import { documentsMigrations } from './modules/documents/migrations';

/** Every module's migrations; each module owns its own PostgreSQL schema. */
export const allMigrations: ModuleMigrations[] = [
  jobQueueMigrations,
  outboxMigrations,
  directoryMigrations,
  availabilityMigrations,
  identityMigrations,
  appointmentsMigrations,
  chatMigrations,
  promptsMigrations,
  knowledgeMigrations,
  notificationsMigrations,
  documentsMigrations,
];
