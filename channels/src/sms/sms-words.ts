export type SmsLocale = 'en' | 'es' | 'fr';

const list = (numbers: number[], or: string) => `${numbers.slice(0, -1).join(', ')} ${or} ${numbers.at(-1)}`;

const words = {
  en: {
    help: (service: string) =>
      `${service}: book, change or cancel your appointments by replying to this number. Reply STOP to stop messages, START to receive them again.`,
    failed: 'Sorry, something went wrong on our side. Please try again in a moment.',
    replyWith: (count: number) => {
      if (count === 1) return 'Reply 1';
      if (count <= 4) return `Reply ${list(range(count), 'or')}`;
      return `Reply with a number from 1 to ${count}`;
    },
    replyWithKeys: (choices: KeyedChoice[]) => `Reply ${phrase(choices.map(({ key, label }) => `${key} to ${lower(label)}`), 'or')}`,
  },
  es: {
    help: (service: string) =>
      `${service}: pide, cambia o anula tus citas respondiendo a este número. Responde STOP para dejar de recibir mensajes y START para volver a recibirlos.`,
    failed: 'Lo siento, algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.',
    replyWith: (count: number) => {
      if (count === 1) return 'Responde 1';
      if (count <= 4) return `Responde ${list(range(count), 'o')}`;
      return `Responde con un número del 1 al ${count}`;
    },
    replyWithKeys: (choices: KeyedChoice[]) => `Responde ${phrase(choices.map(({ key, label }) => `${key} para ${lower(label)}`), 'o')}`,
  },
  // Messages the patient did not ask for (reminders) follow their profile's language, French included;
  // what they write is read in English or Spanish.
  fr: {
    help: (service: string) =>
      `${service} : prenez, déplacez ou annulez vos rendez-vous en répondant à ce numéro. Répondez STOP pour ne plus recevoir de messages, START pour les recevoir à nouveau.`,
    failed: 'Désolé, une erreur est survenue de notre côté. Veuillez réessayer dans un instant.',
    replyWith: (count: number) => {
      if (count === 1) return 'Répondez 1';
      if (count <= 4) return `Répondez ${list(range(count), 'ou')}`;
      return `Répondez par un numéro de 1 à ${count}`;
    },
    replyWithKeys: (choices: KeyedChoice[]) => `Répondez ${phrase(choices.map(({ key, label }) => `${key} pour ${lower(label)}`), 'ou')}`,
  },
};

interface KeyedChoice {
  key: string;
  label: string;
}
const phrase = (parts: string[], or: string) => (parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} ${or} ${parts.at(-1)}`);
const lower = (label: string) => label.charAt(0).toLocaleLowerCase() + label.slice(1);

const range = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

export const wordsFor = (locale: SmsLocale) => words[locale];

export const toSmsLocale = (locale: string | null | undefined): SmsLocale | undefined => {
  const language = locale?.toLowerCase().slice(0, 2);
  return language === 'es' || language === 'en' || language === 'fr' ? language : undefined;
};

// Words that are common in one language and rare in the other; enough to tell a patient's
// "quiero una cita mañana" from "can I book for tomorrow" without a language model.
const spanishWords = new Set(
  'hola buenos buenas gracias quiero quisiera necesito cita citas puedo para por favor una los las el del con mañana tarde hoy semana cuando cuándo dónde qué está estoy tengo mi sí vale ayuda anular cambiar cancelar médico médica lunes martes miércoles jueves viernes sábado domingo'.split(
    ' ',
  ),
);
const englishWords = new Set(
  'hello hi hey thanks thank want need appointment appointments can could would please the for with tomorrow today week when where what is am have my yes okay ok help book change cancel doctor monday tuesday wednesday thursday friday saturday sunday'.split(
    ' ',
  ),
);

/** A language guess from the words of one message, or undefined when it says too little ("2", "ok?"). */
export function detectLocale(text: string): SmsLocale | undefined {
  const lower = text.toLowerCase();
  let spanish = /[ñ¿¡áíóú]/u.test(lower) ? 1 : 0;
  let english = 0;
  for (const word of lower.split(/[^\p{L}]+/u)) {
    if (spanishWords.has(word)) spanish += 1;
    if (englishWords.has(word)) english += 1;
  }
  if (spanish === english) return undefined;
  return spanish > english ? 'es' : 'en';
}
