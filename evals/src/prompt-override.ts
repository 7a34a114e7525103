import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PromptLibrary } from '@consulta/bot';

export const PromptOverrideSchema = z.object({
  promptId: z.string().min(1),
  purpose: z.enum(['patient', 'professional']),
  domain: z.string().min(1),
  locale: z.string().min(2),
  version: z.number().int().min(0),
  body: z.string().min(1),
});
/** A stored prompt version to run the scenarios with instead of the shipped file (the admin's eval runs). */
export type PromptOverride = z.infer<typeof PromptOverrideSchema>;

/** Reads `--prompt-file`: one JSON object; errors name the file and the field. */
export function readPromptOverride(file: string): PromptOverride {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const parsed = PromptOverrideSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The library as the evals play it, numbered as core-api numbers prompt
 * versions (0 is the shipped file, 1… are stored versions), so a run records
 * `promptId/domain/locale@version` that the admin UI can line up with the
 * stored versions. With an override, its body stands in for its own prompt
 * (same id and language) wherever the assistant picks that one, as activating
 * it would: a domain's prompt only once a conversation is about the domain.
 * The run records the override's name for those steps. Scenario databases are
 * fresh seeds with nothing activated, so the library's body is what the
 * assistant uses.
 */
export function withPromptOverride(library: PromptLibrary, override: PromptOverride | undefined): PromptLibrary {
  const language = (locale: string) => locale.slice(0, 2);
  const matches = (prompt: { id: string; locale: string }) =>
    override !== undefined && prompt.id === override.promptId && language(prompt.locale) === language(override.locale);
  const played = <T extends { id: string; purpose: string; domain: string; locale: string; body: string; version: number }>(prompt: T): T =>
    matches(prompt)
      ? { ...prompt, domain: override!.domain, locale: override!.locale, body: override!.body, version: override!.version }
      : { ...prompt, version: 0 };
  return {
    all: () => library.all().map(played),
    select: (options) => played(library.select(options)),
  };
}

/** How a run names the prompt it played: `promptId/domain/locale@version`. */
export const playedPromptKey = (prompt: { id: string; domain: string; locale: string; version: number }) =>
  `${prompt.id}/${prompt.domain}/${prompt.locale}@${prompt.version}`;
