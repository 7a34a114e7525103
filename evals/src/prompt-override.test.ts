import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPromptLibrary } from '@consulta/bot';
import { playedPromptKey, readPromptOverride, withPromptOverride } from './prompt-override';

describe('running the scenarios with a chosen prompt version', () => {
  const library = loadPromptLibrary();
  const english = library.select({ purpose: 'patient', locale: 'en' });

  it('replaces the body and version of that prompt only, where the assistant picks it', () => {
    const overridden = withPromptOverride(library, { promptId: english.id, domain: english.domain, locale: english.locale, version: 7, body: 'Be brief.' });
    expect(overridden.select({ purpose: 'patient', locale: 'en' })).toMatchObject({ id: english.id, version: 7, body: 'Be brief.' });
    // Another locale of the same prompt, and other prompts, stay as shipped: version 0 in core-api's numbering.
    const spanish = library.select({ purpose: 'patient', locale: 'es' });
    expect(overridden.select({ purpose: 'patient', locale: 'es' })).toEqual({ ...spanish, version: 0 });
    expect(overridden.select({ purpose: 'professional', locale: 'en' })).toEqual({ ...library.select({ purpose: 'professional', locale: 'en' }), version: 0 });
    expect(withPromptOverride(library, undefined).select({ purpose: 'patient', locale: 'en' })).toEqual({ ...english, version: 0 });
    expect(playedPromptKey(overridden.select({ purpose: 'patient', locale: 'en' }))).toBe('patient-system/all/en@7');
  });

  it('reads the prompt file, naming the file and the bad field', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'prompt-override-'));
    const good = path.join(folder, 'good.json');
    writeFileSync(good, JSON.stringify({ promptId: 'patient-system', domain: 'all', locale: 'en', version: 2, body: 'Hi' }));
    expect(readPromptOverride(good)).toEqual({ promptId: 'patient-system', domain: 'all', locale: 'en', version: 2, body: 'Hi' });
    const bad = path.join(folder, 'bad.json');
    writeFileSync(bad, JSON.stringify({ promptId: 'patient-system', domain: 'all', locale: 'en', version: -1, body: 'Hi' }));
    expect(() => readPromptOverride(bad)).toThrow(`${bad}: version:`);
    const broken = path.join(folder, 'broken.json');
    writeFileSync(broken, '{');
    expect(() => readPromptOverride(broken)).toThrow(broken);
  });
});
