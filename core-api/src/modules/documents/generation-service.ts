import { randomBytes } from 'node:crypto';
import { inTransaction } from '../../platform/database/transaction';
import { AppError, invalid, notFound } from '../../platform/errors';
import type { DomainEvent } from '../../platform/outbox';
import type { AuditContext } from '../identity/audit-log';
import { canReadIntake } from '../identity/policy';
import type { Appointment } from '../appointments/appointments-repository';
import type { DocumentCaller } from './document-access';
import { documentContext, formValues } from './document-context';
import { canManageForms } from './document-policy';
import type { DocumentRecord } from './document-store';
import { documentTemplates, fillPlaceholders, templateByKey, templateLocales, type DocumentTemplate } from './document-templates';
import { detectUploadType, type DocumentsService, type DocumentsServiceDependencies } from './documents-service';
import { extractFormFields, fillForm } from './pdf-forms';
import { renderTemplatePdf } from './pdf-render';

export interface GenerationRule {
  id: string;
  domainId: string;
  eventType: string;
  templateKey: string;
  enabled: boolean;
}

export interface FormTemplate {
  id: string;
  name: string;
  fields: string[];
  createdBy: string;
  createdAt: string;
}

/** The appointment events a rule may name: each carries the appointment and its domain. */
export const ruleEvents = ['appointment.requested', 'appointment.approved', 'appointment.declined', 'appointment.cancelled', 'appointment.completed'];

/** The actor of documents made by automation, in audit entries and access logs. */
export const automationService = 'documents-automation';
/** The template a notification of an approval carries. */
export const confirmationTemplate = 'appointment-confirmation';

/**
 * Makes documents: templates rendered for an appointment, admins' fillable
 * forms filled from it, and the rules that do either on domain events.
 */
