import { describe, expect, it } from 'vitest';
import { matchDirectory, type DirectoryEntry } from './match-directory';

const directory: DirectoryEntry[] = [
  { id: 'lopez', name: 'Dra. Elena López García', specialty: 'Dermatology', kind: 'professional' },
  { id: 'ruiz', name: 'Dr. Marcos Ruiz', specialty: 'Dermatology', kind: 'professional' },
  { id: 'mole-check', name: 'Mole check', specialty: 'Dermatology', kind: 'service' },
  { id: 'carter', name: 'Dr. Ben Carter', specialty: 'General practice', kind: 'professional' },
  { id: 'navarro', name: 'Lucía Navarro', specialty: 'Fisioterapia', kind: 'professional' },
  { id: 'ortega', name: 'Javier Ortega', specialty: 'Family law', kind: 'professional' },
];
const best = (text: string) => matchDirectory(text, directory)[0]?.entry.id ?? null;
const ids = (text: string) => matchDirectory(text, directory).map((match) => match.entry.id);

describe('matchDirectory by name', () => {
  it.each([
    ['Dr Lopez', 'lopez'],
    ['doctora lópez', 'lopez'],
    ['Dr. Lopes', 'lopez'],
    ['Elena', 'lopez'],
    ['can I see Elena Lopez Garcia?', 'lopez'],
    ['con el doctor Ruiz', 'ruiz'],
    ['Ben Carter please', 'carter'],
    ['Lucia', 'navarro'],
    ['Javier Ortgea', 'ortega'],
  ])('%s → %s', (text, id) => {
    expect(best(text)).toBe(id);
  });

  it('scores a recognised name above a specialty-only match', () => {
    const [first, second] = matchDirectory('the dermatologist Ruiz', directory);
    expect(first?.entry.id).toBe('ruiz');
    expect(first?.score).toBeGreaterThan(second?.score ?? 0);
  });
});

describe('matchDirectory by specialty', () => {
  it('finds professionals of a specialty named in English or Spanish', () => {
    expect(ids("Hi, I'd like a dermatology appointment next Tuesday morning").slice(0, 2).sort()).toEqual([
      'lopez',
      'ruiz',
    ]);
    expect(ids('Quiero una cita con la dermatóloga el jueves a las 10').slice(0, 2).sort()).toEqual([
      'lopez',
      'ruiz',
    ]);
    expect(best('I need a skin doctor')).not.toBeNull();
    expect(best('a GP appointment')).toBe('carter');
    expect(best('médico de cabecera')).toBe('carter');
    expect(best('I need a physio for my back pain')).toBe('navarro');
    expect(best('necesito un fisioterapeuta')).toBe('navarro');
    expect(best('I need a lawyer')).toBe('ortega');
    expect(best('es por un divorcio')).toBe('ortega');
    expect(best('custody of my kids')).toBe('ortega');
  });

  it('lists the services of a specialty after its professionals', () => {
    expect(ids('a dermatologist please')).toEqual(['lopez', 'ruiz', 'mole-check']);
  });
});

describe('matchDirectory for services', () => {
  it('matches a service by its name in either language', () => {
    expect(best('mole check')).toBe('mole-check');
    expect(best('I want to get my moles checked')).toBe('mole-check');
    expect(best('revisión de lunares')).toBe('mole-check');
  });
});

describe('matchDirectory with nothing plausible', () => {
  it('returns an empty list', () => {
    expect(matchDirectory('10:20 please', directory)).toEqual([]);
    expect(matchDirectory('I want to book', directory)).toEqual([]);
    expect(matchDirectory('Dr Smith', directory)).toEqual([]);
    expect(matchDirectory('anything', [])).toEqual([]);
  });
});
