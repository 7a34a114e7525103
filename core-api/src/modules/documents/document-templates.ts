/**
 * The built-in document templates, per locale. A template is a title, lines of
 * text with `{placeholders}` and, for forms, fillable fields (AcroForm) whose
 * values come from the same placeholders. Placeholders name what the renderer
 * is given: `patient.*` (the profile), `appointment.*`, `professional.*`,
 * `service.*`, `domain.*` and `intake.<key>` (the intake answers).
 */
export type TemplateLocale = 'en' | 'es';
export const templateLocales: TemplateLocale[] = ['en', 'es'];

export interface TemplateField {
  /** The AcroForm field name; also how an admin form's fields are matched. */
  name: string;
  label: string;
  value: string;
}

export interface TemplateText {
  title: string;
  lines: string[];
  fields?: TemplateField[];
  /** Shown under the lines, once per intake answer (`{label}: {value}`), for summaries. */
  intakeHeading?: string;
}

export interface DocumentTemplate {
  key: string;
  /** The domains it is for; empty: every domain. */
  domains: string[];
  text: Record<TemplateLocale, TemplateText>;
}

export const documentTemplates: DocumentTemplate[] = [
  {
    key: 'appointment-confirmation',
    domains: [],
    text: {
      en: {
        title: 'Appointment confirmation',
        lines: [
          'Dear {patient.name},',
          'your appointment is confirmed.',
          'Service: {service.name}',
          'With: {professional.name}',
          'When: {appointment.start}',
          'Time zone: {professional.timeZone}',
          'Reference: {appointment.id}',
        ],
      },
      es: {
        title: 'Confirmación de cita',
        lines: [
          'Estimado/a {patient.name}:',
          'su cita está confirmada.',
          'Servicio: {service.name}',
          'Con: {professional.name}',
          'Cuándo: {appointment.start}',
          'Zona horaria: {professional.timeZone}',
          'Referencia: {appointment.id}',
        ],
      },
    },
  },
  {
    key: 'legal-intake-summary',
    domains: ['legal'],
    text: {
      en: {
        title: 'Intake summary',
        lines: ['Client: {patient.name}', 'Lawyer: {professional.name}', 'Consultation: {service.name}, {appointment.start}'],
        intakeHeading: 'Answers given at intake',
      },
      es: {
        title: 'Resumen de la consulta inicial',
        lines: ['Cliente: {patient.name}', 'Abogado/a: {professional.name}', 'Consulta: {service.name}, {appointment.start}'],
        intakeHeading: 'Respuestas de la consulta inicial',
      },
    },
  },
  {
    key: 'medical-referral',
    domains: ['medical'],
    text: {
      en: {
        title: 'Medical referral form',
        lines: ['Referred by {professional.name} ({service.name}), {appointment.start}.', 'Please complete any field left empty.'],
        fields: [
          { name: 'patient_name', label: 'Patient', value: '{patient.name}' },
          { name: 'date_of_birth', label: 'Date of birth', value: '{patient.dateOfBirth}' },
          { name: 'insurance_number', label: 'Insurance number', value: '{intake.insurance_number}' },
          { name: 'reason', label: 'Reason for referral', value: '{intake.reason}' },
          { name: 'referred_by', label: 'Referring professional', value: '{professional.name}' },
        ],
      },
      es: {
        title: 'Volante de derivación médica',
        lines: ['Derivado por {professional.name} ({service.name}), {appointment.start}.', 'Complete los campos vacíos.'],
        fields: [
          { name: 'patient_name', label: 'Paciente', value: '{patient.name}' },
          { name: 'date_of_birth', label: 'Fecha de nacimiento', value: '{patient.dateOfBirth}' },
          { name: 'insurance_number', label: 'Número de seguro', value: '{intake.insurance_number}' },
          { name: 'reason', label: 'Motivo de la derivación', value: '{intake.reason}' },
          { name: 'referred_by', label: 'Profesional que deriva', value: '{professional.name}' },
        ],
      },
    },
  },
];

export const templateByKey = (key: string) => documentTemplates.find((template) => template.key === key);

export const toTemplateLocale = (locale: string | null | undefined): TemplateLocale => (locale?.toLowerCase().startsWith('es') ? 'es' : 'en');

/** Replaces `{path}` with its value; an unknown or empty one becomes an empty string. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-zA-Z0-9_.]+)\}/g, (_, key: string) => values[key] ?? '');
}