export function createGenerationService(dependencies: DocumentsServiceDependencies & { documents: DocumentsService }) {
  const { pool, clock, store, sources, documents } = dependencies;
  const { access } = documents;

  async function readableAppointment(caller: DocumentCaller, appointmentId: string): Promise<Appointment> {
    const appointment = await sources.appointments.get(appointmentId);
    if (!appointment || !canReadIntake(caller.principal, appointment)) throw notFound('appointment', appointmentId);
    return appointment;
  }

  async function render(template: DocumentTemplate, appointment: Appointment, locale?: string) {
    if (template.domains.length > 0 && !template.domains.includes(appointment.domainId)) {
      throw new AppError('unprocessable', 'template_not_for_domain', `The template "${template.key}" is for ${template.domains.join(', ')} appointments.`);
    }
    const context = await documentContext(sources, appointment, locale);
    const text = template.text[context.locale];
    const content = await renderTemplatePdf({ text, values: context.values, intake: context.intake, createdAt: clock.now() });
    return { content, title: fillPlaceholders(text.title, context.values) };
  }

  /** Stores a new document of an appointment, shared with its patient and professional (and `extra`), and records the creation. */
  async function storeNew(
    auditContext: AuditContext, appointment: Appointment,
    input: { kind: 'generated' | 'form'; templateKey: string; title: string; content: Buffer; createdBy: string; sourceEventId?: string; extra?: string[] },
  ): Promise<string | null> {
    return inTransaction(pool, async (client) => {
      const id = await store.create(client, {
        organizationId: appointment.organizationId, patientId: appointment.patientId, kind: input.kind, templateKey: input.templateKey, title: input.title,
        appointmentId: appointment.id, sourceEventId: input.sourceEventId ?? null, createdBy: input.createdBy,
        sharedWith: [appointment.professionalId, ...(input.extra ?? [])],
      }, input.content, 'application/pdf', clock.now());
      if (id) await access.record(auditContext, { id, patientId: appointment.patientId, organizationId: appointment.organizationId }, 'create', { version: 1, client });
      return id;
    });
  }

  async function rules(filter: { domainId?: string; eventType?: string } = {}): Promise<GenerationRule[]> {
    const { rows } = await pool.query(
      `SELECT id, domain_id, event_type, template_key, enabled FROM documents.rules
        WHERE ($1::text IS NULL OR domain_id = $1) AND ($2::text IS NULL OR event_type = $2) ORDER BY domain_id, event_type, template_key`,
      [filter.domainId ?? null, filter.eventType ?? null],
    );
    return rows.map((row) => ({ id: row.id, domainId: row.domain_id, eventType: row.event_type, templateKey: row.template_key, enabled: row.enabled }));
  }

  return {
    templates: () => documentTemplates.map((template) => ({
      key: template.key, domains: template.domains, locales: templateLocales, titles: Object.fromEntries(templateLocales.map((locale) => [locale, template.text[locale].title])),
    })),

    async generate(caller: DocumentCaller, input: { appointmentId: string; templateKey: string; locale?: string }): Promise<DocumentRecord> {
      const template = templateByKey(input.templateKey);
      if (!template) throw notFound('template', input.templateKey);
      const appointment = await readableAppointment(caller, input.appointmentId);
      const { content, title } = await render(template, appointment, input.locale);
      const id = (await storeNew(caller.audit, appointment, {
        kind: 'generated', templateKey: template.key, title, content, createdBy: caller.principal.userId, extra: [caller.principal.userId],
      }))!;
      return (await store.one(id))!;
    },

    rules,

    /**
     * Replaces the automation rules of one domain (admins), all or nothing. Each names a domain event
     * and a template meant for that domain; a template for other domains, or an event documents never
     * hear, is refused rather than kept to do nothing.
     */
    async replaceRules(domainId: string, wanted: Array<{ eventType: string; templateKey: string; enabled: boolean }>): Promise<GenerationRule[]> {
      await sources.directory.domain(domainId);
      const seen = new Set<string>();
      wanted.forEach((rule, index) => {
        const template = templateByKey(rule.templateKey);
        if (!template) throw invalid('unknown_template', `rules[${index}]: no template "${rule.templateKey}".`);
        if (template.domains.length > 0 && !template.domains.includes(domainId))
          throw invalid('template_not_for_domain', `rules[${index}]: "${rule.templateKey}" is for ${template.domains.join(', ')}, not ${domainId}.`);
        if (!ruleEvents.includes(rule.eventType)) throw invalid('unknown_event', `rules[${index}]: documents are made on ${ruleEvents.join(', ')} only.`);
        const key = `${rule.eventType} ${rule.templateKey}`;
        if (seen.has(key)) throw invalid('duplicate_rule', `rules[${index}] repeats ${key}.`);
        seen.add(key);
      });
      await inTransaction(pool, async (client) => {
        await client.query(`DELETE FROM documents.rules WHERE domain_id = $1`, [domainId]);
        for (const rule of wanted) {
          await client.query(`INSERT INTO documents.rules (id, domain_id, event_type, template_key, enabled) VALUES ($1, $2, $3, $4, $5)`, [
            `rule-${domainId}-${rule.eventType}-${rule.templateKey}`, domainId, rule.eventType, rule.templateKey, rule.enabled,
          ]);
        }
      });
      return rules({ domainId });
    },

    /**
     * The automation: on an event a rule names (`appointment.approved`), renders the
     * rule's templates for the appointment. Idempotent on the event id: a replayed
     * event meets the unique (source_event_id, template_key) and makes nothing.
     */
    async handleEvent(event: DomainEvent): Promise<string[]> {
      const appointmentId = typeof event.payload.appointmentId === 'string' ? event.payload.appointmentId : null;
      const domainId = typeof event.payload.domainId === 'string' ? event.payload.domainId : null;
      if (!appointmentId || !domainId) return [];
      const matching = (await rules({ domainId, eventType: event.type })).filter((rule) => rule.enabled);
      if (matching.length === 0) return [];
      const appointment = await sources.appointments.get(appointmentId);
      if (!appointment) return [];
      const context: AuditContext = { principal: { kind: 'service', serviceId: automationService, appRoles: [] }, requestId: `event-${event.id}` };
      const made: string[] = [];
      for (const rule of matching) {
        const template = templateByKey(rule.templateKey);
        if (!template) continue;
        const { content, title } = await render(template, appointment);
        const id = await storeNew(context, appointment, { kind: 'generated', templateKey: template.key, title, content, createdBy: automationService, sourceEventId: event.id });
        if (id) made.push(id);
      }
      return made;
    },

    /**
     * The confirmation of an approval, for the notification that announces it: the
     * document the automation made for this event, or made here and now if the
     * notification got there first (both meet the unique (source_event_id,
     * template_key), so it exists once whoever wins). Null when no enabled rule
     * of the appointment's domain makes a confirmation on approval, or when the
     * appointment or the document is gone (an erased patient).
     */
    async confirmationFor(input: { eventId: string; appointmentId: string }): Promise<{ documentId: string; title: string; content: Buffer } | null> {
      const appointment = await sources.appointments.get(input.appointmentId);
      if (!appointment) return null;
      const template = templateByKey(confirmationTemplate)!;
      const rule = (await rules({ domainId: appointment.domainId, eventType: 'appointment.approved' }))
        .find((candidate) => candidate.enabled && candidate.templateKey === template.key);
      if (!rule) return null;
      const context: AuditContext = { principal: { kind: 'service', serviceId: automationService, appRoles: [] }, requestId: `event-${input.eventId}` };
      const existing = async () => (await pool.query(
        `SELECT id FROM documents.documents WHERE source_event_id = $1 AND template_key = $2`, [input.eventId, template.key],
      )).rows[0]?.id as string | undefined;
      let id = await existing();
      if (!id) {
        const { content, title } = await render(template, appointment);
        id = (await storeNew(context, appointment, { kind: 'generated', templateKey: template.key, title, content, createdBy: automationService, sourceEventId: input.eventId }))
          ?? (await existing());
      }
      const document = id ? await store.one(id) : null;
      if (!document) return null;
      const { content } = await access.contentOf(document);
      // The notification hands it to the patient: an access like any download, in the document's log.
      await access.record({ ...context, principal: { kind: 'service', serviceId: 'notifications', appRoles: [] } }, document, 'attach', { version: document.latest.version });
      return { documentId: document.id, title: document.title, content };
    },

    async uploadForm(caller: DocumentCaller, input: { name: string; content: Buffer }): Promise<FormTemplate> {
      if (!canManageForms(caller.principal)) throw new AppError('forbidden', 'forbidden', 'Only admins upload fillable forms.');
      if ((await detectUploadType(input.content)) !== 'application/pdf') throw new AppError('unprocessable', 'form_not_pdf', 'A fillable form is a PDF.');
      const fields = (await extractFormFields(input.content)).map((field) => field.name);
      if (fields.length === 0) throw new AppError('unprocessable', 'form_has_no_fields', 'This PDF has no fillable fields (AcroForm).');
      const id = `form-${randomBytes(8).toString('hex')}`;
      const now = clock.now();
      const { rowCount } = await pool.query(
        `INSERT INTO documents.forms (id, organization_id, name, content, field_names, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (organization_id, name) DO NOTHING`,
        [id, caller.principal.organizationId, input.name, input.content, fields, caller.principal.userId, now],
      );
      if (rowCount === 0) throw new AppError('conflict', 'form_name_taken', `A form named "${input.name}" exists already.`);
      return { id, name: input.name, fields, createdBy: caller.principal.userId, createdAt: now.toISOString() };
    },

    async forms(caller: DocumentCaller): Promise<FormTemplate[]> {
      if (caller.principal.role === 'patient') throw new AppError('forbidden', 'forbidden', 'Fillable forms are for staff.');
      const { rows } = await pool.query(
        `SELECT id, name, field_names, created_by, created_at FROM documents.forms WHERE organization_id = $1 ORDER BY name`,
        [caller.principal.organizationId],
      );
      return rows.map((row) => ({ id: row.id, name: row.name, fields: row.field_names, createdBy: row.created_by, createdAt: (row.created_at as Date).toISOString() }));
    },

    /** Fills an admin's form for an appointment, field by field (matching names from the appointment, explicit `values` winning), optionally flattened. */
    async fillForm(caller: DocumentCaller, formId: string, input: { appointmentId: string; values?: Record<string, string>; flatten?: boolean; locale?: string }) {
      if (caller.principal.role === 'patient') throw new AppError('forbidden', 'forbidden', 'Fillable forms are for staff.');
      const { rows } = await pool.query(`SELECT name, content, field_names FROM documents.forms WHERE id = $1 AND organization_id = $2`, [formId, caller.principal.organizationId]);
      const form = rows[0];
      if (!form) throw notFound('form', formId);
      const appointment = await readableAppointment(caller, input.appointmentId);
      const context = await documentContext(sources, appointment, input.locale);
      for (const name of Object.keys(input.values ?? {})) {
        if (!(form.field_names as string[]).includes(name)) throw invalid('form_field_unknown', `The form has no field "${name}".`, { field: name, fields: form.field_names });
      }
      const values = { ...formValues(context, form.field_names), ...input.values };
      const filled = await fillForm(Buffer.from(form.content as Uint8Array), values, { flatten: input.flatten });
      const id = (await storeNew(caller.audit, appointment, {
        kind: 'form', templateKey: formId, title: form.name, content: filled.content, createdBy: caller.principal.userId, extra: [caller.principal.userId],
      }))!;
      return { document: (await store.one(id))!, filled: filled.filled };
    },
  };
}

export type GenerationService = ReturnType<typeof createGenerationService>;
