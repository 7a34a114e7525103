import { describe, expect, it } from 'vitest';
import { isGsm7, segmentsOf, smsLength, splitSms } from './sms-split';

const sentence = (index: number) =>
  `Sentence number ${index} tells the patient something rather useful about the coming visit.`;
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => sentence(from + index)).join(' ');
const withoutSuffix = (part: string) => part.replace(/ \(\d+\/\d+\)$/, '');

describe('SMS length', () => {
  it('counts GSM-7 extension characters twice and switches to UCS-2 for anything outside GSM-7', () => {
    expect(isGsm7('Cita con el Dr. López, ¿vale?')).toBe(false); // ó is not in GSM-7
    expect(isGsm7('Cita el miércoles: ¿vale? Ñ é ü à')).toBe(true);
    expect(smsLength('price: 10€ [x]')).toBe(17);
    expect(segmentsOf('a'.repeat(160))).toBe(1);
    expect(segmentsOf('a'.repeat(161))).toBe(2);
    expect(segmentsOf('ó'.repeat(70))).toBe(1);
    expect(segmentsOf('ó'.repeat(71))).toBe(2);
  });
});

describe('splitting long replies', () => {
  it('leaves a reply that fits in ten segments whole and unnumbered', () => {
    const text = paragraph(1, 15);
    expect(text.length).toBeLessThan(1530);
    expect(splitSms(text)).toEqual([text]);
  });

  it('cuts at paragraph breaks first, numbers the parts, and keeps every part within ten segments', () => {
    const first = paragraph(1, 12);
    const second = paragraph(13, 12);
    const third = paragraph(25, 12);
    const parts = splitSms(`${first}\n\n${second}\n\n${third}`);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, index) => {
      expect(part.endsWith(` (${index + 1}/${parts.length})`)).toBe(true);
      expect(smsLength(part)).toBeLessThanOrEqual(1530);
      expect(segmentsOf(part)).toBeLessThanOrEqual(10);
    });
    // Whole paragraphs per part: no paragraph is cut when each fits.
    expect(parts.map(withoutSuffix).join('\n\n')).toBe(`${first}\n\n${second}\n\n${third}`);
    expect(parts.map(withoutSuffix)).toContain(third);
  });

  it('falls back to lines, then sentences, and never cuts inside a word', () => {
    const lines = Array.from({ length: 40 }, (_, index) => sentence(index));
    const byLine = splitSms(lines.join('\n'));
    expect(byLine.length).toBe(3);
    for (const part of byLine)
      expect(
        withoutSuffix(part)
          .split('\n')
          .every((line) => lines.includes(line)),
      ).toBe(true);

    const oneParagraph = paragraph(1, 40);
    const bySentence = splitSms(oneParagraph);
    expect(bySentence.length).toBe(Math.ceil(oneParagraph.length / 1524));
    for (const part of bySentence) expect(withoutSuffix(part)).toMatch(/^Sentence number \d+ .*visit\.$/);

    const words = Array.from({ length: 600 }, (_, index) => `word${index}`).join(' ');
    const byWord = splitSms(words);
    const rejoined = byWord.map(withoutSuffix).join(' ');
    expect(rejoined).toBe(words);
  });

  it('uses the UCS-2 budget (67 per segment) when the text needs it', () => {
    const spanish = Array.from(
      { length: 30 },
      (_, index) => `La cita número ${index} está confirmada en la clínica.`,
    ).join(' ');
    const parts = splitSms(spanish);
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(670);
  });

  it('cuts a single overlong word by characters only because nothing else fits', () => {
    const link = `https://consulta.example.org/${'x'.repeat(2000)}`;
    const parts = splitSms(`See ${link}`);
    expect(parts.length).toBe(2);
    for (const part of parts) expect(smsLength(part)).toBeLessThanOrEqual(1530);
    expect(parts.map(withoutSuffix).join('')).toBe(`See ${link}`);
  });

  it('honours a smaller segment budget', () => {
    const parts = splitSms(paragraph(1, 3), { maxSegments: 1 });
    expect(parts.length).toBe(3);
    expect(parts[0]).toBe(`${sentence(1)} (1/3)`);
    for (const part of parts) expect(segmentsOf(part)).toBe(1);
  });
});
