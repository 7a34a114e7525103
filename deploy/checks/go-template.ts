/**
 * A reader of Go template actions (`{{ … }}`), enough to check a Helm chart's
 * templates without rendering them: which blocks open and close, which named
 * templates are defined and included, which `.Values` paths are read.
 * It does not evaluate anything; see helm-chart.ts for what it is used for.
 */

export interface TemplateAction {
  /** The action's text without delimiters, trim markers or surrounding spaces. */
  text: string;
  /** 1-based line of the opening `{{`. */
  line: number;
}

/** Every `{{ … }}` action of a template, comments dropped; quoted strings may contain braces. */
export function readActions(source: string): { actions: TemplateAction[]; problems: string[] } {
  const actions: TemplateAction[] = [];
  const problems: string[] = [];
  let index = 0;
  while (true) {
    const open = source.indexOf('{{', index);
    if (open === -1) break;
    const line = source.slice(0, open).split('\n').length;
    let cursor = open + 2;
    let close = -1;
    while (cursor < source.length) {
      const character = source[cursor];
      if (character === '"' || character === '`') {
        cursor = skipString(source, cursor);
        continue;
      }
      if (source.startsWith('/*', cursor)) {
        const end = source.indexOf('*/', cursor + 2);
        cursor = end === -1 ? source.length : end + 2;
        continue;
      }
      if (source.startsWith('}}', cursor)) {
        close = cursor;
        break;
      }
      cursor += 1;
    }
    if (close === -1) {
      problems.push(`line ${line}: "{{" is never closed`);
      break;
    }
    const text = source
      .slice(open + 2, close)
      .replace(/^-\s/, '')
      .replace(/\s-$/, '')
      .trim();
    if (!/^\/\*[\s\S]*\*\/$/.test(text)) actions.push({ text, line });
    index = close + 2;
  }
  return { actions, problems };
}

function skipString(source: string, start: number): number {
  const quote = source[start];
  let cursor = start + 1;
  while (cursor < source.length && source[cursor] !== quote) {
    if (quote === '"' && source[cursor] === '\\') cursor += 1;
    cursor += 1;
  }
  return cursor + 1;
}

const openers = new Set(['if', 'range', 'with', 'define', 'block']);

/** Blocks must nest: every if/range/with/define/block has its end, else sits inside if/range/with, define only at the top. */
export function checkBlocks(actions: TemplateAction[]): string[] {
  const problems: string[] = [];
  const stack: TemplateAction[] = [];
  for (const action of actions) {
    const keyword = firstWord(action.text);
    if (openers.has(keyword)) {
      if (keyword === 'define' && stack.length > 0)
        problems.push(
          `line ${action.line}: "define" inside "${firstWord(stack.at(-1)!.text)}" (line ${stack.at(-1)!.line})`,
        );
      stack.push(action);
    } else if (keyword === 'else') {
      const top = stack.at(-1);
      if (!top || !['if', 'range', 'with'].includes(firstWord(top.text)))
        problems.push(`line ${action.line}: "else" outside an if, range or with`);
    } else if (keyword === 'end') {
      if (!stack.pop()) problems.push(`line ${action.line}: "end" without an open block`);
    }
  }
  for (const open of stack)
    problems.push(`line ${open.line}: "${firstWord(open.text)}" is never closed with "end"`);
  return problems;
}

function firstWord(text: string): string {
  return /^[A-Za-z_]+/.exec(text)?.[0] ?? '';
}

/** Names given to `define` (or `block`) in these actions. */
export function definedNames(actions: TemplateAction[]): Map<string, number> {
  const names = new Map<string, number>();
  for (const action of actions) {
    const match = /^(?:define|block)\s+"([^"]+)"/.exec(action.text);
    if (match) names.set(match[1]!, action.line);
  }
  return names;
}

/** Literal names passed to `include` or `template` (dynamic names such as `(print …)` are skipped). */
export function includedNames(actions: TemplateAction[]): Array<{ name: string; line: number }> {
  const found: Array<{ name: string; line: number }> = [];
  for (const action of actions) {
    for (const match of action.text.matchAll(/\b(?:include|template)\s+"([^"]+)"/g))
      found.push({ name: match[1]!, line: action.line });
  }
  return found;
}

/** Every `.Values.a.b` path read (also through `$.Values` or `.root.Values`), as ['a', 'b']. */
export function valuesPaths(actions: TemplateAction[]): Array<{ path: string[]; line: number }> {
  const found: Array<{ path: string[]; line: number }> = [];
  for (const action of actions) {
    const text = action.text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const match of text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) {
      found.push({ path: match[1]!.slice(1).split('.'), line: action.line });
    }
  }
  return found;
}

/**
 * Each define's body (its text up to the next define), so that a check can see
 * what a template pulls in through `include`. Returns name → body text.
 */
export function defineBodies(source: string): Map<string, string> {
  const bodies = new Map<string, string>();
  const starts = [...source.matchAll(/\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g)];
  starts.forEach((start, position) => {
    const from = start.index + start[0].length;
    const to = position + 1 < starts.length ? starts[position + 1]!.index : source.length;
    bodies.set(start[1]!, source.slice(from, to));
  });
  return bodies;
}

/** A template's text with the bodies of everything it includes appended, transitively. */
export function withIncludes(source: string, bodies: Map<string, string>): string {
  const seen = new Set<string>();
  const parts = [source];
  const queue = includedNames(readActions(source).actions).map(({ name }) => name);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const body = bodies.get(name);
    if (body === undefined) continue;
    parts.push(body);
    queue.push(...includedNames(readActions(body).actions).map((included) => included.name));
  }
  return parts.join('\n');
}
