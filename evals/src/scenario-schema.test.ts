import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSuites, loadScenarios } from './load-scenarios';
import { parseScenario } from './scenario-schema';

const valid = `
id: book-derm
tags: [booking]
now: 2026-12-01T09:00:00Z
channel: webchat
user:
  id: patient-ana
  turns: ["hello", "yes"]
expect:
  appointments:
    - { professional: dr-lopez, patient: patient-ana, service: derm-consult, start: 2026-12-08T10:20, status: requested }
  max_turns: 4
`;

describe('parseScenario', () => {
  it('reads a scenario with its defaults', () => {
    const scenario = parseScenario(valid, 'a.yaml');
    expect(scenario).toMatchObject({ id: 'book-derm', seed: 'demo', file: 'a.yaml', user: { locale: 'en', turns: ['hello', 'yes'] } });
    expect(scenario.expect).toMatchObject({ unchanged: [], no_new_appointments: false, replies_include: [], max_turns: 4 });
  });

  it('names the file and the field of each problem', () => {
    const broken = valid
      .replace('channel: webchat', 'channel: telegram')
      .replace('start: 2026-12-08T10:20', 'start: 2026-12-08T10:20:00Z')
      .replace('max_turns: 4', 'max_turns: 4\n  max_turn: 5');
    expect(() => parseScenario(broken, 'evals/scenarios/x.yaml')).toThrow(
      /evals\/scenarios\/x\.yaml: channel: .*\n.*x\.yaml: expect\.appointments\.0\.start: a local time of the professional like 2026-12-08T10:20.*\n.*x\.yaml: expect: unknown field "max_turn"/,
    );
  });

  it('says a missing field is required, and that a user needs turns or a goal', () => {
    expect(() => parseScenario(valid.replace('now: 2026-12-01T09:00:00Z\n', ''), 'b.yaml')).toThrow('b.yaml: now: is required');
    expect(() => parseScenario(valid.replace('  turns: ["hello", "yes"]\n', ''), 'c.yaml')).toThrow('c.yaml: user: needs `turns` (scripted user) or `goal` (LLM user)');
  });

  it('reports YAML syntax errors with the line', () => {
    expect(() => parseScenario('id: x\ntags: [a, b\n', 'd.yaml')).toThrow(/^d\.yaml:\d+: not valid YAML/);
  });
});

describe('loadScenarios', () => {
  it('reads folders anywhere, rejects repeated ids and filters by tag', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'evals-scenarios-'));
    writeFileSync(path.join(folder, 'one.yaml'), valid);
    writeFileSync(path.join(folder, 'two.yml'), valid.replace('id: book-derm', 'id: other').replace('[booking]', '[cancel]'));
    writeFileSync(path.join(folder, 'notes.txt'), 'not a scenario');
    expect(loadScenarios([folder]).map((scenario) => scenario.id)).toEqual(['book-derm', 'other']);
    expect(loadScenarios([folder], { tags: ['cancel'] }).map((scenario) => scenario.id)).toEqual(['other']);
    writeFileSync(path.join(folder, 'three.yaml'), valid);
    expect(() => loadScenarios([folder], { cwd: folder })).toThrow('three.yaml: id: "book-derm" is already the id of one.yaml');
  });

  it('holds at least 60 valid scenarios in the project suites', () => {
    expect(loadScenarios(defaultSuites).length).toBeGreaterThanOrEqual(60);
  });
});
