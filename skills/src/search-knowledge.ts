import { unwrap } from '@consulta/core-api/client';
import type { SkillInput, SkillResults } from './contract';
import type { SkillContext } from './skill-context';

/** The organisation's own texts that answer a question, each with the document it comes from. */
export async function run(input: SkillInput<'search_knowledge'>, context: SkillContext): Promise<SkillResults['search_knowledge']> {
  const locale = context.user.locale.slice(0, 2);
  const found = await unwrap(
    context.api.GET('/api/v1/knowledge/search', {
      params: { query: { q: input.question, locale, domainId: input.domain, professionalId: input.professionalId, limit: 5 } },
    }),
  );
  return {
    passages: found.passages.map((passage) => ({
      source: { documentId: passage.documentId, title: passage.title, section: passage.heading },
      text: passage.content,
    })),
    instruction:
      found.passages.length === 0
        ? 'Nothing in the organisation\'s documents answers this. Say you do not know, invent nothing, and offer to pass the question to a person.'
        : 'Answer only from these passages, in the user\'s language, and name the source title. If they do not answer the question, say you do not know and offer a person.',
  };
}
