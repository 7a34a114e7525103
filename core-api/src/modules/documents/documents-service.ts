import { renderPdfFirstPagePng } from '../chat/pdf-preview';
import { fileTypeFromBuffer } from 'file-type';
import { inTransaction } from '../../platform/database/transaction';
import { AppError, invalid, notFound } from '../../platform/errors';
import { createDocumentAccess, type AccessDependencies, type DocumentCaller } from './document-access';
import { isProfessionalOfPatient, type DocumentSources } from './document-context';
import { canCreateDocumentFor, canReceiveDocument, canShareDocument, canWriteDocument } from './document-policy';
import type { DocumentRecord } from './document-store';
import { mapToIntakeFields, type ExtractedField } from './field-mapping';
import type { OcrEngine, OcrLanguage } from './ocr-engine';
import { extractFormFields, fillForm, type FormField } from './pdf-forms';

/** What may be uploaded, by the type the content shows (never its name or declared type). */
export const uploadTypes = ['application/pdf', 'image/png', 'image/jpeg'];
const ocrTypes = new Set(['image/png', 'image/jpeg']);
/** The longest side a scanned page is drawn at for OCR: about 200 dpi on A4. */
const scanPixels = 2_300;

export interface Extraction {
  documentId: string;
  version: number;
  language: OcrLanguage;
  text: string;
  confidence: number;
  fields: ExtractedField[];
  needsReview: boolean;
}

export interface DocumentsServiceDependencies extends AccessDependencies {
  sources: DocumentSources;
  ocr: OcrEngine;
}

/** Detects the type from the content and checks it against the allow-list. */
export async function detectUploadType(content: Buffer): Promise<string> {
  if (content.length === 0) throw invalid('file_empty', 'The file is empty.');
  const detected = (await fileTypeFromBuffer(content))?.mime;
  if (!detected || !uploadTypes.includes(detected)) {
    throw new AppError('unprocessable', 'file_type_not_allowed', `Documents of this type may not be uploaded (the content is ${detected ?? 'unknown'}).`, { allowed: uploadTypes });
  }
  return detected;
}

/**
 * Documents as their readers see them: list, read, download, form fields,
 * filling, OCR, sharing and the per-document audit trail. Every access is
 * recorded, refused ones too.
 */
