/**
 * Turns the passages search_knowledge found into an answer the local model
 * can give without inventing anything: a quote of the best passage, from the
 * sentence that shares the most words with the question, with the source named.
 */
import { foldText } from './understanding/normalize-text';
import type { SkillResults } from './skill-contract';

type Passage = SkillResults['search_knowledge']['passages'][number];

const MAXIMUM_SENTENCES = 3;

export interface KnowledgeAnswer {
  text: string;
  source: string;
}

/**
 * @example
 * answerFromPassages('where do I park in Madrid?', passages)
 * // => { text: 'Parking: the public car park at Plaza de Felipe II is 200 metres away; …', source: 'Addresses, parking and getting here › Madrid' }
 */
export function answerFromPassages(question: string, passages: Passage[]): KnowledgeAnswer | null {
  // The search's order is the better judge of meaning; only a price asked for and found lower down overrides it.
  const priced = PRICE_QUESTION.test(foldText(question)) ? passages.find((passage) => PRICE.test(passage.text)) : undefined;
  const passage = priced ?? passages[0];
  if (passage === undefined) return null;
  return { text: quote(splitSentences(passage.text), words(question)), source: passage.source.section || passage.source.title };
}

const PRICE_QUESTION = /\b(?:how much|cost|costs|price|prices|fee|fees|charge|cheaper|cuanto|cuesta|cuestan|precio|precios|vale|tarifa|cobr\w*)\b/;
const PRICE = /\d+\s?(?:EUR|USD|GBP)\b|[€$£]\s?\d/;

/** The sentence sharing the most words with the question, and the ones after it (up to three in all). */
function quote(sentences: string[], asked: string[]): string {
  const scores = sentences.map((sentence) => {
    const present = words(sentence);
    const matches = (word: string) => present.filter((other) => other.startsWith(word) || word.startsWith(other)).length;
    // Question words found, then how often: "Parking … street parking" beats a mere "Madrid".
    return asked.reduce((score, word) => score + (matches(word) > 0 ? 1 + 0.1 * matches(word) : 0), 0);
  });
  const anchor = scores.indexOf(Math.max(...scores));
  return sentences.slice(anchor, anchor + MAXIMUM_SENTENCES).join(' ');
}

function splitSentences(text: string): string[] {
  return text
    .split(/\n+/)
    .map((line) => line.replace(/^\s*[-*]\s+/, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split(/(?<=[.!?])\s+/))
    .reduce<string[]>((sentences, piece) => {
      // "Dr. Wei Chen" is one sentence, not two.
      const previous = sentences.at(-1);
      if (previous !== undefined && ABBREVIATION.test(previous)) sentences[sentences.length - 1] = `${previous} ${piece}`;
      else sentences.push(piece);
      return sentences;
    }, [])
    .filter((sentence) => sentence.length > 0);
}

const ABBREVIATION = /\b(?:Dr|Dra|Mr|Mrs|Ms|Sr|Sra|Srta|St|Prof|No|e\.g|i\.e)\.$/;

// Words of four letters or more, cut to six: "prepare" meets "preparation", "park" meets "parking".
function words(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 3)
    .map((word) => word.slice(0, 6));
}
