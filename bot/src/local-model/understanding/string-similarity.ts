/**
 * Typo tolerance for names and specialty words ("Lopes" for "Lopez",
 * "dermatologyst"). Optimal string alignment distance counts a swap of two
 * neighbouring letters as one edit, which is the most common phone typo.
 */

/**
 * Edit distance with insertions, deletions, substitutions and adjacent swaps.
 *
 * @example
 * editDistance('lopez', 'lopes') // => 1
 * editDistance('elnea', 'elena') // => 1
 */
export function editDistance(left: string, right: string): number {
  if (left === right) return 0;
  if (left.length === 0) return right.length;
  if (right.length === 0) return left.length;
  // Three rolling rows are enough for the swap rule, which looks two rows back.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let best = Math.min(
        (previous[column] ?? 0) + 1,
        (current[column - 1] ?? 0) + 1,
        (previous[column - 1] ?? 0) + cost,
      );
      const swapped =
        row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1];
      if (swapped) best = Math.min(best, (beforePrevious[column - 2] ?? 0) + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[right.length] ?? Math.max(left.length, right.length);
}

/**
 * How many typos a word of this length may carry and still count as the same
 * word. Short words get none: "ana" vs "ama" or "care" vs "dare" are different words.
 *
 * @example
 * allowedTypos('lopez') // => 1
 */
export function allowedTypos(word: string): number {
  if (word.length >= 9) return 2;
  if (word.length >= 5) return 1;
  return 0;
}

/**
 * Similarity in [0, 1] when the words are within the typo allowance, else 0.
 * Exact matches score 1; each typo costs a share proportional to the length.
 *
 * @example
 * wordSimilarity('lopez', 'lopes') // => 0.8
 * wordSimilarity('care', 'dare') // => 0
 */
export function wordSimilarity(expected: string, typed: string): number {
  if (expected === typed) return 1;
  const allowance = Math.min(allowedTypos(expected), allowedTypos(typed));
  if (allowance === 0 || Math.abs(expected.length - typed.length) > allowance) return 0;
  const distance = editDistance(expected, typed);
  if (distance > allowance) return 0;
  return 1 - distance / Math.max(expected.length, typed.length);
}
