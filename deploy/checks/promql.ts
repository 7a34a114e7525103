/**
 * A small reader of PromQL expressions: the series selectors (metric name and
 * label matchers) and the labels named in by/without/on/ignoring/group_* lists.
 * It tokenises; it does not evaluate or fully parse PromQL.
 */

export interface LabelMatcher {
  label: string;
  operator: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface SeriesSelector {
  metric: string;
  matchers: LabelMatcher[];
}

export interface PromqlReading {
  selectors: SeriesSelector[];
  groupingLabels: string[];
  functions: string[];
  problems: string[];
}

const aggregations = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);
const keywords = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'atan2',
  'inf',
  'nan',
  'start',
  'end',
]);
const groupingKeywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const functions = new Set(
  (
    'abs absent absent_over_time avg_over_time ceil changes clamp clamp_max clamp_min count_over_time day_of_month day_of_week day_of_year ' +
    'days_in_month delta deriv exp floor histogram_avg histogram_count histogram_fraction histogram_quantile histogram_stddev histogram_stdvar ' +
    'histogram_sum holt_winters hour idelta increase irate label_join label_replace last_over_time ln log10 log2 mad_over_time max_over_time ' +
    'min_over_time minute month predict_linear present_over_time quantile_over_time rate resets round scalar sgn sort sort_desc sort_by_label ' +
    'sort_by_label_desc sqrt stddev_over_time stdvar_over_time sum_over_time time timestamp vector year acos acosh asin asinh atan atanh cos ' +
    'cosh sin sinh tan tanh deg pi rad'
  ).split(' '),
);

type Token = { kind: 'identifier' | 'string' | 'matchers' | 'range' | 'symbol' | 'number'; text: string };

function tokenize(expression: string, problems: string[]): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const rest = expression.slice(index);
    const character = expression[index]!;
    if (/\s/.test(character)) {
      index += 1;
    } else if (character === '#') {
      const newline = expression.indexOf('\n', index);
      index = newline === -1 ? expression.length : newline;
    } else if (character === '"' || character === "'" || character === '`') {
      let end = index + 1;
      while (end < expression.length && expression[end] !== character)
        end += expression[end] === '\\' && character !== '`' ? 2 : 1;
      if (end >= expression.length) problems.push(`unterminated string at ${index}`);
      tokens.push({ kind: 'string', text: expression.slice(index + 1, end) });
      index = end + 1;
    } else if (character === '{' || character === '[') {
      const close = character === '{' ? '}' : ']';
      let end = index + 1;
      while (end < expression.length && expression[end] !== close) {
        if (expression[end] === '"' || expression[end] === "'") {
          const quote = expression[end];
          end += 1;
          while (end < expression.length && expression[end] !== quote)
            end += expression[end] === '\\' ? 2 : 1;
        }
        end += 1;
      }
      if (end >= expression.length) problems.push(`"${character}" at ${index} is never closed`);
      tokens.push({ kind: character === '{' ? 'matchers' : 'range', text: expression.slice(index + 1, end) });
      index = end + 1;
    } else {
      const number = /^(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?(?:ms|s|m|h|d|w|y)?)/.exec(rest);
      const identifier = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(rest);
      if (number && !identifier) {
        tokens.push({ kind: 'number', text: number[0] });
        index += number[0].length;
      } else if (identifier) {
        tokens.push({ kind: 'identifier', text: identifier[0] });
        index += identifier[0].length;
      } else {
        tokens.push({ kind: 'symbol', text: character });
        index += 1;
      }
    }
  }
  return tokens;
}

/** Parses `label op "value", …` inside braces. */
function readMatchers(text: string, problems: string[]): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  const pattern =
    /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*(,|$)/y;
  let index = 0;
  while (index < text.length && text.slice(index).trim() !== '') {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) {
      problems.push(`cannot read label matchers {${text}}`);
      break;
    }
    matchers.push({
      label: match[1]!,
      operator: match[2] as LabelMatcher['operator'],
      value: match[3]!.slice(1, -1),
    });
    index = pattern.lastIndex;
  }
  return matchers;
}

export function readPromql(expression: string): PromqlReading {
  const problems: string[] = [];
  const tokens = tokenize(expression, problems);
  const selectors: SeriesSelector[] = [];
  const groupingLabels: string[] = [];
  const used: string[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'symbol' && token.text === '(') depth += 1;
    if (token.kind === 'symbol' && token.text === ')') depth -= 1;
    if (depth < 0) problems.push('")" without "("');
  }
  if (depth > 0) problems.push('"(" is never closed');
  for (let position = 0; position < tokens.length; position += 1) {
    const token = tokens[position]!;
    const next = tokens[position + 1];
    if (token.kind === 'matchers') {
      // A selector without a name: {__name__="…"}; its matchers are read but not checked against a metric.
      readMatchers(token.text, problems);
      continue;
    }
    if (token.kind !== 'identifier') continue;
    const word = token.text;
    if (groupingKeywords.has(word)) {
      if (next?.kind === 'symbol' && next.text === '(') {
        let cursor = position + 2;
        while (
          cursor < tokens.length &&
          !(tokens[cursor]!.kind === 'symbol' && tokens[cursor]!.text === ')')
        ) {
          if (tokens[cursor]!.kind === 'identifier') groupingLabels.push(tokens[cursor]!.text);
          cursor += 1;
        }
        position = cursor;
      }
      continue;
    }
    if (aggregations.has(word) || keywords.has(word)) continue;
    if (next?.kind === 'symbol' && next.text === '(') {
      used.push(word);
      if (!functions.has(word)) problems.push(`unknown function ${word}()`);
      continue;
    }
    const matchers = next?.kind === 'matchers' ? readMatchers(next.text, problems) : [];
    if (next?.kind === 'matchers') position += 1;
    selectors.push({ metric: word, matchers });
  }
  return { selectors, groupingLabels, functions: used, problems };
}
