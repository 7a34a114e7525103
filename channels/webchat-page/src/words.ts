import type { Locale } from './page-api';

export interface Words {
  subtitle: string;
  chatAs: string;
  visitor: string;
  language: string;
  loading: string;
  failed: string;
  placeholder: string;
  verify: string;
  contact: string;
  sendCode: string;
  codeSent: (where: string) => string;
  confirm: string;
  verified: string;
}

export const words: Record<Locale, Words> = {
  en: {
    subtitle: 'Book, move or cancel an appointment by chatting.',
    chatAs: 'Chat as',
    visitor: 'Visitor',
    language: 'Language',
    loading: 'Connecting…',
    failed: 'The chat could not start',
    placeholder: 'Type your message',
    verify: "Verify it's me",
    contact: 'Your e-mail or phone number (+34…)',
    sendCode: 'Send me a code',
    codeSent: (where) => `The 6-digit code we sent to ${where}`,
    confirm: 'Verify',
    verified: 'Verified: the assistant can now book in your name.',
  },
  es: {
    subtitle: 'Pide, cambia o anula una cita chateando.',
    chatAs: 'Chatear como',
    visitor: 'Visitante',
    language: 'Idioma',
    loading: 'Conectando…',
    failed: 'El chat no ha podido empezar',
    placeholder: 'Escribe tu mensaje',
    verify: 'Verificar que soy yo',
    contact: 'Tu e-mail o teléfono (+34…)',
    sendCode: 'Enviarme un código',
    codeSent: (where) => `El código de 6 cifras que enviamos a ${where}`,
    confirm: 'Verificar',
    verified: 'Verificado: el asistente ya puede pedir citas a tu nombre.',
  },
};

/** Web Chat's own strings follow its locale prop. */
export const webChatLocale: Record<Locale, string> = { en: 'en-US', es: 'es-ES' };
