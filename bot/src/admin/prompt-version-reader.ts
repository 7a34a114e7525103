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
  shipped: () => Array<Pick<PromptFile, 'id' | 'purpose' | 'domain' | 'locale' | 'body'>>;
}) {
  /** The version's text, and the purpose (patient or professional) of the prompt it is a version of. */
  return async (token: string, wanted: PromptVersionKey): Promise<{ body: string; purpose: PromptFile['purpose'] }> => {
    const { promptId, domain, locale, version } = wanted;
    const notFound = () => new AdminError(404, 'version_not_found', `${promptId} (${domain}, ${locale}) has no version ${version}.`);
    // Every prompt the assistant can use ships as a file; a stored version of anything else would never run.
    const shipped = options.shipped().find((prompt) => prompt.id === promptId && prompt.domain === domain && prompt.locale === locale);
    if (!shipped) throw notFound();
    if (version === 0) return { body: shipped.body, purpose: shipped.purpose };
    const api = createCoreApiClient({ ...options.coreApi, token });
    const versions = await unwrap(api.GET('/api/v1/prompts/versions', { params: { query: { promptId } } }));
    const found = versions.find((candidate) => candidate.domain === domain && candidate.locale === locale && candidate.version === version);
    if (!found) throw notFound();
    return { body: found.body, purpose: shipped.purpose };
  };
}

export type PromptVersionReader = ReturnType<typeof createPromptVersionReader>;
