import { describe, expect, it } from 'vitest';
import { readKnowledgeQuestions, renderKnowledge, runKnowledgeRetrieval } from './knowledge-retrieval';

describe('knowledge retrieval over the demo documents', () => {
  it('has at least 40 questions in English and Spanish, each naming a document of its own language', () => {
    const questions = readKnowledgeQuestions();
    const answerable = questions.filter((question) => question.expect !== null);
    expect(answerable.length).toBeGreaterThanOrEqual(40);
    expect(new Set(questions.map((question) => question.locale))).toEqual(new Set(['en', 'es']));
    expect(answerable.every((question) => question.expect!.endsWith(`-${question.locale}`))).toBe(true);
  });

  // Floors under today's figures with the local embedder (72% recall@3, 90% "don't know"),
  // so a change that makes the search worse fails here instead of in a patient's chat.
  it('finds the expected document in the top three for most questions and nothing for unrelated ones', async () => {
    const report = await runKnowledgeRetrieval({ databaseUrl: process.env.DATABASE_URL || undefined });
    expect(report.recallAt3, renderKnowledge(report)).toBeGreaterThanOrEqual(0.65);
    expect(report.abstention, renderKnowledge(report)).toBeGreaterThanOrEqual(0.8);
  }, 120_000);
});
