/**
 * Text shaping for WhatsApp's limits: cutting a label to a title length,
 * keeping titles apart, splitting a long reply, and turning the model's
 * markdown into WhatsApp's own markup.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** One line, single spaces: titles and template parameters may not hold line breaks. */
export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * At most `max` characters (UTF-16 units: stricter than WhatsApp's count, so
 * an emoji can never tip a title over), ending in "…" when cut, at a word
 * boundary when one is close, and never through an emoji or accent.
 */
export function truncate(text: string, max: number): string {
  const flat = oneLine(text);
  if (flat.length <= max) return flat;
  let cut = '';
  for (const { segment } of graphemes.segment(flat)) {
    if (cut.length + segment.length > max - 1) break;
    cut += segment;
  }
  const space = cut.lastIndexOf(' ');
  // "Tue 8 Dec, 10:20…" reads better than "Tue 8 Dec, 10:20 wi…", unless that throws most of it away.
  if (flat[cut.length] !== ' ' && space >= Math.ceil(max * 0.6)) cut = cut.slice(0, space);
  const tidy = cut.replace(/[\s,;:.\-–—(/]+$/u, '');
  return `${tidy || cut}…`;
}

/**
 * Titles for a set of choices, each at most `max` characters and all
 * different (WhatsApp refuses repeated button titles, and two identical rows
 * would leave the patient guessing). When cutting makes two alike, every
 * title gets its number, which is also what a typed answer uses.
 */
export function uniqueTitles(labels: string[], max: number): string[] {
  const titles = labels.map((label, index) => truncate(plainText(label), max) || String(index + 1));
  if (new Set(titles.map((title) => title.toLowerCase())).size === titles.length) return titles;
  return labels.map((label, index) => truncate(`${index + 1}. ${plainText(label)}`, max));
}

/** Parts of at most `max` characters, cut between paragraphs, lines, sentences or words where possible. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = breakBefore(rest.slice(0, max));
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

function breakBefore(window: string): number {
  for (const separator of ['\n\n', '\n', '. ', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at > window.length / 2) return at + separator.length;
  }
  // No break in sight (a long link): cut anywhere but inside a surrogate pair.
  const last = window.charCodeAt(window.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? window.length - 1 : window.length;
}

/**
 * Models write markdown; WhatsApp has its own markup (*bold*, _italic_,
 * ~strike~) and shows the rest as typed. Links become "label (url)".
 */
export function toWhatsappMarkup(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/\*\*(\S(?:.*?\S)?)\*\*/g, '*$1*')
    .replace(/__(\S(?:.*?\S)?)__/g, '_$1_')
    .replace(/^#{1,6}\s+(.+?)\s*#*$/gm, '*$1*')
    .replace(/^(\s*)[*+]\s+/gm, '$1- ');
}

/** Without any markup: buttons and rows show it literally. */
export function plainText(text: string): string {
  return toWhatsappMarkup(text)
    .replace(/(\*|_|~|`)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/^\s*-\s+/gm, '');
}
