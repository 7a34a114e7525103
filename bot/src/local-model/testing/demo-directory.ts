/**
 * Skill results shaped like the demo seed, for tests: the directory, slots
 * with labels in the user's zone, intake fields and appointments.
 */
import { tool } from '@langchain/core/tools';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppointmentResult, ScheduleEntry, SlotResult } from '../skill-contract';

const SKILL_NAMES = [
  'find_professionals',
  'list_slots',
  'get_intake_questions',
  'check_intake_answers',
  'request_appointment',
  'list_my_appointments',
  'get_my_confirmation',
  'reschedule_appointment',
  'cancel_appointment',
  'join_waitlist',
  'handoff_to_human',
  'search_knowledge',
  'list_schedule',
  'decide_appointments',
  'block_time',
  'accept_proposed_time',
] as const;

/** Stand-ins for the skills: only their names and descriptions matter to the model. */
export const skillTools = SKILL_NAMES.map((name) =>
  tool(async () => '{}', { name, description: name, schema: z.object({}).passthrough() }),
);

export const directory = {
  professionals: [
    {
      id: 'dr-lopez', name: 'Dr. Elena López', specialty: 'dermatology', domain: 'medical', languages: ['es', 'en'],
      services: [{ id: 'derm-consult', name: 'Dermatology consultation', minutes: 30 }, { id: 'mole-check', name: 'Mole check', minutes: 20 }],
    },
    {
      id: 'dr-chen', name: 'Dr. Wei Chen', specialty: 'general practice', domain: 'medical', languages: ['en'],
      services: [{ id: 'gp-visit', name: 'General practice visit', minutes: 20 }],
    },
    {
      id: 'pt-okafor', name: 'Ngozi Okafor', specialty: 'physiotherapy', domain: 'medical', languages: ['en'],
      services: [{ id: 'physio-session', name: 'Physiotherapy session', minutes: 45 }],
    },
    {
      id: 'atty-martin', name: 'Claire Martin', specialty: 'family law', domain: 'legal', languages: ['fr', 'en'],
      services: [{ id: 'family-law-consult', name: 'Family law consultation', minutes: 60 }],
    },
  ],
};

const NAMES: Record<string, string> = {
  'dr-lopez': 'Dr. Elena López', 'dr-chen': 'Dr. Wei Chen', 'pt-okafor': 'Ngozi Okafor', 'atty-martin': 'Claire Martin',
  'derm-consult': 'Dermatology consultation', 'mole-check': 'Mole check', 'gp-visit': 'General practice visit',
  'physio-session': 'Physiotherapy session', 'family-law-consult': 'Family law consultation',
};

/** A slot at a local date and time of `zone` (the user's zone and, in these tests, the professional's). */
export function slot(professionalId: string, serviceId: string, date: string, time: string, zone = 'Europe/Madrid'): SlotResult {
  const start = DateTime.fromISO(`${date}T${time}`, { zone });
  return {
    start: start.toISO() ?? '',
    end: start.plus({ minutes: 30 }).toISO() ?? '',
    professionalId, professionalName: NAMES[professionalId] ?? professionalId,
    serviceId, serviceName: NAMES[serviceId] ?? serviceId,
    label: start.setLocale('en-GB').toFormat('ccc d LLL, HH:mm'),
    localTime: time, localDate: date,
  };
}

export function slots(professionalId: string, serviceId: string, date: string, times: string[], zone?: string) {
  return { slots: times.map((time) => slot(professionalId, serviceId, date, time, zone)), timeZone: zone ?? 'Europe/Madrid' };
}

export const medicalIntake = (serviceId: string) => ({
  serviceId, domain: 'medical',
  fields: [
    { key: 'reason', label: 'Reason for the visit', type: 'text', required: true },
    { key: 'date_of_birth', label: 'Date of birth', type: 'date', required: true },
    { key: 'insurance_number', label: 'Insurance number', type: 'string', required: false, pattern: '^[A-Z0-9-]{6,20}$' },
  ],
});

/** The medical intake as it looks when the date of birth is already on the user's profile. */
export const medicalIntakeWithoutBirthDate = (serviceId: string) => ({
  ...medicalIntake(serviceId),
  fields: medicalIntake(serviceId).fields.filter((field) => field.key !== 'date_of_birth'),
});

export const legalIntake = {
  serviceId: 'family-law-consult', domain: 'legal',
  fields: [
    { key: 'case_type', label: 'Type of case', type: 'enum', options: ['divorce', 'custody', 'inheritance', 'other'], required: true },
    { key: 'opposing_party', label: 'Name of the opposing party', type: 'string', required: false },
    { key: 'summary', label: 'Short summary', type: 'text', required: true },
  ],
};

export function appointment(
  id: string, professionalId: string, serviceId: string, date: string, time: string, status: string, zone = 'Europe/Madrid',
): AppointmentResult {
  const booked = slot(professionalId, serviceId, date, time, zone);
  return {
    id, status, professionalId, professionalName: booked.professionalName, serviceId,
    serviceName: booked.serviceName, start: booked.start, label: booked.label,
  };
}

/** An appointment of Dr. López's calendar as list_schedule gives it (Europe/Madrid, 30 minutes). */
export function scheduleEntry(id: string, patientName: string, date: string, time: string, status: string, message: string | null = null): ScheduleEntry {
  const booked = slot('dr-lopez', 'derm-consult', date, time);
  return {
    id, status, patientId: `patient-${patientName.split(' ')[0]!.toLowerCase()}`, patientName,
    serviceId: 'derm-consult', serviceName: 'Dermatology consultation', start: booked.start, end: booked.end,
    label: booked.label, localDate: date, localTime: time, message,
  };
}

export function schedule(from: string, to: string, entries: ScheduleEntry[]) {
  return { appointments: entries, from, to, timeZone: 'Europe/Madrid' };
}
