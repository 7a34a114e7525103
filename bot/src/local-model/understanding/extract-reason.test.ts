import { describe, expect, it } from 'vitest';
import { extractReason } from './extract-reason';

describe('extractReason in English', () => {
  it.each([
    ["It's for a rash on my arm", 'a rash on my arm'],
    ["I'd like an appointment for a check-up next Tuesday", 'a check-up'],
    ["an appointment for my son's rash", "my son's rash"],
    ['I have back pain, can I see the physio tomorrow?', 'back pain'],
    ["I'd like to book because of a persistent cough, on Tuesday at 10", 'a persistent cough'],
    ['my knee hurts when I run', 'my knee hurts'],
    ['The reason is: follow-up of my blood test', 'follow-up of my blood test'],
    ["I'd like a physiotherapy session tomorrow for my knee pain", 'my knee pain'],
    ['I want to see Dr. López on December 8 at 9:00 for a follow-up on my acne', 'a follow-up on my acne'],
  ])('%s → %s', (text, reason) => {
    expect(extractReason(text)).toBe(reason);
  });

  it.each([
    "Hi, I'd like a dermatology appointment next Tuesday morning",
    'I need an appointment for my son next Tuesday',
    'I have an appointment on Tuesday',
    'book me for tomorrow at 10 please',
    'I have a question',
    '10:20 please',
    'Can I book for a dermatology appointment?',
  ])('finds no reason in %s', (text) => {
    expect(extractReason(text)).toBeNull();
  });
});

describe('extractReason in Spanish', () => {
  it.each([
    ['quiero una cita, es por un dolor de espalda', 'un dolor de espalda'],
    ['tengo un sarpullido en el brazo', 'un sarpullido en el brazo'],
    ['me duele la cabeza, ¿puedo ir mañana?', 'me duele la cabeza'],
    ['cita para una revisión de lunares el jueves', 'una revisión de lunares'],
  ])('%s → %s', (text, reason) => {
    expect(extractReason(text)).toBe(reason);
  });

  it.each(['Quiero una cita con la dermatóloga el jueves a las 10', 'es para el martes', 'es para mi hijo'])(
    'finds no reason in %s',
    (text) => {
      expect(extractReason(text)).toBeNull();
    },
  );
});
