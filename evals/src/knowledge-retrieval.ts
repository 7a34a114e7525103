/**
 * `npm run evals -- --knowledge`: retrieval quality of the knowledge search
 * over the demo documents. For each question of evals/knowledge/questions.yaml
 * it asks core-api's search (as the assistant's skill does) and checks that
 * the expected document is among the top three passages (recall@3), and that
 * questions nothing answers get no passage at all (the assistant then says it
 * does not know).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { createScenarioEnvironment } from './scenario-environment';

export const knowledgeQuestionsFile = fileURLToPath(new URL('../knowledge/questions.yaml', import.meta.url));

const questionsSchema = z.object({
  questions: z
    .array(z.object({ id: z.string().min(1), locale: z.string().min(2), question: z.string().min(1), expect: z.string().min(1).nullable() }))
    .min(1),
});
export type KnowledgeQuestion = z.infer<typeof questionsSchema>['questions'][number];

export interface KnowledgeResult extends KnowledgeQuestion {
  found: string[];
  passed: boolean;
}

export interface KnowledgeReport {
  engine: string;
  results: KnowledgeResult[];
  /** Answerable questions whose document is in the top three. */
  recallAt3: number;
  /** Unanswerable questions that got no passage. */
  abstention: number;
  byLocale: Record<string, { recallAt3: number; abstention: number }>;
}

export function readKnowledgeQuestions(file = knowledgeQuestionsFile): KnowledgeQuestion[] {
  return questionsSchema.parse(parse(readFileSync(file, 'utf8'))).questions;
}

export async function runKnowledgeRetrieval(options: { databaseUrl?: string; questions?: KnowledgeQuestion[]; now?: string } = {}): Promise<KnowledgeReport> {
  const questions = options.questions ?? readKnowledgeQuestions();
  const environment = createScenarioEnvironment({ databaseUrl: options.databaseUrl });
  const scenario = await environment.open(options.now ?? '2026-12-01T09:00:00Z');
  try {
    const results: KnowledgeResult[] = [];
    for (const question of questions) {
      const query = new URLSearchParams({ q: question.question, locale: question.locale, limit: '3' });
      const response = await scenario.app.inject({ url: `/api/v1/knowledge/search?${query}` });
      if (response.statusCode !== 200) throw new Error(`search failed for ${question.id}: ${response.statusCode} ${response.body}`);
      const found = [...new Set((response.json() as { passages: Array<{ documentId: string }> }).passages.map((passage) => passage.documentId))];
      const passed = question.expect === null ? found.length === 0 : found.includes(question.expect);
      results.push({ ...question, found, passed });
    }
    return { engine: environment.engine, results, ...summarise(results), byLocale: byLocale(results) };
  } finally {
    await scenario.close();
    await environment.close();
  }
}

function summarise(results: KnowledgeResult[]): { recallAt3: number; abstention: number } {
  const share = (list: KnowledgeResult[]) => (list.length === 0 ? 1 : list.filter((result) => result.passed).length / list.length);
  return {
    recallAt3: share(results.filter((result) => result.expect !== null)),
    abstention: share(results.filter((result) => result.expect === null)),
  };
}

function byLocale(results: KnowledgeResult[]): KnowledgeReport['byLocale'] {
  const locales = [...new Set(results.map((result) => result.locale))].sort();
  return Object.fromEntries(locales.map((locale) => [locale, summarise(results.filter((result) => result.locale === locale))]));
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export function renderKnowledge(report: KnowledgeReport): string {
  const answerable = report.results.filter((result) => result.expect !== null).length;
  const lines = [
    `## Knowledge retrieval (${report.engine}, local embedder unless EMBEDDINGS_BASE_URL is set)`,
    '',
    '| locale | recall@3 | "don\'t know" on unrelated questions |',
    '|---|---:|---:|',
    ...Object.entries(report.byLocale).map(([locale, value]) => `| ${locale} | ${percent(value.recallAt3)} | ${percent(value.abstention)} |`),
    `| all (${answerable} answerable, ${report.results.length - answerable} unrelated) | ${percent(report.recallAt3)} | ${percent(report.abstention)} |`,
  ];
  const misses = report.results.filter((result) => !result.passed);
  if (misses.length > 0) {
    lines.push('', 'Misses:', '');
    for (const miss of misses) lines.push(`- ${miss.id}: "${miss.question}" → expected ${miss.expect ?? 'nothing'}, got ${miss.found.join(', ') || 'nothing'}`);
  }
  return `${lines.join('\n')}\n`;
}
