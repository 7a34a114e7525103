/**
 * Picks the reply language from the user's own words, so a patient who
 * switches to Spanish mid-conversation gets Spanish back.
 */
import { ENGLISH_WORDS, SPANISH_ENDINGS, SPANISH_WORDS } from './locale-words';
import { tokenize } from './normalize-text';

/**
 * Reply language.
 *
 * @example
 * const locale: Locale = 'es';
 */
export type Locale = 'en' | 'es';

// Characters that only Spanish uses; accents on names ("López") are too weak a
// signal on their own, so plain accented vowels are not counted.
const SPANISH_MARKS = /[ñ¿¡]/g;

/**
 * The language of the message, or `fallback` when it gives no clear sign
 * ("10:20", "ok", "no", a bare name).
 *
 * @example
 * detectLocale('Quiero una cita con la dermatóloga', 'en') // => 'es'
 * detectLocale('10:20', 'es') // => 'es'
 */
export function detectLocale(text: string, fallback: Locale): Locale {
  const marks = (text.match(SPANISH_MARKS) ?? []).length;
  const tokens = tokenize(text);
  let spanish = marks * 2;
  let english = 0;
  for (const token of tokens) {
    if (SPANISH_WORDS.has(token) || SPANISH_ENDINGS.test(token)) spanish += 1;
    if (ENGLISH_WORDS.has(token)) english += 1;
  }
  if (spanish > english) return 'es';
  if (english > spanish) return 'en';
  return fallback;
}
