import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document';
import { contentWords, createLocalEmbedder, foldText } from './local-embedder';

describe('chunkDocument', () => {
  it('cuts markdown at headings and keeps the heading path on every passage', () => {
    const chunks = chunkDocument('Parking', 'markdown', '# Parking\nIntro.\n## Madrid\nLevel -1.\n### Bicycles\nRacks at the door.\n## London\nNo car park.');
    expect(chunks).toEqual([
      { heading: 'Parking', content: 'Intro.' },
      { heading: 'Parking › Madrid', content: 'Level -1.' },
      { heading: 'Parking › Madrid › Bicycles', content: 'Racks at the door.' },
      { heading: 'Parking › London', content: 'No car park.' },
    ]);
  });

  it('splits a long section between paragraphs, then sentences, never past the size limit', () => {
    const paragraph = 'This sentence is about forty-five characters. '.repeat(12).trim();
    const chunks = chunkDocument('Long', 'markdown', `## Part\n${paragraph}\n\n${paragraph}\n\n${'A'.repeat(100)}.`);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((chunk) => chunk.content.length <= 900 && chunk.heading === 'Long › Part')).toBe(true);
    expect(chunks.map((chunk) => chunk.content).join(' ').replace(/\s+/g, ' ')).toBe(`${paragraph} ${paragraph} ${'A'.repeat(100)}.`);
  });

  it('treats plain text as one section under the title', () => {
    expect(chunkDocument('Note', 'text', '# not a heading in plain text')).toEqual([{ heading: 'Note', content: '# not a heading in plain text' }]);
  });
});

describe('the local embedder', () => {
  it('is deterministic, unit length, and closer for related texts than for unrelated ones', async () => {
    const embedder = createLocalEmbedder(256);
    const [parking, parkingAgain, aparcar, football] = await embedder.embed([
      'Where can I park my car?', 'Where can I park my car?', 'Parking: the public car park is 200 metres away.', 'Who won the football match?',
    ]);
    const dot = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);
    expect(parking).toEqual(parkingAgain);
    expect(parking).toHaveLength(256);
    expect(dot(parking!, parking!)).toBeCloseTo(1, 6);
    expect(dot(parking!, aparcar!)).toBeGreaterThan(dot(parking!, football!) + 0.1);
  });

  it('folds accents and case and drops function words', () => {
    expect(foldText('¿Dónde APARCO?')).toBe('donde aparco');
    expect(contentWords('Where is the parking for appointments?')).toEqual(['park', 'appointment']);
  });
});