export function createDocumentsService(dependencies: DocumentsServiceDependencies) {
  const { pool, clock, store, sources, ocr } = dependencies;
  const access = createDocumentAccess(dependencies);

  const professionalOf = (userId: string, role: string, patientId: string) =>
    role === 'professional' ? isProfessionalOfPatient(sources, userId, patientId) : Promise.resolve(false);

  async function patientFor(caller: DocumentCaller, patientId: string) {
    const patient = await sources.users.findPrincipal(patientId);
    const allowed = patient && patient.role === 'patient' && !patient.erasedAt &&
      canCreateDocumentFor(caller.principal, patient, await professionalOf(caller.principal.userId, caller.principal.role, patientId));
    if (!patient || !allowed) throw notFound('patient', patientId);
    return patient;
  }

  async function pdfOf(caller: DocumentCaller, id: string, version: number | undefined, action: string, rule?: typeof canWriteDocument) {
    const document = await access.require(caller, id, action, rule);
    const found = await access.contentOf(document, version);
    if (found.version.contentType !== 'application/pdf') throw new AppError('unprocessable', 'document_not_pdf', 'Only PDF documents have form fields.');
    return { document, ...found };
  }

  return {
    access,
    patientFor,

    async list(caller: DocumentCaller, filter: { patientId?: string } = {}): Promise<DocumentRecord[]> {
      const documents = await store.load(await store.sharedWith(caller.principal.userId, filter.patientId));
      for (const document of documents) await access.record(caller.audit, document, 'list');
      return documents;
    },

    async get(caller: DocumentCaller, id: string): Promise<DocumentRecord> {
      const document = await access.require(caller, id, 'read');
      await access.record(caller.audit, document, 'read');
      return document;
    },

    async download(caller: DocumentCaller, id: string, version?: number) {
      const document = await access.require(caller, id, 'download');
      const found = await access.contentOf(document, version);
      await access.record(caller.audit, document, 'download', { version: found.version.version });
      return { document, ...found };
    },

    async upload(caller: DocumentCaller, input: { patientId: string; title: string; content: Buffer }): Promise<DocumentRecord> {
      if (!input.patientId) throw invalid('patient_required', 'Say whose record the document goes to (`patientId`).');
      const patient = await patientFor(caller, input.patientId);
      const contentType = await detectUploadType(input.content);
      const id = await inTransaction(pool, async (client) => {
        const created = (await store.create(client, {
          organizationId: patient.organizationId, patientId: patient.id, kind: 'upload', templateKey: null, title: input.title, appointmentId: null,
          createdBy: caller.principal.userId, sharedWith: [caller.principal.userId],
        }, input.content, contentType, clock.now()))!;
        await access.record(caller.audit, { id: created, patientId: patient.id, organizationId: patient.organizationId }, 'upload', { version: 1, client });
        return created;
      });
      return (await store.one(id))!;
    },

    async fields(caller: DocumentCaller, id: string, version?: number): Promise<FormField[]> {
      const { document, content, version: chosen } = await pdfOf(caller, id, version, 'fields.read');
      const fields = await extractFormFields(content);
      await access.record(caller.audit, document, 'fields.read', { version: chosen.version });
      return fields;
    },

    /** Fills the latest version's form and stores the result as the next version. */
    async fill(caller: DocumentCaller, id: string, input: { values: Record<string, string>; flatten?: boolean }) {
      const { document, content } = await pdfOf(caller, id, undefined, 'fill', canWriteDocument);
      const filled = await fillForm(content, input.values, { flatten: input.flatten });
      await inTransaction(pool, async (client) => {
        const version = await store.addVersion(client, document.id, filled.content, 'application/pdf', caller.principal.userId, clock.now());
        await access.record(caller.audit, document, 'fill', { version, client });
      });
      return { document: (await store.one(id))!, filled: filled.filled, unknown: filled.unknown };
    },

    /** Reads the text of an image version and maps it to the intake fields of the patient's domain (or of `domainId`). */
    async extract(caller: DocumentCaller, id: string, input: { language?: OcrLanguage; domainId?: string; version?: number } = {}): Promise<Extraction> {
      const document = await access.require(caller, id, 'ocr', canWriteDocument);
      const { version, content } = await access.contentOf(document, input.version);
      if (!ocrTypes.has(version.contentType) && version.contentType !== 'application/pdf') {
        throw new AppError('unprocessable', 'ocr_unsupported_type', 'Text is read from images (PNG, JPEG) and scanned PDF pages.');
      }
      const domainId = input.domainId ?? (document.appointmentId ? (await sources.appointments.get(document.appointmentId))?.domainId : undefined);
      if (!domainId) throw invalid('domain_required', 'Say which domain\'s intake fields to map the text to (`domainId`): this document belongs to no appointment.');
      const domain = await sources.directory.domain(domainId);
      const language = input.language ?? 'eng';
      // A scanned page is an image inside a PDF: the first page is drawn (fenced, in a worker) and read.
      const image = version.contentType === 'application/pdf' ? await renderPdfFirstPagePng(content, scanPixels) : content;
      const read = await ocr.recognize(image, language);
      const fields = mapToIntakeFields(domain.intakeFields, read.words);
      const extraction: Extraction = {
        documentId: document.id, version: version.version, language, text: read.text, confidence: read.confidence, fields,
        needsReview: fields.length === 0 || fields.some((field) => field.needsReview),
      };
      await store.saveExtraction(document.id, version.version, extraction, extraction.needsReview, clock.now());
      await access.record(caller.audit, document, 'ocr', { version: version.version });
      return extraction;
    },

    async extraction(caller: DocumentCaller, id: string, version?: number): Promise<Extraction> {
      const document = await access.require(caller, id, 'extraction.read');
      const chosen = version ?? document.latest.version;
      const found = (await store.extraction(document.id, chosen)) as Extraction | null;
      if (!found) throw notFound('extraction', `${id}@${chosen}`);
      await access.record(caller.audit, document, 'extraction.read', { version: chosen });
      return found;
    },

    async share(caller: DocumentCaller, id: string, userId: string): Promise<DocumentRecord> {
      const document = await access.require(caller, id, 'share', canShareDocument);
      const user = await sources.users.findPrincipal(userId);
      if (!user || !canReceiveDocument(user, document, await professionalOf(user.id, user.role, document.patientId))) {
        throw new AppError('unprocessable', 'share_not_allowed', 'A document is shared only with the patient, admins, and professionals of the patient\'s appointments.');
      }
      await inTransaction(pool, async (client) => {
        await store.share(client, document.id, user.id, caller.principal.userId, clock.now());
        await access.record(caller.audit, document, `share:${user.id}`, { client });
      });
      return (await store.one(id))!;
    },

    async unshare(caller: DocumentCaller, id: string, userId: string): Promise<DocumentRecord> {
      const document = await access.require(caller, id, 'unshare', canShareDocument);
      if (userId === document.patientId) throw new AppError('conflict', 'owner_share_required', 'A document stays shared with its patient.');
      await inTransaction(pool, async (client) => {
        await store.unshare(client, document.id, userId);
        await access.record(caller.audit, document, `unshare:${userId}`, { client });
      });
      return (await store.one(id))!;
    },

    /** The document's access log: who did what, when, allowed or denied. */
    async auditTrail(caller: DocumentCaller, id: string) {
      const document = await access.require(caller, id, 'audit.read');
      await access.record(caller.audit, document, 'audit.read');
      return store.accessLog(document.id);
    },

    rotateKeys: () => store.rewrapKeys(),
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
