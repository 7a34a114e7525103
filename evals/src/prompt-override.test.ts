import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPromptLibrary } from '@consulta/bot';
import { playedPromptKey, readPromptOverride, withPromptOverride } from './prompt-override';

describe('running the scenarios with a chosen prompt version', () => {
  const library = loadPromptLibrary();
  const english = library.select({ purpose: 'patient', locale: 'en' });

  it('stands in for its own prompt wherever the assistant picks it, and is recorded by its own name', () => {
    const overridden = withPromptOverride(library, { promptId: 'patient-system-medical', purpose: 'patient', domain: 'medical', locale: 'en', version: 7, body: 'Be brief.' });
    // Picked once a conversation is about medicine, as activating the version would.
    const picked = overridden.select({ purpose: 'patient', domain: 'medical', locale: 'en' });
    expect(picked).toMatchObject({ id: 'patient-system-medical', body: 'Be brief.', version: 7 });
    expect(playedPromptKey(picked)).toBe('patient-system-medical/medical/en@7');
    // The general prompt, another language of the same purpose, and the other purpose stay as
    // shipped: version 0 in core-api's numbering.
    expect(overridden.select({ purpose: 'patient', locale: 'en' })).toEqual({ ...english, version: 0 });
    expect(overridden.select({ purpose: 'patient', domain: 'legal', locale: 'en' })).toEqual({ ...library.select({ purpose: 'patient', domain: 'legal', locale: 'en' }), version: 0 });
    const spanish = library.select({ purpose: 'patient', domain: 'medical', locale: 'es' });
    expect(overridden.select({ purpose: 'patient', domain: 'medical', locale: 'es' })).toEqual({ ...spanish, version: 0 });
    expect(overridden.select({ purpose: 'professional', locale: 'en' })).toEqual({ ...library.select({ purpose: 'professional', locale: 'en' }), version: 0 });
    expect(playedPromptKey(withPromptOverride(library, undefined).select({ purpose: 'patient', locale: 'en' }))).toBe(`${english.id}/${english.domain}/${english.locale}@0`);
    // A version of the general prompt plays before and outside a domain, not in place of the domain's.
    const general = withPromptOverride(library, { promptId: 'patient-system', purpose: 'patient', domain: 'all', locale: 'en', version: 2, body: 'Hi' });
    expect(general.select({ purpose: 'patient', locale: 'en' })).toMatchObject({ id: 'patient-system', body: 'Hi', version: 2 });
    expect(general.select({ purpose: 'patient', domain: 'medical', locale: 'en' })).toMatchObject({ id: 'patient-system-medical', version: 0 });
  });

  it('leaves a Spanish conversation on the Spanish prompt, whatever its domain', () => {
    expect(library.select({ purpose: 'patient', domain: 'medical', locale: 'es' })).toMatchObject({ id: 'patient-system', locale: 'es' });
  });

  it('reads the prompt file, naming the file and the bad field', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'prompt-override-'));
    const good = path.join(folder, 'good.json');
    const content = { promptId: 'patient-system', purpose: 'patient', domain: 'all', locale: 'en', version: 2, body: 'Hi' };
    writeFileSync(good, JSON.stringify(content));
    expect(readPromptOverride(good)).toEqual(content);
    const bad = path.join(folder, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...content, version: -1 }));
    expect(() => readPromptOverride(bad)).toThrow(`${bad}: version:`);
    const broken = path.join(folder, 'broken.json');
    writeFileSync(broken, '{');
    expect(() => readPromptOverride(broken)).toThrow(broken);
  });
});
