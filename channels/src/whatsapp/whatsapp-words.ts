import { detectLocale as detectFromWords } from '../sms/sms-words';

export type WhatsappLocale = 'en' | 'es';

/** The channel's own words; the assistant's replies arrive already in the patient's language. */
const words = {
  en: {
    failed: 'Sorry, something went wrong on our side. Please try again in a moment.',
    filesNotYet: "I can't receive files here yet. Please tell me in a message what you need.",
    fileNotReceived: "I couldn't receive your file. Please send it again in a moment.",
    textOnly: 'I can only read text messages here for now. Please tell me in a message what you need.',
    chooseOne: 'Choose one:',
    listButton: 'Choose',
    listSection: 'Options',
    moreOnRequest: (shown: number, total: number) => `${shown} of ${total} shown. Ask me for more.`,
    stopped: "You won't receive more messages from us here. Send START to receive them again.",
    started: 'You will receive our messages here again.',
  },
  es: {
    failed: 'Lo siento, algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.',
    filesNotYet: 'Todavía no puedo recibir archivos por aquí. Cuéntame en un mensaje lo que necesitas.',
    fileNotReceived: 'No he podido recibir tu archivo. Vuelve a enviarlo en un momento.',
    textOnly: 'Por ahora solo puedo leer mensajes de texto aquí. Cuéntame en un mensaje lo que necesitas.',
    chooseOne: 'Elige una opción:',
    listButton: 'Elegir',
    listSection: 'Opciones',
    moreOnRequest: (shown: number, total: number) => `Se muestran ${shown} de ${total}. Pídeme más.`,
    stopped: 'No recibirás más mensajes nuestros por aquí. Envía START para volver a recibirlos.',
    started: 'Volverás a recibir nuestros mensajes por aquí.',
  },
};

export type WhatsappWords = (typeof words)['en'];

export const wordsFor = (locale: WhatsappLocale): WhatsappWords => words[locale];

export const toWhatsappLocale = (locale: string | null | undefined): WhatsappLocale | undefined =>
  locale?.toLowerCase().startsWith('es') ? 'es' : locale?.toLowerCase().startsWith('en') ? 'en' : undefined;

/** WhatsApp does not say which language a number writes in; the SMS channel's word lists tell the two apart. */
export const detectLocale = (text: string): WhatsappLocale | undefined => detectFromWords(text);
