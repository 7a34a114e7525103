/**
 * What the model knows of the organisation's directory (only what
 * find_professionals returned in this conversation) and which professional
 * or service the user's words point to.
 */
import { mentionedSpecialties } from './understanding/match-specialty';
import { matchDirectory, type DirectoryEntry, type DirectoryMatch } from './understanding/index';
import type { SkillResults } from './skill-contract';

export type Professional = SkillResults['find_professionals']['professionals'][number];

/** What to search slots for. Either a professional, a service, or a whole specialty. */
export interface Target {
  professionalId?: string;
  serviceId?: string;
  specialty?: string;
}

// matchDirectory gives at least 0.6 when a name was recognised; below that
// only the specialty matched.
const NAMED = 0.6;

export function mergeDirectory(known: Professional[], found: Professional[]): Professional[] {
  const byId = new Map(known.map((professional) => [professional.id, professional]));
  for (const professional of found) byId.set(professional.id, professional);
  return [...byId.values()];
}

/** The specialty to filter find_professionals with, when the text names one. */
export function specialtyOf(texts: string[]): string | undefined {
  for (const text of texts) {
    const first = mentionedSpecialties(text)[0];
    if (first !== undefined) return first;
  }
  return undefined;
}

/**
 * The target the user's messages point to: a later message that names
 * someone wins ("actually, Dr. Chen"), but a later message that only hints
 * at a specialty ("it's for a rash") does not move an earlier choice.
 */
export function resolveTarget(texts: string[], directory: Professional[]): Target | null {
  if (directory.length === 0) return null;
  const entries = directoryEntries(directory);
  for (const text of [...texts].reverse()) {
    const named = targetFromMatches(matchDirectory(text, entries), directory, true);
    if (named !== null) return named;
  }
  for (const text of texts) {
    const hinted = targetFromMatches(matchDirectory(text, entries), directory, false);
    if (hinted !== null) return hinted;
  }
  return null;
}

/**
 * Whether `text` asks for someone other than `earlier` texts point to: another professional or
 * service by name, or another specialty (named, or by a symptom: "it's for a rash").
 */
export function pointsElsewhere(earlier: string[], text: string, directory: Professional[]): boolean {
  const current = resolveTarget(earlier, directory);
  if (current === null) return false;
  const named = targetFromMatches(matchDirectory(text, directoryEntries(directory)), directory, true);
  if (named !== null && (named.professionalId ?? named.serviceId) !== (current.professionalId ?? current.serviceId)) return true;
  const specialty = mentionedSpecialties(text)[0];
  return specialty !== undefined && specialty !== specialtyOfTarget(current, directory)?.toLowerCase();
}

function specialtyOfTarget(target: Target, directory: Professional[]): string | undefined {
  if (target.specialty !== undefined) return target.specialty;
  return directory.find(
    (professional) => professional.id === target.professionalId || professional.services.some((service) => service.id === target.serviceId),
  )?.specialty;
}

function directoryEntries(directory: Professional[]): DirectoryEntry[] {
  const services = new Map<string, DirectoryEntry>();
  for (const professional of directory) {
    for (const service of professional.services)
      services.set(service.id, { id: service.id, name: service.name, specialty: professional.specialty, kind: 'service' });
  }
  const people = directory.map(
    (professional): DirectoryEntry => ({ id: professional.id, name: professional.name, specialty: professional.specialty, kind: 'professional' }),
  );
  return [...people, ...services.values()];
}

function targetFromMatches(matches: DirectoryMatch[], directory: Professional[], namedOnly: boolean): Target | null {
  const named = matches.filter((match) => match.score >= NAMED);
  const person = named.find((match) => match.entry.kind === 'professional')?.entry;
  const service = named.find((match) => match.entry.kind === 'service')?.entry;
  if (person !== undefined) {
    const professional = directory.find((candidate) => candidate.id === person.id);
    const offered = professional?.services ?? [];
    // A named person with no named service gets their first (main) service:
    // asking would cost a turn, and the professional can adjust it.
    const serviceId = offered.find((candidate) => candidate.id === service?.id)?.id ?? offered[0]?.id;
    return { professionalId: person.id, ...(serviceId === undefined ? {} : { serviceId }) };
  }
  if (service !== undefined) {
    const providers = directory.filter((professional) => professional.services.some((item) => item.id === service.id));
    return providers.length === 1 && providers[0] !== undefined
      ? { professionalId: providers[0].id, serviceId: service.id }
      : { serviceId: service.id, specialty: service.specialty };
  }
  if (namedOnly) return null;
  const people = matches.filter((match) => match.entry.kind === 'professional');
  const only = people.length === 1 ? directory.find((professional) => professional.id === people[0]?.entry.id) : undefined;
  if (only !== undefined) {
    const serviceId = only.services[0]?.id;
    return { professionalId: only.id, ...(serviceId === undefined ? {} : { serviceId }) };
  }
  const specialty = matches[0]?.entry.specialty;
  return specialty === undefined ? null : { specialty };
}

export function professionalName(directory: Professional[], id: string | undefined): string | undefined {
  return directory.find((professional) => professional.id === id)?.name;
}

/** Distinct specialties with who practises them, to offer when nothing matched. */
export function specialtyChoices(directory: Professional[]): Array<{ label: string; value: string }> {
  return directory.map((professional) => ({
    label: `${capitalise(professional.specialty)}: ${professional.name}`,
    value: professional.name,
  }));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
