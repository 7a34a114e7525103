import { z } from 'zod';

/**
 * The assistant's skills as the model sees them: names, input schemas and
 * result shapes. Both the skills (which run them against core-api) and the
 * local model (which emits calls to them and reads their results) depend on
 * this file and nothing else of each other.
 *
 * Results are JSON in the tool message. A failure is `{ "error": { code, message, hint } }`
 * where `hint` tells the model how to fix the call.
 */

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('YYYY-MM-DD');
const Instant = z.string().describe('ISO 8601 date-time with offset, exactly as a list_slots result gave it');

export const skillInputs = {
  find_professionals: z.object({
    specialty: z.string().optional().describe('e.g. dermatology, general practice, physiotherapy, family law'),
    name: z.string().optional().describe('Part of the name, accents and case ignored'),
    domain: z.string().optional().describe('medical, legal, …'),
    language: z.string().optional().describe('ISO 639-1 code'),
  }),
  list_slots: z.object({
    professionalId: z.string().optional(),
    specialty: z.string().optional(),
    serviceId: z.string().optional(),
    from: LocalDate,
    to: LocalDate,
    partOfDay: z.enum(['morning', 'afternoon', 'evening']).optional(),
    limit: z.number().int().min(1).max(10).default(5),
  }),
  get_intake_questions: z.object({ serviceId: z.string() }),
  check_intake_answers: z.object({ serviceId: z.string(), answers: z.record(z.string(), z.string()) }),
  request_appointment: z.object({
    professionalId: z.string(),
    serviceId: z.string(),
    start: Instant,
    intake: z.record(z.string(), z.string()),
    message: z.string().max(2000).optional(),
  }),
  list_my_appointments: z.object({
    status: z.enum(['upcoming', 'all']).default('upcoming'),
  }),
  reschedule_appointment: z.object({ appointmentId: z.string(), start: Instant, reason: z.string().optional() }),
  cancel_appointment: z.object({ appointmentId: z.string(), reason: z.string().min(1) }),
  join_waitlist: z.object({
    professionalId: z.string().optional(),
    specialty: z.string().optional(),
    from: LocalDate,
    to: LocalDate,
  }),
  handoff_to_human: z.object({ summary: z.string().max(2000).describe('What the person needs, in one or two sentences') }),
  search_knowledge: z.object({
    question: z.string().min(1).max(1000).describe("The user's question, in their words"),
    domain: z.string().optional().describe('medical, legal, … when the question is about one domain'),
    professionalId: z.string().optional(),
  }),
} as const;

export type SkillName = keyof typeof skillInputs;
export type SkillInput<Name extends SkillName> = z.infer<(typeof skillInputs)[Name]>;

/** Skills that change state: they run only after the user said yes to a summary. */
export const confirmedSkills: ReadonlySet<SkillName> = new Set(['request_appointment', 'reschedule_appointment', 'cancel_appointment']);

/** Skills over public data (the directory and free slots): an unverified visitor may use them. */
export const publicSkills: ReadonlySet<SkillName> = new Set(['find_professionals', 'list_slots', 'search_knowledge']);

export const skillDescriptions: Record<SkillName, string> = {
  find_professionals: 'Find professionals by specialty, name, domain or language, with the services each offers.',
  list_slots: 'Free appointment times for a professional or a specialty between two dates (inclusive), earliest first.',
  get_intake_questions: 'The questions to ask before requesting an appointment for a service (the domain intake).',
  check_intake_answers: 'Check intake answers; returns the problems to re-ask, each with its reason.',
  request_appointment: 'Request an appointment at a start returned by list_slots. Needs the user to confirm first.',
  list_my_appointments: "The user's own appointments.",
  reschedule_appointment: 'Move one of the user\'s appointments to a new start returned by list_slots. Needs confirmation.',
  cancel_appointment: "Cancel one of the user's appointments, with the user's reason. Needs confirmation.",
  join_waitlist: 'Put the user on the waitlist for a professional or specialty between two dates.',
  handoff_to_human: 'Hand the conversation to a person at the practice.',
  search_knowledge:
    "Search the organisation's own documents (hours, addresses and parking, insurance, prices, preparation, cancellation policy, privacy) for passages that answer a question. Answer only from them and name the source.",
};

/** One offered time, as list_slots returns it. */
export interface SlotResult {
  /** Give this back unchanged as `start`. */
  start: string;
  end: string;
  professionalId: string;
  professionalName: string;
  serviceId: string;
  serviceName: string;
  /** The time in the user's zone, ready to show: "Tue 8 Dec, 10:20". */
  label: string;
  /** HH:mm and YYYY-MM-DD in the user's zone, for matching what the user says. */
  localTime: string;
  localDate: string;
}

export interface SkillResults {
  find_professionals: {
    professionals: Array<{
      id: string; name: string; specialty: string; domain: string; languages: string[];
      services: Array<{ id: string; name: string; minutes: number }>;
    }>;
  };
  list_slots: { slots: SlotResult[]; timeZone: string };
  get_intake_questions: {
    serviceId: string; domain: string;
    /** Keys the user's profile answers; request_appointment fills them in. */
    answeredFromProfile: string[];
    fields: Array<{ key: string; label: string; type: 'text' | 'string' | 'date' | 'enum'; required: boolean; options?: string[]; pattern?: string }>;
  };
  check_intake_answers: { ok: boolean; problems: Array<{ field: string; message: string }> };
  request_appointment: { appointment: AppointmentResult };
  list_my_appointments: { appointments: AppointmentResult[]; timeZone: string };
  reschedule_appointment: { appointment: AppointmentResult; previousAppointmentId: string };
  cancel_appointment: { appointment: AppointmentResult };
  join_waitlist: { entryId: string; from: string; to: string };
  handoff_to_human: { handoffId: string; message: string };
  search_knowledge: {
    /** Best first; empty when nothing relevant was found. */
    passages: Array<{ source: { documentId: string; title: string; section: string }; text: string }>;
    instruction: string;
  };
}

export interface AppointmentResult {
  id: string;
  status: string;
  professionalId: string;
  professionalName: string;
  serviceId: string;
  serviceName: string;
  start: string;
  /** In the user's zone: "Tue 8 Dec, 10:20". */
  label: string;
}

export interface SkillFailure {
  error: { code: string; message: string; hint: string };
}
