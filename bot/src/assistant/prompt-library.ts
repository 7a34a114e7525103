import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

export const promptsDirectory = fileURLToPath(new URL('../../../prompts', import.meta.url));

const frontMatterSchema = z.object({
  id: z.string().min(1),
  purpose: z.enum(['patient', 'professional']),
  domain: z.string().min(1),
  locale: z.string().min(2),
  version: z.number().int().positive(),
});

export interface PromptFile extends z.infer<typeof frontMatterSchema> {
  file: string;
  body: string;
}

/**
 * Parses one prompt file: YAML front matter between `---` lines, then the text.
 * Errors name the file and the field.
 */
export function parsePromptFile(text: string, file: string): PromptFile {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${file}: a prompt file starts with front matter between --- lines`);
  const front = frontMatterSchema.safeParse(parse(match[1]!));
  if (!front.success) {
    const issue = front.error.issues[0]!;
    throw new Error(`${file}: front matter ${issue.path.join('.')}: ${issue.message}`);
  }
  return { ...front.data, file, body: match[2]!.trim() };
}

export interface PromptLibrary {
  /** The best prompt for a purpose, domain and locale, falling back to any domain, then English. */
  select(options: { purpose: PromptFile['purpose']; domain?: string; locale: string }): PromptFile;
  all(): PromptFile[];
}

export function loadPromptLibrary(directory = promptsDirectory): PromptLibrary {
  const prompts = readdirSync(directory)
    .filter((name) => name.endsWith('.md'))
    .map((name) => parsePromptFile(readFileSync(path.join(directory, name), 'utf8'), name));
  return {
    all: () => prompts,
    select({ purpose, domain = 'all', locale }) {
      const language = locale.slice(0, 2);
      const preferences: Array<[string, string]> = [
        [domain, language], ['all', language], [domain, 'en'], ['all', 'en'],
      ];
      for (const [wantedDomain, wantedLocale] of preferences) {
        const found = prompts
          .filter((prompt) => prompt.purpose === purpose && prompt.domain === wantedDomain && prompt.locale === wantedLocale)
          .sort((a, b) => b.version - a.version)[0];
        if (found) return found;
      }
      throw new Error(`No prompt for purpose "${purpose}"`);
    },
  };
}

/** Fills `{{name}}` placeholders; unknown ones stay visible so a broken prompt is noticed. */
export function renderPrompt(body: string, values: Record<string, string>): string {
  return body.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}
