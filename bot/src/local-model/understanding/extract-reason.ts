/**
 * Pulls the reason for the visit out of a booking sentence ("it's for a rash
 * on my arm" → "a rash on my arm"), so the professional sees it in advance
 * and the assistant need not ask again.
 */
import { foldText } from './normalize-text';

// Each lead-in ends right where the reason starts; the reason is cut later.
const LEAD_INS: readonly RegExp[] = [
  /\b(?:it'?s|it is|that'?s|this is|its|the (?:appointment|visit|booking) is|i'?m coming|i am coming|i'?m booking)\s+(?:for|about|regarding|because of)\s+/i,
  /\b(?:appointment|visit|consultation|session|check-?up|booking)\s+(?:for|about|regarding|because of)\s+/i,
  /\b(?:the )?reason(?: for the visit| for my visit)?(?: is)?\s*:?\s+/i,
  /\bbecause (?:of )?(?:i have |i'?ve got |i'?ve had |i am having |i'?m having |there'?s |there is )?/i,
  /\bi (?:have|'ve got|have got|'ve had|have had|am having|'m having|am suffering from|'m suffering from|suffer from)\s+/i,
  /\b(?:es|ser[ií]a|vengo|viene|la cita es|el motivo es)\s+(?:por|para)\s+/i,
  /\b(?:cita|consulta|visita|hora|sesi[oó]n)\s+(?:por|para)\s+/i,
  /\bmotivo(?: de la (?:cita|consulta|visita))?\s*:?\s+/i,
  /\bporque (?:tengo |me duele )?/i,
  /\btengo\s+/i,
  // Last, being the loosest: "a session tomorrow for my knee pain".
  /\bfor (?=(?:my|a|an|some) )/i,
];

// Symptom clauses worth keeping whole: "my knee hurts", "me duele la espalda".
const WHOLE_CLAUSES: readonly RegExp[] = [
  /\bmy [\p{L} ]{2,30}? (?:hurts|is hurting|has been hurting|is sore|aches|is itchy|is swollen)\b/iu,
  /\bme duelen? .+/iu,
];

const CUT_BEFORE = new RegExp(
  [
    '[.!?;¿¡]',
    ',\\s*(?:please|thanks|thank you|por favor|gracias|if possible|si es posible)',
    ',\\s*(?:can|could|would|will|is|are|do|does|when|what|where|how|and|but|so|i|puedo|puede|podr[ií]a|hay|tiene|tienen|cuando|qu[eé]|y|pero|quiero|necesito)\\b',
    '\\s+(?:please|por favor|thanks|thank you|gracias)\\b',
    '\\s+(?:on |this |next |for |el |este |para el )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)\\b',
    '\\s+(?:tomorrow|today|tonight|ma[nñ]ana|hoy|pasado ma[nñ]ana)\\b',
    '\\s+(?:at|a las?|around|about|sobre las) \\d',
    '\\s+(?:on the|el d[ií]a|el) \\d',
    '\\s+\\d{1,2}[:.]\\d{2}',
    '\\s+(?:next|this) (?:week|month)\\b',
    '\\s+(?:la )?(?:semana|mes) que viene\\b',
    '\\s+(?:in the|por la|de la|en la) (?:morning|afternoon|evening|ma[nñ]ana|tarde|noche)\\b',
    '\\s+(?:with|con) (?:the |el |la )?(?:dr|dra|doctor|doctora)\\b',
    "\\s+(?:and|but) (?:i|can|could|would|id|i'd|please)\\b",
    '\\s+(?:y|pero) (?:quiero|quisiera|me gustar[ií]a|necesito|puedo|podr[ií]a)\\b',
  ].join('|'),
  'i',
);

// What remains is not a reason when it only names who the visit is for,
// the booking itself, or a question.
const NOT_A_REASON =
  /^(?:me|myself|mi|m[ií]|yo|my (?:son|daughter|wife|husband|partner|child|kid|kids|children|baby|mother|father|mum|mom|dad|friend)|mi (?:hijo|hija|mujer|esposa|marido|esposo|pareja|beb[eé]|madre|padre|amigo|amiga)|(?:an? |una? )?(?:appointment|booking|cita|reserva|question|pregunta|duda|time|tiempo|hueco|availability|disponibilidad)|two|dos|\d+(?: people| personas)?|(?:an? |una? )?[\p{L} ]{0,30}(?:appointment|consultation|session|visit|check ?up|cita|consulta|sesion|visita))$/iu;

/**
 * The stated reason for the visit, or null when the message gives none.
 *
 * @example
 * extractReason("It's for a rash on my arm") // => 'a rash on my arm'
 * extractReason('quiero una cita, es por un dolor de espalda') // => 'un dolor de espalda'
 * extractReason('I need an appointment for my son next Tuesday') // => null
 */
export function extractReason(text: string): string | null {
  for (const clause of WHOLE_CLAUSES) {
    const match = clause.exec(text);
    if (match !== null) return cleaned(match[0]);
  }
  for (const leadIn of LEAD_INS) {
    const match = leadIn.exec(text);
    if (match === null) continue;
    const reason = cleaned(text.slice(match.index + match[0].length));
    if (reason !== null) return reason;
  }
  return null;
}

function cleaned(candidate: string): string | null {
  const cut = ` ${candidate}`.split(CUT_BEFORE)[0] ?? '';
  const reason = cut.replace(/^[\s,:;-]+|[\s,:;.!?-]+$/g, '');
  if (reason.length < 3 || reason.length > 200) return null;
  if (NOT_A_REASON.test(foldText(reason))) return null;
  return reason;
}
