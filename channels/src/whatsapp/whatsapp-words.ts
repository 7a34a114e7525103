import { detectLocale as detectFromWords } from '../sms/sms-words';

export type WhatsappLocale = 'en' | 'es' | 'fr';

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
  fr: {
    failed: 'Désolé, une erreur est survenue de notre côté. Veuillez réessayer dans un instant.',
    filesNotYet: 'Je ne peux pas encore recevoir de fichiers ici. Dites-moi dans un message ce dont vous avez besoin.',
    fileNotReceived: "Je n'ai pas pu recevoir votre fichier. Renvoyez-le dans un instant.",
    textOnly: 'Pour l’instant je ne lis que les messages texte ici. Dites-moi dans un message ce dont vous avez besoin.',
    chooseOne: 'Choisissez :',
    listButton: 'Choisir',
    listSection: 'Options',
    moreOnRequest: (shown: number, total: number) => `${shown} sur ${total} affichés. Demandez-m'en plus.`,
    stopped: 'Vous ne recevrez plus nos messages ici. Envoyez START pour les recevoir à nouveau.',
    started: 'Vous recevrez à nouveau nos messages ici.',
  },
};

export type WhatsappWords = (typeof words)['en'];

export const wordsFor = (locale: WhatsappLocale): WhatsappWords => words[locale];

export const toWhatsappLocale = (locale: string | null | undefined): WhatsappLocale | undefined => {
  const language = locale?.toLowerCase().slice(0, 2);
  return language === 'es' || language === 'en' || language === 'fr' ? language : undefined;
};

/** WhatsApp does not say which language a number writes in; the SMS channel's word lists tell the two apart. */
export const detectLocale = (text: string): WhatsappLocale | undefined => detectFromWords(text);
