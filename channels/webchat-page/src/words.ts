import type { Locale } from './page-api';

export const words: Record<Locale, Record<'subtitle' | 'chatAs' | 'visitor' | 'language' | 'loading' | 'failed' | 'placeholder', string>> = {
  en: {
    subtitle: 'Book, move or cancel an appointment by chatting.',
    chatAs: 'Chat as',
    visitor: 'Visitor',
    language: 'Language',
    loading: 'Connecting…',
    failed: 'The chat could not start',
    placeholder: 'Type your message',
  },
  es: {
    subtitle: 'Pide, cambia o anula una cita chateando.',
    chatAs: 'Chatear como',
    visitor: 'Visitante',
    language: 'Idioma',
    loading: 'Conectando…',
    failed: 'El chat no ha podido empezar',
    placeholder: 'Escribe tu mensaje',
  },
};

/** Web Chat's own strings follow its locale prop. */
export const webChatLocale: Record<Locale, string> = { en: 'en-US', es: 'es-ES' };
