/**
 * Finds which professionals or services of the directory a message refers to,
 * by name ("Dr. Lopes", "Elena") or by specialty ("skin doctor", "fisio").
 */
import { mentionedSpecialties, specialtyKey } from './match-specialty';
import { tokenize, wordSet } from './normalize-text';
import { SERVICE_WORD_GROUPS } from './specialty-words';
import { GENERIC_NAME_WORDS, STOP_WORDS } from './stop-words';
import { wordSimilarity } from './string-similarity';

/**
 * A bookable professional or service of the organisation.
 *
 * @example
 * const entry: DirectoryEntry = { id: 's1', name: 'Mole check', specialty: 'Dermatology', kind: 'service' };
 */
export interface DirectoryEntry {
  id: string;
  name: string;
  specialty: string;
  kind: 'professional' | 'service';
}

/**
 * @example
 * const match: DirectoryMatch = { entry, score: 0.9 };
 */
export interface DirectoryMatch {
  entry: DirectoryEntry;
  /** 0–1: at least 0.6 when a name was recognised, 0.45–0.5 for the specialty alone. */
  score: number;
}

// Titles and linking words that users and the directory add or drop at will.
const TITLES_AND_LINKS = wordSet('dr dra doctor doctora mr mrs ms sr sra de del la las los y and of the');
const SPECIALTY_ONLY_SCORE = 0.5;
// Someone asking for "a dermatologist" wants a person first; the services of
// that specialty stay in the list just below.
const SERVICE_SPECIALTY_ONLY_SCORE = 0.45;
const SPECIALTY_BONUS = 0.15;
const MINIMUM_NAME_COVERAGE = 0.2;

const CANONICAL_WORD = new Map(
  SERVICE_WORD_GROUPS.flatMap((group) => group.map((word) => [word, group[0] ?? word] as const)),
);

/**
 * Directory entries the text plausibly refers to, best first; empty when none.
 * Names are matched word by word, accent- and case-insensitively, with typo
 * tolerance; rare name words weigh more than common ones ("Dental").
 *
 * @example
 * const entries = [
 *   { id: 'p1', name: 'Dra. Elena López', specialty: 'Dermatology', kind: 'professional' },
 *   { id: 's1', name: 'Mole check', specialty: 'Dermatology', kind: 'service' },
 * ];
 * matchDirectory('doctora Lopes', entries)[0]?.entry.id // => 'p1'
 * matchDirectory('revisión de lunares', entries)[0]?.entry.id // => 's1'
 */
export function matchDirectory(text: string, entries: DirectoryEntry[]): DirectoryMatch[] {
  const textWords = tokenize(text)
    .map(canonicalWord)
    .filter((word) => !TITLES_AND_LINKS.has(word));
  const specialties = new Set(mentionedSpecialties(text));
  const nameWords = entries.map((entry) => nameWordsOf(entry.name));
  const rarity = wordRarity(nameWords);
  const similarityTo = similarityFinder(textWords);
  const specialtyKeys = new Map<string, string>();
  const keyOf = (label: string): string => {
    const known = specialtyKeys.get(label) ?? specialtyKey(label);
    specialtyKeys.set(label, known);
    return known;
  };

  const matches: Array<DirectoryMatch & { weight: number }> = [];
  entries.forEach((entry, index) => {
    const name = scoreName(nameWords[index] ?? [], similarityTo, rarity);
    const specialtyMatches = specialties.has(keyOf(entry.specialty));
    let score = 0;
    if (name.plausible)
      score = Math.min(1, 0.5 + 0.5 * name.coverage + (specialtyMatches ? SPECIALTY_BONUS : 0));
    else if (specialtyMatches)
      score = entry.kind === 'service' ? SERVICE_SPECIALTY_ONLY_SCORE : SPECIALTY_ONLY_SCORE;
    if (score > 0)
      matches.push({ entry, score: Math.round(score * 1000) / 1000, weight: name.matchedWeight });
  });
  return matches
    .sort((left, right) => right.score - left.score || right.weight - left.weight)
    .map(({ entry, score }) => ({ entry, score }));
}

function canonicalWord(word: string): string {
  return CANONICAL_WORD.get(word) ?? word;
}

// Initials ("J.") and titles carry no identity: users drop or add them freely,
// unless the initials are all there is ("C K Dental Lab").
function nameWordsOf(name: string): string[] {
  const words = tokenize(name)
    .map(canonicalWord)
    .filter((word) => !TITLES_AND_LINKS.has(word));
  const withoutInitials = words.filter((word) => word.length > 1);
  return withoutInitials.some(isDistinctive) ? withoutInitials : words;
}

function wordRarity(names: string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const words of names) for (const word of new Set(words)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const rarity = new Map<string, number>();
  for (const [word, count] of counts) {
    const common = STOP_WORDS.has(word) || GENERIC_NAME_WORDS.has(word) ? 0.5 : 1;
    rarity.set(word, Math.log(1 + names.length / count) * common);
  }
  return rarity;
}

function isDistinctive(word: string): boolean {
  return (word.length === 1 || !STOP_WORDS.has(word)) && !GENERIC_NAME_WORDS.has(word);
}

function scoreName(
  nameWords: string[],
  similarityTo: (nameWord: string) => number,
  rarity: Map<string, number>,
): { coverage: number; matchedWeight: number; plausible: boolean } {
  let total = 0;
  let matchedWeight = 0;
  let distinctiveHit = false;
  for (const nameWord of nameWords) {
    const weight = rarity.get(nameWord) ?? 0;
    const similarity = similarityTo(nameWord);
    total += weight;
    matchedWeight += weight * similarity;
    if (similarity > 0 && isDistinctive(nameWord)) distinctiveHit = true;
  }
  const coverage = total === 0 ? 0 : matchedWeight / total;
  return { coverage, matchedWeight, plausible: distinctiveHit && coverage >= MINIMUM_NAME_COVERAGE };
}

// Best similarity of a name word to any word of the text, memoised because
// large directories repeat words ("Dental", "Lee") across many names.
function similarityFinder(textWords: string[]): (nameWord: string) => number {
  const exact = new Set(textWords);
  const fuzzyCandidates = textWords.filter(isDistinctive);
  const memo = new Map<string, number>();
  return (nameWord) => {
    const known = memo.get(nameWord);
    if (known !== undefined) return known;
    let best = exact.has(nameWord) ? 1 : 0;
    // Everyday words must match exactly: "book" is not a typo of "Bock".
    if (best === 0 && isDistinctive(nameWord)) {
      for (const textWord of fuzzyCandidates) best = Math.max(best, wordSimilarity(nameWord, textWord));
    }
    memo.set(nameWord, best);
    return best;
  };
}
