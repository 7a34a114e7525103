export interface Chunk {
  /** The document title and the headings above the passage: "Parking › Bicycles". */
  heading: string;
  content: string;
}

const MAXIMUM_CHARACTERS = 900;

/**
 * Splits a document into passages an answer can quote: one per markdown
 * section (headings `#`…`######`), and sections longer than about 900
 * characters split again between paragraphs, then between sentences. Plain
 * text has no headings and is split by size only. Every passage keeps its
 * heading path, so a passage about "Bicycles" still says it is about parking.
 *
 * @example
 * chunkDocument('Parking', 'markdown', '## Cars\nUse level -1.\n## Bicycles\nRacks at the door.')
 * // => [{ heading: 'Parking › Cars', content: 'Use level -1.' }, { heading: 'Parking › Bicycles', content: 'Racks at the door.' }]
 */
export function chunkDocument(title: string, format: 'markdown' | 'text', body: string): Chunk[] {
  const sections = format === 'markdown' ? markdownSections(title, body) : [{ heading: title, content: body.trim() }];
  return sections.flatMap((section) => splitBySize(section.content).map((content) => ({ heading: section.heading, content })));
}

function markdownSections(title: string, body: string): Chunk[] {
  const sections: Chunk[] = [];
  const path: string[] = [];
  let lines: string[] = [];
  const flush = () => {
    const content = lines.join('\n').trim();
    if (content) sections.push({ heading: [title, ...path.filter(Boolean)].join(' › '), content });
    lines = [];
  };
  for (const line of body.split(/\r?\n/)) {
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) {
      lines.push(line);
      continue;
    }
    flush();
    const level = heading[1]!.length;
    const text = heading[2]!;
    // A level-1 heading repeating the title adds nothing to the path.
    if (level === 1 && text.trim().toLowerCase() === title.trim().toLowerCase()) {
      path.length = 0;
      continue;
    }
    path.length = level - 1;
    path[level - 1] = text;
  }
  flush();
  return sections;
}

function splitBySize(text: string): string[] {
  if (text.length <= MAXIMUM_CHARACTERS) return text ? [text] : [];
  const pieces = text.split(/\n\s*\n/).flatMap((paragraph) =>
    paragraph.length <= MAXIMUM_CHARACTERS ? [paragraph.trim()] : (paragraph.match(/[^.!?]+[.!?]*\s*/g) ?? [paragraph]).map((sentence) => sentence.trim()),
  );
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces.filter(Boolean)) {
    if (current && current.length + piece.length + 2 > MAXIMUM_CHARACTERS) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${piece}` : piece;
  }
  if (current) chunks.push(current);
  return chunks;
}
