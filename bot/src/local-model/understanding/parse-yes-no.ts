/**
 * Reads a confirmation answer ("yes", "vale", "mejor no") to a yes/no
 * question such as "Shall I book Tuesday at 10:20?".
 */
import { foldText, plainText } from './normalize-text';

const YES_START =
  /^(?:yes|yeah|yep|yup|ya|sure|ok|okay|k|confirm(?:ed)?|correct|right|absolutely|definitely|of course|perfect|great|fine|good|sounds good|go ahead|please do|do it|book it|claro|vale|venga|dale|de acuerdo|correcto|perfecto|exacto|por supuesto|adelante|confirmo|confirmado|bien|genial|eso es|afirmativo)\b/;
const YES_ANYWHERE =
  /\b(?:please do|go ahead|sounds (?:good|great|perfect)|that works|works for me|thats (?:right|correct|fine|perfect|great)|lets do (?:it|that)|book it|confirm|de acuerdo|me parece bien|me va bien|me viene bien|perfecto|adelante|claro que si)\b/;
// Unaccented "si" is also Spanish for "if" ("si puedes, mejor mañana"), so it
// only counts as yes on its own or before a courtesy word; "sí" always does.
const SPANISH_YES =
  /^(?:¡\s*)?(?:sí\b|si\s*(?:[,.!;]|$|(?:por favor|claro|gracias|vale|perfecto|eso|exacto|seguro|confirmo|adelante|de acuerdo|correcto)\b))/i;
const NO_START =
  /^(?:no|nope|nah|negative|not really|not now|never mind|nevermind|cancel that|dont|do not|mejor no|para nada|ni hablar|olvidalo|dejalo|tampoco|que no)\b/;
const NO_ANYWHERE =
  /\b(?:cancel that|dont|do not|not that one|no thanks|no thank you|no gracias|mejor no|prefiero que no|changed my mind|cambiado de opinion|wrong|incorrect|incorrecto|thats not)\b/;

/**
 * 'yes', 'no', or null when the answer is unclear or says both
 * ("yes, don't book it").
 *
 * @example
 * parseYesNo('Sure, please do') // => 'yes'
 * parseYesNo('mejor no') // => 'no'
 * parseYesNo('maybe') // => null
 */
export function parseYesNo(text: string): 'yes' | 'no' | null {
  const plain = plainText(text);
  if (plain === '') return null;
  const startsYes =
    YES_START.test(plain) || SPANISH_YES.test(text.trim()) || SPANISH_YES.test(foldText(text));
  const yes = startsYes || YES_ANYWHERE.test(plain);
  const no = NO_START.test(plain) || NO_ANYWHERE.test(plain);
  if (yes && no) {
    // "No, that's fine" and "sí, no hay problema" lead with the real answer.
    if (NO_START.test(plain) && !startsYes) return 'no';
    if (startsYes && !NO_START.test(plain) && !NO_ANYWHERE.test(plain)) return 'yes';
    return null;
  }
  if (yes) return 'yes';
  if (no) return 'no';
  return null;
}
