/**
 * SMS length rules. A message that is all GSM-7 travels in segments of 153
 * characters (160 alone); one character outside it turns the whole message
 * into UCS-2, 67 per segment (70 alone). Carriers and handsets reassemble up
 * to about 10 segments reliably, so a part never exceeds that.
 */
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
// The extension table: each costs an escape plus the character.
const GSM_EXTENDED = new Set(Array.from('^{}\\[~]|€\f'));

export const isGsm7 = (text: string) =>
  Array.from(text).every((character) => GSM_BASIC.has(character) || GSM_EXTENDED.has(character));

/** Length as the network counts it: septets in GSM-7, UTF-16 code units in UCS-2. */
export function smsLength(text: string, gsm = isGsm7(text)): number {
  if (!gsm) return text.length;
  let length = 0;
  for (const character of text) length += GSM_EXTENDED.has(character) ? 2 : 1;
  return length;
}

export function segmentsOf(text: string): number {
  const gsm = isGsm7(text);
  const length = smsLength(text, gsm);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return length <= single ? 1 : Math.ceil(length / multi);
}

export interface SplitOptions {
  maxSegments?: number;
}

// Coarsest first: a paragraph break is the best place to cut, a bare space the last resort.
const boundaries: Array<{ pattern: RegExp; joiner: string }> = [
  { pattern: /\n\s*\n/, joiner: '\n\n' },
  { pattern: /\n/, joiner: '\n' },
  { pattern: /(?<=[.!?…:;])\s+/u, joiner: ' ' },
  { pattern: /\s+/, joiner: ' ' },
];

/**
 * Cuts a long reply into messages of at most `maxSegments` segments each,
 * at paragraph, then line, then sentence, then word boundaries, and numbers
 * the parts "(1/2)" because handsets may show them out of order.
 */
export function splitSms(text: string, options: SplitOptions = {}): string[] {
  const trimmed = text.trim();
  const gsm = isGsm7(trimmed);
  const maxSegments = options.maxSegments ?? 10;
  const limit = maxSegments === 1 ? (gsm ? 160 : 70) : maxSegments * (gsm ? 153 : 67);
  const measure = (part: string) => smsLength(part, gsm);
  if (measure(trimmed) <= limit) return [trimmed];

  // The numbering takes room from every part; a larger count needs a wider suffix.
  for (let widest = 9; ; widest = widest * 10 + 9) {
    const suffixLength = ` (${widest}/${widest})`.length;
    const parts = pack(trimmed, limit - suffixLength, 0, measure);
    if (parts.length <= widest) return parts.map((part, index) => `${part} (${index + 1}/${parts.length})`);
  }
}

function pack(text: string, budget: number, level: number, measure: (text: string) => number): string[] {
  if (measure(text) <= budget) return [text];
  const boundary = boundaries[level];
  if (!boundary) return hardCut(text, budget, measure);
  const parts: string[] = [];
  let current = '';
  for (const piece of text
    .split(boundary.pattern)
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    if (measure(piece) > budget) {
      // The piece needs finer cuts; its parts stand alone, and the next piece may join its tail.
      // Cut by characters, it may as well fill the part already begun.
      const byCharacters = level === boundaries.length - 1;
      if (current && !byCharacters) parts.push(current);
      const pieces = pack(
        byCharacters && current ? `${current}${boundary.joiner}${piece}` : piece,
        budget,
        level + 1,
        measure,
      );
      parts.push(...pieces.slice(0, -1));
      current = pieces.at(-1) ?? '';
      continue;
    }
    const joined = current ? `${current}${boundary.joiner}${piece}` : piece;
    if (measure(joined) <= budget) {
      current = joined;
    } else {
      parts.push(current);
      current = piece;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** Only for a single "word" longer than a whole message (a long link): cut by characters, never inside a surrogate pair. */
function hardCut(text: string, budget: number, measure: (text: string) => number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const character of text) {
    if (measure(current + character) > budget) {
      parts.push(current);
      current = '';
    }
    current += character;
  }
  if (current) parts.push(current);
  return parts;
}
