import { describe, expect, it } from 'vitest';
import { classifyIntent, type Intent } from './classify-intent';

const intentOf = (text: string): Intent => classifyIntent(text).intent;

describe('classifyIntent in English', () => {
  it.each<[string, Intent]>([
    ["Hi, I'd like a dermatology appointment next Tuesday morning", 'book'],
    ['a dermatology appointment next Tuesday at 10:20', 'book'],
    ['I need a physio', 'book'],
    ['book me in with the physio', 'book'],
    ["Can I see Dr. Chen on Thursday at 9am? It's for a sore throat.", 'book'],
    ['what times are free next week?', 'see_slots'],
    ['do you have anything on Friday?', 'see_slots'],
    ['is Dr Lopez available tomorrow?', 'see_slots'],
    ['I need to move my appointment', 'reschedule'],
    ['can we change it to another day?', 'reschedule'],
    ['cancel my appointment on the 8th', 'cancel'],
    ['what appointments do I have?', 'my_appointments'],
    ['when is my next appointment?', 'my_appointments'],
    ['can you put me on the waiting list?', 'waitlist'],
    ['can I talk to a person?', 'handoff'],
    ['what should I take for my headache?', 'advice'],
    ['what cream should I put on my rash?', 'advice'],
    ['will I win custody?', 'advice'],
    ['is this mole cancer?', 'advice'],
    ['do you accept my insurance?', 'question'],
    ['how much does a consultation cost?', 'question'],
    ["what's your cancellation policy?", 'question'],
    ['is there parking?', 'question'],
    ['hello', 'greeting'],
    ['thanks a lot!', 'thanks'],
    ["what's the weather like?", 'off_topic'],
    ['asdfgh', 'unknown'],
  ])('%s → %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });
});

describe('classifyIntent in Spanish', () => {
  it.each<[string, Intent]>([
    ['Quiero una cita con la dermatóloga el jueves a las 10', 'book'],
    ['quiero pedir cita con el médico de cabecera', 'book'],
    ['¿Qué horas tenéis libres el jueves?', 'see_slots'],
    ['quiero cambiar mi cita al viernes', 'reschedule'],
    ['Necesito cancelar mi cita', 'cancel'],
    ['¿Qué citas tengo?', 'my_appointments'],
    ['apúntame en la lista de espera', 'waitlist'],
    ['¿Puedo hablar con una persona?', 'handoff'],
    ['¿qué pastilla tomo?', 'advice'],
    ['¿es grave?', 'advice'],
    ['¿aceptan mi seguro?', 'question'],
    ['¿Cuánto cuesta la consulta?', 'question'],
    ['hola', 'greeting'],
    ['muchas gracias', 'thanks'],
    ['cuéntame un chiste', 'off_topic'],
  ])('%s → %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });
});

describe('classifyIntent confidence', () => {
  it('is high for explicit phrases, lower for weak cues and zero when unknown', () => {
    expect(classifyIntent('cancel my appointment on the 8th').confidence).toBeGreaterThanOrEqual(0.9);
    expect(classifyIntent("It's for a rash on my arm")).toEqual({ intent: 'book', confidence: 0.5 });
    expect(classifyIntent('10:20 please')).toEqual({ intent: 'unknown', confidence: 0 });
    expect(classifyIntent('')).toEqual({ intent: 'unknown', confidence: 0 });
  });

  it('lets a request outweigh the greeting before it', () => {
    expect(classifyIntent('Hi, can I cancel my appointment?').intent).toBe('cancel');
  });
});
