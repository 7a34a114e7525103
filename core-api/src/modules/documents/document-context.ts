import type { Appointment, AppointmentsRepository } from '../appointments/appointments-repository';
import type { DirectoryService } from '../directory/directory-service';
import type { UsersRepository } from '../identity/users-repository';
import { toTemplateLocale, type TemplateLocale } from './document-templates';

/** What documents read from other modules, through their services and repositories (read-only). */
export interface DocumentSources {
  appointments: Pick<AppointmentsRepository, 'get' | 'list'>;
  users: Pick<UsersRepository, 'findById' | 'findPrincipal'>;
  directory: Pick<DirectoryService, 'domain' | 'service' | 'professional'>;
}

export interface DocumentContext {
  appointment: Appointment;
  locale: TemplateLocale;
  /** Placeholder values: `patient.name`, `appointment.start`, `intake.reason`, … */
  values: Record<string, string>;
  /** The intake answers with their labels, in the domain's order. */
  intake: Array<{ label: string; value: string }>;
}

const formatWhen = (at: Date, locale: TemplateLocale, timeZone: string) =>
  new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(at);

/** The values a template or a form is filled with, from the appointment, the patient's profile and the intake answers. */
export async function documentContext(sources: DocumentSources, appointment: Appointment, locale?: string): Promise<DocumentContext> {
  const [patient, professional, service, domain] = await Promise.all([
    sources.users.findById(appointment.patientId),
    sources.directory.professional(appointment.professionalId),
    sources.directory.service(appointment.serviceId),
    sources.directory.domain(appointment.domainId),
  ]);
  const chosen = toTemplateLocale(locale ?? patient?.locale);
  const values: Record<string, string> = {
    'patient.name': patient?.name ?? '',
    'patient.dateOfBirth': patient?.dateOfBirth ?? '',
    'patient.email': patient?.email ?? '',
    'patient.phone': patient?.phone ?? '',
    'appointment.id': appointment.id,
    'appointment.status': appointment.status,
    'appointment.start': formatWhen(appointment.start, chosen, professional.timeZone),
    'appointment.end': formatWhen(appointment.end, chosen, professional.timeZone),
    'professional.name': professional.name,
    'professional.timeZone': professional.timeZone,
    'service.name': service.name,
    'domain.name': domain.name,
  };
  for (const [key, value] of Object.entries(appointment.intake ?? {})) values[`intake.${key}`] = String(value);
  // The intake date of birth wins over none in the profile.
  if (!values['patient.dateOfBirth'] && values['intake.date_of_birth']) values['patient.dateOfBirth'] = values['intake.date_of_birth'];
  const intake = domain.intakeFields
    .filter((field) => appointment.intake?.[field.key])
    .map((field) => ({ label: field.label, value: String(appointment.intake[field.key]) }));
  return { appointment, locale: chosen, values, intake };
}

/**
 * The values of a form's fields by name: a field named like a placeholder
 * (`patient_name`, `reason`, `insurance_number`, `appointment_start`) gets its value.
 */
export function formValues(context: DocumentContext, fieldNames: string[]): Record<string, string> {
  const byFieldName = new Map<string, string>();
  for (const [key, value] of Object.entries(context.values)) {
    if (!value) continue;
    const [scope, name = ''] = key.split('.');
    const snake = name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    byFieldName.set(`${scope}_${snake}`, value);
    // Intake keys and the patient's own details also answer to their bare name (`reason`, `date_of_birth`).
    if (scope === 'intake' || scope === 'patient') byFieldName.set(snake, value);
  }
  const values: Record<string, string> = {};
  for (const name of fieldNames) {
    const value = byFieldName.get(name.toLowerCase());
    if (value) values[name] = value;
  }
  return values;
}

/** Whether a professional has (or had) an appointment with the patient: what lets them receive the patient's documents. */
export async function isProfessionalOfPatient(sources: DocumentSources, professionalId: string, patientId: string): Promise<boolean> {
  return (await sources.appointments.list({ patientId, professionalId, limit: 1 })).length > 0;
}
