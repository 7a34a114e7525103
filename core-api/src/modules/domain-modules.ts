import type { FastifyInstance } from 'fastify';
import type { Clock } from '../platform/clock';
import type { Config } from '../platform/config';
import type { Database } from '../platform/database/open-database';
import type { AuditLog } from './identity/audit-log';
import type { UsersRepository } from './identity/users-repository';
import { calendarFeedRoutes } from './appointments/calendar-feed';
import { createDirectoryRepository } from './directory/directory-repository';
import { createDirectoryService, type DirectoryService } from './directory/directory-service';
import { directoryRoutes } from './directory/directory-routes';
import { createAvailabilityRepository } from './availability/availability-repository';
import { createAvailabilityService, type AvailabilityService, type BusySource } from './availability/availability-service';
import { availabilityRoutes } from './availability/availability-routes';
import type { SlotCache } from './availability/slot-cache';
import { createAppointmentsRepository } from './appointments/appointments-repository';
import { createAppointmentsService, type AppointmentObserver, type AppointmentsService } from './appointments/appointments-service';
import { appointmentsRoutes } from './appointments/appointments-routes';
import { createWaitlistService, type WaitlistService } from './appointments/waitlist-service';
import { createBusySource } from './appointments/busy-source';
import { registerChatModule, type ChatServices, type ChatWiring } from './chat/chat-module';
import { promptsRoutes } from './prompts/prompts-routes';
import { createPromptsService } from './prompts/prompts-service';
import type { JobQueue } from '../platform/queue/job-queue';
import { registerKnowledgeModule, type KnowledgeServices } from './knowledge/knowledge-module';
import { registerDocumentsModule, type DocumentsServices } from './documents/documents-module';
import { analyticsRoutes } from './analytics/analytics-routes';
import { createAnalyticsService } from './analytics/analytics-service';

export interface SchedulingServices extends KnowledgeServices {
  directory: DirectoryService;
  availability: AvailabilityService;
  appointments: AppointmentsService;
  waitlist: WaitlistService;
  documents: DocumentsServices;
  chat: ChatServices;
}

/**
 * Wires directory, availability, appointments, handoffs, prompts and knowledge. Availability needs busy
 * time from appointments and appointments need availability to check a
 * start: they meet through the `BusySource` interface, bound here.
 */
export async function registerDomainModules(
  app: FastifyInstance,
  options: {
    database: Database; queue: JobQueue; clock: Clock; audit: AuditLog; users: UsersRepository; calendarFeedSecret: string;
    config: Pick<Config, 'WAITLIST_HOLD_MINUTES' | 'EMBEDDINGS_BASE_URL' | 'EMBEDDINGS_API_KEY' | 'EMBEDDINGS_MODEL' | 'EMBEDDINGS_DIMENSIONS'
      | 'DOCUMENT_MASTER_KEYS' | 'DOCUMENT_UPLOAD_MAX_BYTES' | 'DATA_DIR' | 'NODE_ENV'>;
    onEventsWritten?: () => void;
    chat: ChatWiring;
    observeAppointments?: AppointmentObserver;
    slotCache?: SlotCache;
  },
): Promise<SchedulingServices> {
  const { database, clock, audit } = options;
  const pool = database.pool;
  const directory = createDirectoryService({ repository: createDirectoryRepository(pool) });
  const appointmentsRepository = createAppointmentsRepository(pool);
  const waitlist = createWaitlistService({ pool, directory, clock, holdMinutes: options.config.WAITLIST_HOLD_MINUTES });
  const busy: BusySource = createBusySource(pool, clock);
  const availability = createAvailabilityService({
    pool, repository: createAvailabilityRepository(pool), directory, clock, busy: () => busy, slotCache: options.slotCache,
  });
  const appointments = createAppointmentsService({
    pool, repository: appointmentsRepository, directory, availability, waitlist, audit, clock, onEventsWritten: options.onEventsWritten, people: options.users,
    observe: options.observeAppointments,
  });
  await app.register(directoryRoutes, { directory });
  await app.register(availabilityRoutes, { availability });
  await app.register(appointmentsRoutes, { appointments, waitlist });
  await app.register(calendarFeedRoutes, {
    secret: options.calendarFeedSecret, repository: appointmentsRepository, directory, users: options.users, audit, now: () => clock.now(),
  });
  const chat = await registerChatModule(app, { pool, clock, audit, users: options.users, onEventsWritten: options.onEventsWritten, ...options.chat });
  await app.register(promptsRoutes, { prompts: createPromptsService({ pool, clock }) });
  await app.register(analyticsRoutes, { analytics: createAnalyticsService({ database: pool, directory }) });
  const knowledge = await registerKnowledgeModule(app, { database, queue: options.queue, clock, config: options.config, directory });
  const documents = await registerDocumentsModule(app, {
    pool, clock, audit, config: options.config, appointments: appointmentsRepository, users: options.users, directory,
  });
  return { directory, availability, appointments, waitlist, ...knowledge, documents, chat };
}
