/**
 * Recognises specialties by any of their names or telltale problems, in
 * either language, with typo tolerance on long words ("dermatologyst").
 */
import { containsPhrase, plainText, tokenize } from './normalize-text';
import { SPECIALTIES } from './specialty-words';
import { wordSimilarity } from './string-similarity';

interface PhraseHit {
  key: string;
  start: number;
  end: number;
}

/**
 * Canonical keys of the specialties mentioned in the text. A phrase inside a
 * longer one is ignored, so "physical therapy" does not also mean "therapy".
 *
 * @example
 * mentionedSpecialties('I need a skin doctor') // => ['dermatology']
 * mentionedSpecialties('necesito un abogado para el divorcio') // => ['family law']
 */
export function mentionedSpecialties(text: string): string[] {
  const plain = plainText(text);
  const hits: PhraseHit[] = [];
  for (const { key, phrases } of SPECIALTIES) {
    for (const phrase of phrases) {
      const index = findPhrase(plain, phrase);
      if (index !== null) hits.push({ key, start: index, end: index + phrase.length });
    }
  }
  hits.push(...fuzzyHits(plain, hits));
  const kept = hits.filter(
    (hit) =>
      !hits.some(
        (other) =>
          other !== hit &&
          other.start <= hit.start &&
          other.end >= hit.end &&
          other.end - other.start > hit.end - hit.start,
      ),
  );
  return [...new Set(kept.map((hit) => hit.key))];
}

/**
 * Canonical key of a directory entry's specialty label ("Dermatología",
 * "Family Law"), or the folded label itself when it is not in the vocabulary.
 *
 * @example
 * specialtyKey('Fisioterapia') // => 'physiotherapy'
 */
export function specialtyKey(label: string): string {
  const plain = plainText(label);
  for (const { key, phrases } of SPECIALTIES) {
    if (plain === key || phrases.includes(plain)) return key;
  }
  for (const { key, phrases } of SPECIALTIES) {
    if (phrases.some((phrase) => phrase.includes(' ') && containsPhrase(plain, phrase))) return key;
  }
  return plain;
}

function findPhrase(plain: string, phrase: string): number | null {
  const padded = ` ${plain} `;
  const index = padded.indexOf(` ${phrase} `);
  return index === -1 ? null : index;
}

// Typos only on long single words: short ones ("gp", "skin") collide with
// ordinary words too easily.
function fuzzyHits(plain: string, exactHits: PhraseHit[]): PhraseHit[] {
  const hits: PhraseHit[] = [];
  let offset = 0;
  for (const token of tokenize(plain)) {
    const start = plain.indexOf(token, offset);
    offset = start + token.length;
    if (token.length < 7 || exactHits.some((hit) => hit.start <= start && hit.end >= offset)) continue;
    for (const { key, phrases } of SPECIALTIES) {
      const close = phrases.some(
        (phrase) => !phrase.includes(' ') && phrase.length >= 7 && wordSimilarity(phrase, token) > 0,
      );
      if (close) hits.push({ key, start, end: offset });
    }
  }
  return hits;
}
