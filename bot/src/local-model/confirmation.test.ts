import { describe, expect, it } from 'vitest';
import { classifyIntent } from './understanding/index';
import { ConversationDriver, onlyCall } from './testing/conversation-driver';
import { appointment } from './testing/demo-directory';

const BEN = { userId: 'patient-ben', userName: 'Ben Carter', locale: 'en', timeZone: 'America/New_York' };
const ANA = { userId: 'patient-ana', userName: 'Ana García', locale: 'es', timeZone: 'Europe/Madrid' };
const found = (timeZone: string) => ({
  appointment: appointment('appt-seed-1', 'dr-lopez', 'derm-consult', '2026-12-08', '03:00', 'approved', timeZone),
  document: { id: 'doc-1', title: 'Appointment confirmation', createdAt: '2026-12-01T09:00:00.000Z' },
  generatedNow: false,
});

describe('"send me my confirmation"', () => {
  it('is its own intent in English and Spanish, and no other message is taken for it', () => {
    for (const text of ['Can you send me my confirmation?', 'I need the appointment confirmation', 'where is my confirmation', 'email me the confirmation please',
      'Envíame la confirmación', '¿Dónde está mi justificante?', 'necesito la confirmación de la cita']) {
      expect(classifyIntent(text).intent, text).toBe('my_confirmation');
    }
    for (const text of ['What appointments do I have coming up?', 'yes, confirm', 'Book Dr. Chen on Thursday and skip confirmation']) {
      expect(classifyIntent(text).intent, text).not.toBe('my_confirmation');
    }
  });

  it('calls get_my_confirmation and says where the PDF is', async () => {
    const chat = new ConversationDriver(BEN);
    const turn = await chat.user('Can you send me my confirmation?');
    expect(onlyCall(turn)).toEqual({ name: 'get_my_confirmation', args: {} });
    expect((await chat.result(found('America/New_York'))).text).toBe(
      'Your confirmation of Dermatology consultation with Dr. Elena López on Tue 8 Dec, 03:00 is in your documents: “Appointment confirmation” (PDF).',
    );
  });

  it('answers in Spanish, and says so when there is no approved appointment', async () => {
    const chat = new ConversationDriver(ANA);
    expect(onlyCall(await chat.user('Envíame la confirmación de mi cita'))).toEqual({ name: 'get_my_confirmation', args: {} });
    const turn = await chat.result({ error: { code: 'no_approved_appointment', message: 'The user has no upcoming approved appointment.', hint: '' } });
    expect(turn.text).toBe('Solo las citas aprobadas tienen confirmación, y no tienes ninguna próxima. ¿Quieres ver tus citas?');
  });
});
