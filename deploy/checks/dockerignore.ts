/**
 * .dockerignore matching as Docker applies it to the build context: patterns
 * in order, the last that matches a path (or one of its parent folders) wins,
 * `!` re-includes, `*` and `?` stay within one path segment, `**` spans any.
 */
export function createDockerignore(text: string): (relativePath: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      return { negated, pattern: toRegExp(pattern) };
    });
  return (relativePath) => {
    const clean = relativePath.replace(/^\.\//, '').replace(/\/+$/, '');
    const segments = clean.split('/');
    const candidates = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
    let excluded = false;
    for (const rule of rules) {
      // Docker tests a pattern against the path and its parents: `bench` excludes bench/run.ts.
      const matches = rule.negated
        ? rule.pattern.test(clean)
        : candidates.some((candidate) => rule.pattern.test(candidate));
      if (matches) excluded = !rule.negated;
    }
    return excluded;
  };
}

function toRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index]!;
    if (pattern.startsWith('**/', index)) {
      source += '(?:.*/)?';
      index += 2;
    } else if (pattern.startsWith('**', index)) {
      source += '.*';
      index += 1;
    } else if (character === '*') source += '[^/]*';
    else if (character === '?') source += '[^/]';
    else source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
