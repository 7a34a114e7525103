/**
 * Text normalisation shared by every matcher in this folder.
 *
 * Users type on phones: accents go missing ("lopez" for "López"), apostrophes
 * come in three shapes and capitals are random. Matching on a folded form keeps
 * the word lists small and lets one list serve both spellings.
 */

/**
 * Lower-cases, removes diacritics and unifies apostrophes and quotes.
 * Keeps punctuation, because times ("10:20") and dates ("12/04") need it.
 *
 * @example
 * foldText('¿Mañana a las 10?') // => '¿manana a las 10?'
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u00b4`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Folds the text and splits it into word tokens (letters and digits only).
 * Apostrophes are dropped rather than split on, so contractions stay one word
 * ("it's" → "its", "don't" → "dont", "O'Brien" → "obrien").
 *
 * @example
 * tokenize("Dr. López-García, it's") // => ['dr', 'lopez', 'garcia', 'its']
 */
export function tokenize(text: string): string[] {
  return foldText(text)
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

/**
 * Folds the text and replaces every non-word character with a single space, so
 * phrase lists can be matched with plain word-boundary regular expressions.
 *
 * @example
 * plainText("Can I talk to a person? I'd like that") // => 'can i talk to a person id like that'
 */
export function plainText(text: string): string {
  return tokenize(text).join(' ');
}

/**
 * Escapes a literal so it can be embedded in a regular expression.
 *
 * @example
 * escapeRegExp('a.b') // => 'a\\.b'
 */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when the plain (folded, punctuation-free) text contains the phrase as
 * whole words. The phrase must already be in plain form.
 *
 * @example
 * containsPhrase('i need a family doctor', 'family doctor') // => true
 * containsPhrase('physiology', 'physio') // => false
 */
export function containsPhrase(plain: string, phrase: string): boolean {
  return new RegExp(`(?:^| )${escapeRegExp(phrase)}(?: |$)`).test(plain);
}

/**
 * A set from a whitespace-separated word list; lines starting with "#" are
 * comments. Lets long vocabularies stay compact and readable.
 *
 * @example
 * wordSet(`
 *   # greetings
 *   hi hello hola
 * `) // => Set { 'hi', 'hello', 'hola' }
 */
export function wordSet(list: string): ReadonlySet<string> {
  const words = list
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join(' ')
    .split(/\s+/)
    .filter((word) => word !== '');
  return new Set(words);
}
