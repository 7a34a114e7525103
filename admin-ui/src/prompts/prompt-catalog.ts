import type { PromptVersion, ShippedPrompt } from '../api/admin-api';

export interface PromptKey {
  promptId: string;
  domain: string;
  locale: string;
}

/** Version 0 is the file shipped with the app; stored versions count up from 1. */
export interface CatalogVersion {
  version: number;
  body: string;
  note: string | null;
  createdBy: string;
  createdAt: string | null;
}

export interface CatalogEntry extends PromptKey {
  purpose: string | null;
  versions: CatalogVersion[];
}

export const keyOf = ({ promptId, domain, locale }: PromptKey) => `${promptId}|${domain}|${locale}`;

/**
 * Every prompt the admin can tune: the shipped files and any stored versions,
 * one entry per prompt, domain and locale, versions in order.
 */
export function buildCatalog(shipped: ShippedPrompt[], stored: PromptVersion[]): CatalogEntry[] {
  const entries = new Map<string, CatalogEntry>();
  for (const file of shipped) {
    entries.set(keyOf(file), {
      promptId: file.promptId, domain: file.domain, locale: file.locale, purpose: file.purpose,
      versions: [{ version: 0, body: file.body, note: 'Shipped with the app', createdBy: 'consulta', createdAt: null }],
    });
  }
  for (const version of stored) {
    const key = keyOf(version);
    const entry = entries.get(key) ?? { promptId: version.promptId, domain: version.domain, locale: version.locale, purpose: null, versions: [] };
    entry.versions.push({ version: version.version, body: version.body, note: version.note, createdBy: version.createdBy, createdAt: version.createdAt });
    entries.set(key, entry);
  }
  for (const entry of entries.values()) entry.versions.sort((a, b) => a.version - b.version);
  return [...entries.values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

export const versionLabel = (version: number) => (version === 0 ? 'version 0 (shipped)' : `version ${version}`);
