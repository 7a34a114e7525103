/**
 * Turns a simple validation pattern into words for the user:
 * "^[0-9]{8}[A-Z]$" → "8 digits followed by 1 letter". Only character classes,
 * literals and counts are described; anything fancier returns null and the
 * caller falls back to a generic sentence.
 */

const CLASS_NAMES: Readonly<Record<string, [string, string]>> = {
  '0-9': ['digit', 'digits'],
  '\\d': ['digit', 'digits'],
  'A-Z': ['letter', 'letters'],
  'a-z': ['letter', 'letters'],
  'A-Za-z': ['letter', 'letters'],
  'a-zA-Z': ['letter', 'letters'],
  'A-Z0-9': ['letter or digit', 'letters or digits'],
  '0-9A-Z': ['letter or digit', 'letters or digits'],
};

/**
 * A short English description of the pattern, or null when it is too complex.
 *
 * @example
 * describePattern('^[0-9]{8}[A-Z]$') // => '8 digits followed by 1 letter'
 * describePattern('^[XYZ][0-9]{7}[A-Z]$') // => 'X, Y or Z followed by 7 digits followed by 1 letter'
 */
export function describePattern(pattern: string): string | null {
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  const parts: string[] = [];
  let literal = '';
  const piece = /(\[[^\]]+\]|\\d|[A-Za-z0-9 \-/.])(\{(\d+)(?:,(\d*))?\}|\+|\?|\*)?/y;
  let position = 0;
  while (position < body.length) {
    piece.lastIndex = position;
    const match = piece.exec(body);
    if (match === null) return null;
    position = piece.lastIndex;
    const unit = match[1] ?? '';
    // Fixed text such as the "ES" of an IBAN reads better as one quoted run.
    if (match[2] === undefined && !unit.startsWith('[') && unit !== '\\d') {
      literal += unit;
      continue;
    }
    if (literal !== '') parts.push(`"${literal}"`);
    literal = '';
    const described = describeUnit(unit, match[2], match[3], match[4]);
    if (described === null) return null;
    parts.push(described);
  }
  if (literal !== '') parts.push(`"${literal}"`);
  return parts.length === 0 ? null : parts.join(' followed by ');
}

function describeUnit(
  unit: string,
  quantifier: string | undefined,
  minimum: string | undefined,
  maximum: string | undefined,
): string | null {
  const inner = unit.startsWith('[') ? unit.slice(1, -1) : unit;
  let names = CLASS_NAMES[inner];
  if (names === undefined && unit.startsWith('[')) {
    if (!/^[A-Za-z0-9]+$/.test(inner)) return null;
    const choices = inner.split('');
    const list =
      choices.length === 1 ? (choices[0] ?? '') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
    names = [list, `characters from ${list}`];
  }
  if (names === undefined) names = [`"${unit}"`, `"${unit}" characters`];
  const count = countOf(quantifier, minimum, maximum);
  if (count === null) return null;
  if (count === '1') return CLASS_NAMES[inner] === undefined ? names[0] : `1 ${names[0]}`;
  return `${count} ${names[1]}`;
}

function countOf(
  quantifier: string | undefined,
  minimum: string | undefined,
  maximum: string | undefined,
): string | null {
  if (quantifier === undefined) return '1';
  if (quantifier === '+') return 'one or more';
  if (quantifier === '*' || quantifier === '?') return null;
  if (maximum === undefined) return minimum ?? null;
  if (maximum === '') return `at least ${minimum}`;
  return `${minimum} to ${maximum}`;
}
