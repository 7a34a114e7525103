export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
  /** Line number in the old text (same and removed lines). */
  oldNumber?: number;
  /** Line number in the new text (same and added lines). */
  newNumber?: number;
}

/**
 * A line diff by longest common subsequence: prompts are a few hundred lines
 * at most, so the quadratic table is cheap and the result is the shortest edit.
 * Removed lines come before the added lines that replace them.
 *
 * @example
 * diffLines('a\nb', 'a\nc'); // same a, removed b, added c
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const oldLines = before.split('\n');
  const newLines = after.split('\n');
  const rows = oldLines.length + 1;
  const columns = newLines.length + 1;
  // common[i][j]: length of the longest common subsequence of oldLines[i..] and newLines[j..].
  const common = new Uint32Array(rows * columns);
  for (let i = oldLines.length - 1; i >= 0; i -= 1) {
    for (let j = newLines.length - 1; j >= 0; j -= 1) {
      common[i * columns + j] =
        oldLines[i] === newLines[j] ? common[(i + 1) * columns + j + 1]! + 1 : Math.max(common[(i + 1) * columns + j]!, common[i * columns + j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < oldLines.length || j < newLines.length) {
    if (i < oldLines.length && j < newLines.length && oldLines[i] === newLines[j]) {
      lines.push({ kind: 'same', text: oldLines[i]!, oldNumber: i + 1, newNumber: j + 1 });
      i += 1;
      j += 1;
    } else if (j >= newLines.length || (i < oldLines.length && common[(i + 1) * columns + j]! >= common[i * columns + j + 1]!)) {
      lines.push({ kind: 'removed', text: oldLines[i]!, oldNumber: i + 1 });
      i += 1;
    } else {
      lines.push({ kind: 'added', text: newLines[j]!, newNumber: j + 1 });
      j += 1;
    }
  }
  return lines;
}

/** How many lines were added and removed. */
export function diffSummary(lines: DiffLine[]): { added: number; removed: number } {
  return { added: lines.filter((line) => line.kind === 'added').length, removed: lines.filter((line) => line.kind === 'removed').length };
}
