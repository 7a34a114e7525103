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
const LocalTime = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/).describe('HH:mm, local (24:00 is the end of the day)');

const Decisions = z
  .object({
    decisions: z
      .array(
        z.object({
          appointmentId: z.string(),
          decision: z.enum(['approve', 'decline']),
          reason: z.string().max(1000).optional().describe('Required to decline: the patient is told it'),
        }),
      )
      .min(1)
      .max(50),
  })
  // A decline without a reason is refused before it can be put to the user to confirm.
  .superRefine((input, issues) =>
    input.decisions.forEach((item, index) => {
      if (item.decision === 'decline' && !item.reason?.trim()) {
        issues.addIssue({ code: 'custom', path: ['decisions', index, 'reason'], message: 'a reason is required to decline' });
      }
    }),
  );

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
  list_schedule: z.object({
    from: LocalDate,
    to: LocalDate,
    status: z
      .enum(['active', 'requested', 'all'])
      .default('active')
      .describe('active: requested and approved (what holds time); requested: only those waiting for a decision; all: also cancelled, declined, …'),
  }),
  decide_appointments: Decisions,
  block_time: z.object({
    date: LocalDate,
    from: LocalTime.optional(),
    to: LocalTime.optional(),
    partOfDay: z.enum(['morning', 'afternoon', 'evening']).optional().describe('morning: until 13:00; afternoon: from 13:00; evening: from 18:00'),
    reason: z.string().max(200).optional(),
  }),
  get_my_confirmation: z.object({
    appointmentId: z.string().optional().describe('An approved appointment of the user; by default the next one'),
  }),
  accept_proposed_time: z.object({
    appointmentId: z.string().describe('The request the times were proposed for'),
    start: z.string().describe('One of the proposed starts, exactly as list_my_appointments gave it under proposal.starts'),
  }),
} as const;

export type SkillName = keyof typeof skillInputs;
export type SkillInput<Name extends SkillName> = z.infer<(typeof skillInputs)[Name]>;

/** Skills that change state: they run only after the user said yes to a summary. */
export const confirmedSkills: ReadonlySet<SkillName> = new Set([
  'request_appointment', 'reschedule_appointment', 'cancel_appointment', 'decide_appointments', 'block_time', 'accept_proposed_time',
]);

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
  list_schedule:
    "Professionals: their own appointments between two local dates (inclusive), soonest first, with status and patient name. Use it for \"what's on tomorrow?\", \"who is my next patient?\" and to find pending requests (status requested).",
  decide_appointments:
    'Professionals: approve or decline requests (ids from list_schedule); a reason is required to decline and the patient is told it. Each decision succeeds or fails on its own. Needs confirmation.',
  block_time:
    "Professionals: close a date, or a time range or part of it, in their own calendar so nobody can book then. Without from, to or partOfDay the whole day closes. Appointments already booked stay (the result lists them). Needs confirmation.",
  get_my_confirmation:
    "Patients: the confirmation (a PDF in the user's documents) of an approved appointment, by default the next one; made now if it does not exist yet. Tell the user its title and that it is in their documents.",
  accept_proposed_time:
    "Patients: accept one of the other times a professional proposed for the user's request (list_my_appointments shows them under proposal). The request moves there, approved. Needs confirmation.",
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
  get_my_confirmation: {
    appointment: AppointmentResult;
    /** In the user's documents (GET /documents); the PDF is downloaded from there. */
    document: { id: string; title: string; createdAt: string };
    /** True when no confirmation existed and it was made for this call. */
    generatedNow: boolean;
  };
  reschedule_appointment: { appointment: AppointmentResult; previousAppointmentId: string };
  cancel_appointment: { appointment: AppointmentResult };
  join_waitlist: { entryId: string; from: string; to: string };
  handoff_to_human: { handoffId: string; message: string };
  search_knowledge: {
    /** Best first; empty when nothing relevant was found. */
    passages: Array<{ source: { documentId: string; title: string; section: string }; text: string }>;
    instruction: string;
  };
  list_schedule: { appointments: ScheduleEntry[]; from: string; to: string; timeZone: string };
  decide_appointments: {
    results: Array<{
      appointmentId: string; decision: 'approve' | 'decline'; ok: boolean;
      /** The status after the decision, and its time in the user's zone, when it worked. */
      status?: string; label?: string;
      error?: { code: string; message: string };
    }>;
    approved: number; declined: number; failed: number;
  };
  block_time: {
    date: string;
    /** The date in the user's language: "Fri 4 Dec". */
    label: string;
    closedWholeDay: boolean;
    /** The local range closed (00:00–24:00 for the whole day). */
    blocked: { from: string; to: string };
    /** The opening hours left on that date. */
    openHours: Array<{ start: string; end: string }>;
    /** Requested or approved appointments inside the blocked time: they still stand. */
    stillBooked: ScheduleEntry[];
  };
  accept_proposed_time: { appointment: AppointmentResult; previousAppointmentId: string };
}

/** One appointment of a professional's calendar, as list_schedule returns it. */
export interface ScheduleEntry {
  id: string;
  status: string;
  patientId: string;
  patientName: string;
  serviceId: string;
  serviceName: string;
  start: string;
  end: string;
  /** In the user's zone: "Tue 8 Dec, 10:20", and its parts. */
  label: string;
  localDate: string;
  localTime: string;
  /** The patient's message with the request, if any. */
  message: string | null;
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
  /** Other times the professional proposed for this request, waiting for the user's answer (list_my_appointments only). */
  proposal?: ProposalResult;
}

export interface ProposalResult {
  id: string;
  /** Give one `start` back unchanged to accept_proposed_time. */
  starts: Array<{ start: string; label: string; localDate: string; localTime: string }>;
  message: string | null;
}

export interface SkillFailure {
  error: { code: string; message: string; hint: string };
}
