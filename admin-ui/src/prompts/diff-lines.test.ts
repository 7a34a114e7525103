import { describe, expect, it } from 'vitest';
import { diffLines, diffSummary } from './diff-lines';

describe('diffLines', () => {
  it('keeps common lines and marks a replaced line as removed then added', () => {
    expect(diffLines('one\ntwo\nthree', 'one\n2\nthree')).toEqual([
      { kind: 'same', text: 'one', oldNumber: 1, newNumber: 1 },
      { kind: 'removed', text: 'two', oldNumber: 2 },
      { kind: 'added', text: '2', newNumber: 2 },
      { kind: 'same', text: 'three', oldNumber: 3, newNumber: 3 },
    ]);
  });

  it('finds the shortest edit when lines move', () => {
    const lines = diffLines('a\nb\nc\nd', 'b\nc\nd\na');
    expect(diffSummary(lines)).toEqual({ added: 1, removed: 1 });
    expect(lines.filter((line) => line.kind === 'same').map((line) => line.text)).toEqual(['b', 'c', 'd']);
  });

  it('handles empty texts and identical texts', () => {
    expect(diffSummary(diffLines('', 'new'))).toEqual({ added: 1, removed: 1 });
    expect(diffSummary(diffLines('same\ntext', 'same\ntext'))).toEqual({ added: 0, removed: 0 });
    expect(diffLines('x', '')).toEqual([{ kind: 'removed', text: 'x', oldNumber: 1 }, { kind: 'added', text: '', newNumber: 1 }]);
  });
});
