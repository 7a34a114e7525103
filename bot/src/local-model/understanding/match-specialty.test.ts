import { describe, expect, it } from 'vitest';
import { mentionedSpecialties, specialtyKey } from './match-specialty';

describe('mentionedSpecialties', () => {
  it.each([
    ['I need a skin doctor', ['dermatology']],
    ['a dermatologist please', ['dermatology']],
    ['Quiero una cita con la dermatóloga', ['dermatology']],
    ["It's for a rash on my arm", ['dermatology']],
    ['can I see a GP', ['general practice']],
    ['necesito el médico de cabecera', ['general practice']],
    ['I have back pain', ['physiotherapy']],
    ['una cita con el fisio', ['physiotherapy']],
    ['I need a lawyer for my divorce', ['family law']],
    ['abogada para la custodia', ['family law']],
    ["It's for a sore throat", ['general practice']],
    ['tengo fiebre y tos', ['general practice']],
  ])('%s → %j', (text, keys) => {
    expect(mentionedSpecialties(text)).toEqual(keys);
  });

  it('ignores a phrase inside a longer one', () => {
    expect(mentionedSpecialties('a physical therapy session')).toEqual(['physiotherapy']);
  });

  it('tolerates typos in long words only', () => {
    expect(mentionedSpecialties('a dermatologyst')).toEqual(['dermatology']);
    expect(mentionedSpecialties('I need to go')).toEqual([]);
  });
});

describe('specialtyKey', () => {
  it('maps labels in either language to one key', () => {
    expect(specialtyKey('Dermatology')).toBe('dermatology');
    expect(specialtyKey('Dermatología')).toBe('dermatology');
    expect(specialtyKey('Fisioterapia')).toBe('physiotherapy');
    expect(specialtyKey('Family Law')).toBe('family law');
    expect(specialtyKey('Medicina general')).toBe('general practice');
  });

  it('keeps unknown labels as folded text', () => {
    expect(specialtyKey('Podología')).toBe('podologia');
  });
});
