import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { EventSubscriber } from '../../platform/outbox';
import type { AuditLog } from '../identity/audit-log';
import type { DocumentSources } from './document-context';
import { createDocumentStore } from './document-store';
import { documentsRoutes } from './documents-routes';
import { createDocumentsService, type DocumentsService } from './documents-service';
import { documentCipherFromConfig, type EnvelopeCipher } from './envelope-cipher';
import { generationRoutes } from './generation-routes';
import { createGenerationService, type GenerationService } from './generation-service';
import { createOcrEngine, type OcrEngine } from './ocr-engine';

export type DocumentsConfig = Pick<Config, 'DOCUMENT_MASTER_KEYS' | 'DOCUMENT_UPLOAD_MAX_BYTES' | 'DATA_DIR' | 'NODE_ENV'>;

export interface DocumentsModuleOptions extends DocumentSources {
  pool: pg.Pool;
  clock: Clock;
  audit: AuditLog;
  config: DocumentsConfig;
  /** By default from DOCUMENT_MASTER_KEYS, or a key file under DATA_DIR (in memory for tests). */
  cipher?: EnvelopeCipher;
  /** By default tesseract.js with the packaged language data; its workers start on first use. */
  ocr?: OcrEngine;
}

export interface DocumentsServices {
  documents: DocumentsService;
  generation: GenerationService;
  /** The consumer of domain events that runs the automation rules (idempotent on the event id). */
  eventSubscriber: EventSubscriber;
}

type CipherConfig = Pick<Config, 'DOCUMENT_MASTER_KEYS' | 'DATA_DIR' | 'NODE_ENV'>;
// One cipher per configuration: the module and identity's GDPR export (which opens documents too) must
// share it, since without DOCUMENT_MASTER_KEYS a test's key is generated in memory.
const ciphers = new WeakMap<CipherConfig, EnvelopeCipher>();

/** Beside the embedded database, so documents stay readable across restarts; tests keep it in memory. */
export function documentsCipher(config: CipherConfig): EnvelopeCipher {
  let cipher = ciphers.get(config);
  if (!cipher) {
    cipher = documentCipherFromConfig(config, config.NODE_ENV === 'test' ? undefined : path.join(config.DATA_DIR, 'document-master-key'));
    ciphers.set(config, cipher);
  }
  return cipher;
}

/**
 * The documents module: templates to PDF, fillable forms, OCR, encryption at
 * rest, sharing and access logs, and generation on events. Multipart is
 * registered inside the module's own context, so it reaches no other route.
 *
 * @example
 * const documents = await registerDocumentsModule(app, { pool, clock, audit, config, appointments, users, directory });
 */
export async function registerDocumentsModule(app: FastifyInstance, options: DocumentsModuleOptions): Promise<DocumentsServices> {
  const { pool, clock, audit, config } = options;
  const cipher = options.cipher ?? documentsCipher(config);
  const ocr = options.ocr ?? createOcrEngine();
  const store = createDocumentStore({ pool, cipher });
  const sources: DocumentSources = { appointments: options.appointments, users: options.users, directory: options.directory };
  const documents = createDocumentsService({ pool, clock, audit, store, sources, ocr });
  const generation = createGenerationService({ pool, clock, audit, store, sources, ocr, documents });
  const maxBytes = config.DOCUMENT_UPLOAD_MAX_BYTES;

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1_000, parts: 6 } });
    await scope.register(documentsRoutes, { documents, maxBytes });
    await scope.register(generationRoutes, { generation, documents, maxBytes });
  });
  app.addHook('onClose', () => ocr.close());
  return {
    documents,
    generation,
    eventSubscriber: { name: 'documents', handle: async (event) => void (await generation.handleEvent(event)), concurrency: 2 },
  };
}
