import { createCoreApiClient, unwrap } from '@consulta/core-api/client';
import type { PromptFile } from '../assistant/prompt-library';
import { AdminError } from './admin-session';

export interface PromptVersionKey {
  promptId: string;
  domain: string;
  locale: string;
  version: number;
}

/**
 * The text of one prompt version: 0 is the shipped file, the others are read
 * from core-api with the admin's own token (core-api decides who may see
 * them). Unknown versions are a 404 `version_not_found`.
 */
export function createPromptVersionReader(options: {
  coreApi: { baseUrl: string; fetch?: typeof fetch };
  shipped: () => Array<Pick<PromptFile, 'id' | 'domain' | 'locale' | 'body'>>;
}) {
  return async (token: string, wanted: PromptVersionKey): Promise<string> => {
    const { promptId, domain, locale, version } = wanted;
    const notFound = () => new AdminError(404, 'version_not_found', `${promptId} (${domain}, ${locale}) has no version ${version}.`);
    if (version === 0) {
      const shipped = options.shipped().find((prompt) => prompt.id === promptId && prompt.domain === domain && prompt.locale === locale);
      if (!shipped) throw notFound();
      return shipped.body;
    }
    const api = createCoreApiClient({ ...options.coreApi, token });
    const versions = await unwrap(api.GET('/api/v1/prompts/versions', { params: { query: { promptId } } }));
    const found = versions.find((candidate) => candidate.domain === domain && candidate.locale === locale && candidate.version === version);
    if (!found) throw notFound();
    return found.body;
  };
}

export type PromptVersionReader = ReturnType<typeof createPromptVersionReader>;
