import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPromptLibrary } from '@consulta/bot';
import { playedPromptKey, readPromptOverride, withPromptOverride } from './prompt-override';

describe('running the scenarios with a chosen prompt version', () => {
  const library = loadPromptLibrary();
  const english = library.select({ purpose: 'patient', locale: 'en' });

  it('stands in for the prompt the assistant picks for its purpose and language, and is recorded by its own name', () => {
    const overridden = withPromptOverride(library, { promptId: 'patient-system-medical', purpose: 'patient', domain: 'medical', locale: 'en', version: 7, body: 'Be brief.' });
    const picked = overridden.select({ purpose: 'patient', locale: 'en' });
    expect(picked).toMatchObject({ body: 'Be brief.', version: 7 });
    expect(playedPromptKey(picked)).toBe('patient-system-medical/medical/en@7');
    // Another language of the same purpose, and the other purpose, stay as shipped: version 0 in core-api's numbering.
    const spanish = library.select({ purpose: 'patient', locale: 'es' });
    expect(overridden.select({ purpose: 'patient', locale: 'es' })).toEqual({ ...spanish, version: 0 });
    expect(overridden.select({ purpose: 'professional', locale: 'en' })).toEqual({ ...library.select({ purpose: 'professional', locale: 'en' }), version: 0 });
    expect(playedPromptKey(withPromptOverride(library, undefined).select({ purpose: 'patient', locale: 'en' }))).toBe(`${english.id}/${english.domain}/${english.locale}@0`);
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
