import type pg from 'pg';
import type { Clock } from '../../platform/clock';
import type { Queryable } from '../../platform/database/transaction';
import { AppError, forbidden, notFound } from '../../platform/errors';
import type { AuditContext, AuditLog } from '../identity/audit-log';
import type { UserPrincipal } from '../identity/principal';
import { canReadDocument } from './document-policy';
import type { DocumentRecord, DocumentStore } from './document-store';
import { DocumentDecryptionError } from './envelope-cipher';

/** The caller and the request, for rules and audit entries. */
export interface DocumentCaller {
  principal: UserPrincipal;
  audit: AuditContext;
}

export interface AccessDependencies {
  pool: pg.Pool;
  clock: Clock;
  audit: AuditLog;
  store: DocumentStore;
}

const actorOf = (context: AuditContext) =>
  !context.principal ? 'anonymous' : context.principal.kind === 'user' ? context.principal.userId : context.principal.serviceId;

/**
 * Every access to a document is two records: a row of the document's own
 * access log (its audit trail) and an entry in identity's audit log.
 */
export function createDocumentAccess({ pool, clock, audit, store }: AccessDependencies) {
  async function record(
    context: AuditContext, document: Pick<DocumentRecord, 'id' | 'patientId' | 'organizationId'>, action: string,
    options: { version?: number | null; outcome?: 'allowed' | 'denied'; client?: Queryable } = {},
  ): Promise<void> {
    const outcome = options.outcome ?? 'allowed';
    const client = options.client ?? pool;
    await store.logAccess(client, {
      documentId: document.id, version: options.version ?? null, actorId: actorOf(context), action, outcome, requestId: context.requestId, at: clock.now(),
    });
    await audit.record(
      context,
      {
        action: `document.${action}`, resourceType: 'document', resourceId: options.version ? `${document.id}@${options.version}` : document.id,
        patientId: document.patientId, outcome, organizationId: document.organizationId,
      },
      client,
    );
  }

  /**
   * The document if it is shared with the caller; otherwise 404 (as if it did not
   * exist) and, when it exists, a denied record. `allowed` is a further rule for
   * those who may read it, refused with 403.
   */
  async function require(
    caller: DocumentCaller, id: string, action: string,
    allowed?: (principal: UserPrincipal, document: DocumentRecord) => boolean,
  ): Promise<DocumentRecord> {
    const document = await store.one(id);
    if (!document || !canReadDocument(caller.principal, document)) {
      if (document) await record(caller.audit, document, action, { outcome: 'denied' });
      throw notFound('document', id);
    }
    if (allowed && !allowed(caller.principal, document)) {
      await record(caller.audit, document, action, { outcome: 'denied' });
      throw forbidden('You may read this document but not do this with it.');
    }
    return document;
  }

  /** Decrypted content; a version whose bytes were altered (or whose key is gone) is a coded error, never garbage. */
  async function contentOf(document: DocumentRecord, version?: number) {
    const chosen = version === undefined ? document.latest : document.versions.find((candidate) => candidate.version === version);
    if (!chosen) throw notFound('document_version', `${document.id}@${version}`);
    try {
      return { version: chosen, content: await store.content(document.id, chosen.version) };
    } catch (error) {
      if (error instanceof DocumentDecryptionError) {
        throw new AppError('unprocessable', error.code, `${error.message} It cannot be served; restore it from a backup or upload it again.`, {
          documentId: document.id, version: chosen.version, keyId: chosen.keyId,
        });
      }
      throw error;
    }
  }

  return { record, require, contentOf };
}

export type DocumentAccess = ReturnType<typeof createDocumentAccess>;
