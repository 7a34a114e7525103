import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SeedError } from './seed-error';

/**
 * Knowledge documents kept as markdown files, one folder per locale
 * (`knowledge/en/prices.md`), each opening with YAML front matter that names
 * its id and title (and optionally `domain` or `professional`). Editors
 * write plain markdown; the seed validates the rest.
 *
 * @example
 * readKnowledgeFolder('core-api/src/seed/knowledge')[0] // => { id: 'address-and-parking-en', locale: 'en', title: …, body: … }
 */
export function readKnowledgeFolder(folder: string): Array<Record<string, unknown>> {
  if (!existsSync(folder)) return [];
  const documents: Array<Record<string, unknown>> = [];
  for (const locale of readdirSync(folder).sort()) {
    const localeFolder = path.join(folder, locale);
    if (!/^[a-z]{2}(-[A-Z]{2})?$/.test(locale)) continue;
    for (const file of readdirSync(localeFolder).filter((name) => name.endsWith('.md')).sort()) {
      const text = readFileSync(path.join(localeFolder, file), 'utf8');
      const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
      if (!match) throw new SeedError(`knowledge/${locale}/${file}: must start with front matter between --- lines`);
      const front = parse(match[1]!) as Record<string, unknown> | null;
      documents.push({ ...front, locale, format: 'markdown', body: match[2]!.trim() });
    }
  }
  return documents;
}
