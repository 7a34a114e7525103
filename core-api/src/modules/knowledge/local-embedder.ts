import type { Embedder } from './embedder';

/**
 * An embedder that needs no network and gives the same vector for the same
 * text on every machine: words, word pairs and character trigrams hashed into
 * a fixed number of signed buckets (the "hashing trick"), log-scaled and
 * normalised. It knows no synonyms, but it matches inflections ("prepare",
 * "preparation"), accents and case, which is what FAQ questions mostly need.
 */
export function createLocalEmbedder(dimension = 512): Embedder {
  return {
    id: `local-hash-v1/${dimension}`,
    dimension,
    async embed(texts) {
      return texts.map((text) => embedOne(text, dimension));
    },
  };
}

const WORD_WEIGHT = 1;
const PAIR_WEIGHT = 0.6;
const TRIGRAM_WEIGHT = 0.35;

// Words too common to tell two passages apart, in the languages of the demo set.
const STOP_WORDS = new Set(
  `a an the and or of to in on at for with by from is are was be been do does did can could should would will
  i me my you your we our it its this that these those what which who when where how if as not no yes there
  please any have has had am
  el la los las un una unos unas de del al y o u que en con por para mi mis tu su sus es son esta este esto
  se lo le les me te nos hay como cual cuales cuando donde si no ya muy mas pero`.split(/\s+/),
);

/** Lower case, accents removed, only letters and digits: "¿Dónde aparco?" → "donde aparco". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Content words of a text, folded and lightly stemmed (plural and common derivational endings). */
export function contentWords(text: string): string[] {
  return foldText(text)
    .split(' ')
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map(stem);
}

function stem(word: string): string {
  if (word.length <= 4) return word;
  const endings = ['ations', 'ation', 'iones', 'cion', 'ings', 'ing', 'ies', 'es', 's', 'ed'];
  for (const ending of endings) {
    if (word.endsWith(ending) && word.length - ending.length >= 4) return word.slice(0, -ending.length);
  }
  return word;
}

function embedOne(text: string, dimension: number): number[] {
  const vector = new Float64Array(dimension);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    const sign = hash & 0x8000_0000 ? -1 : 1;
    vector[hash % dimension]! += sign * weight;
  };
  const words = contentWords(text);
  words.forEach((word, index) => {
    add(`w:${word}`, WORD_WEIGHT);
    if (index > 0) add(`p:${words[index - 1]} ${word}`, PAIR_WEIGHT);
    const padded = `^${word}$`;
    for (let start = 0; start + 3 <= padded.length; start += 1) add(`c:${padded.slice(start, start + 3)}`, TRIGRAM_WEIGHT);
  });
  // Log scaling keeps a word repeated ten times from drowning the rest.
  let norm = 0;
  for (let index = 0; index < dimension; index += 1) {
    const value = vector[index]!;
    const scaled = Math.sign(value) * Math.log1p(Math.abs(value));
    vector[index] = scaled;
    norm += scaled * scaled;
  }
  norm = Math.sqrt(norm) || 1;
  return Array.from(vector, (value) => value / norm);
}

// 32-bit FNV-1a: fast, stable across platforms and Node versions, good enough spread for bucketing.
function fnv1a(text: string): number {
  let hash = 0x811c_9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x0100_0193);
  }
  return hash >>> 0;
}
