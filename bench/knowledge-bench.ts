import { performance } from 'node:perf_hooks';
import { fixedClock } from '@consulta/core-api';
import { createTestDatabase } from '@consulta/core-api/testing';
import { createChunkStore, embeddingStorage } from '../core-api/src/modules/knowledge/chunk-store';
import { createKnowledgeIndex } from '../core-api/src/modules/knowledge/knowledge-index';
import { createLocalEmbedder } from '../core-api/src/modules/knowledge/local-embedder';
import { readKnowledgeQuestions } from '../evals/src/knowledge-retrieval';
import { summarize } from './measure';
import type { ReportSection } from './report';

/*
 * Knowledge search over 10,000 passages on the embedded PGlite: the hybrid search with the HNSW
 * index next to the same search forced to an exact scan (enable_indexscan off), interleaved, and
 * the recall of the indexed search's top five against the exact one's.
 */

const DOCUMENTS = 500;
const CHUNKS_PER_DOCUMENT = 20;
const LIMIT = 5;

// Passages made of the demo set's own vocabulary, so questions meet realistic neighbours.
const TOPICS = [
  'parking near the office garage street car park validate tickets bicycles racks',
  'insurance accepted card invoice refund insurer network copay referral authorisation',
  'opening hours monday friday afternoon closed holidays lunch reception desk',
  'prepare mole check make-up nail polish sunbathing dermatoscope photographs creams',
  'blood test fasting water medicines doses vaccination record blood pressure weight',
  'physiotherapy clothes shorts shoulder scans x-ray referral letter exercises',
  'family law consultation divorce custody inheritance documents court decisions',
  'cancel move appointment deadline hours before late cancellation charged missed',
  'prices consultation euros dollars pounds pay card cash contactless bizum invoice',
  'privacy data erase copy correct access logged transcripts deleted months',
];

function passage(document: number, chunk: number): string {
  const topic = TOPICS[(document + chunk) % TOPICS.length]!.split(' ');
  const words = Array.from({ length: 40 }, (_, index) => topic[(index * 7 + document * 3 + chunk) % topic.length]);
  return `Office ${document % 37} section ${chunk}. ${words.join(' ')}.`;
}

export async function runKnowledgeBench(label: (version: string) => string): Promise<{ sections: ReportSection[]; failures: string[] }> {
  const database = await createTestDatabase();
  const failures: string[] = [];
  try {
    if (!database.hasVector) return { sections: [], failures: ['pgvector is not installed on this database: nothing to compare'] };
    const version = (await database.pool.query('SHOW server_version')).rows[0].server_version as string;
    const embedder = createLocalEmbedder();
    const store = createChunkStore(database.pool, await embeddingStorage(database.pool));
    // Builds the column type and the HNSW index for this embedder (and indexes the demo documents).
    await createKnowledgeIndex({ pool: database.pool, store, embedder, clock: fixedClock('2026-12-01T09:00:00Z') }).reconcile();

    const loadStarted = performance.now();
    for (let document = 0; document < DOCUMENTS; document += 1) {
      const id = `bench-${document}`;
      await database.pool.query(
        `INSERT INTO knowledge.documents (id, organization_id, locale, title, format, body, updated_by, updated_at) VALUES ($1, 'org-demo', 'en', $2, 'text', 'generated', 'bench', now())`,
        [id, `Generated document ${document}`],
      );
      const texts = Array.from({ length: CHUNKS_PER_DOCUMENT }, (_, chunk) => passage(document, chunk));
      const embeddings = await embedder.embed(texts);
      await store.replace(id, 1, embedder.id, 'english', texts.map((content, chunk) => ({ heading: `Generated ${document} › ${chunk}`, content, embedding: embeddings[chunk]! })));
    }
    // Fresh statistics, as autovacuum would gather them on a server: without them the planner cannot cost the index.
    await database.pool.query('ANALYZE knowledge.chunks');
    await database.pool.query('ANALYZE knowledge.documents');
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const chunks = (await database.pool.query(`SELECT count(*)::int AS count FROM knowledge.chunks`)).rows[0].count as number;

    const questions = readKnowledgeQuestions().filter((question) => question.locale === 'en');
    const embedded = await embedder.embed(questions.map((question) => question.question));
    const ask = (index: number, exact: boolean) =>
      store.search({ organizationId: 'org-demo', locale: 'en' }, { text: questions[index]!.question, embedding: embedded[index]!, embedder: embedder.id }, LIMIT, { exact });

    // Warm-up, then the two searches interleaved question by question.
    for (let index = 0; index < questions.length; index += 1) await Promise.all([ask(index, false), ask(index, true)].map((run) => run));
    const timings = { indexed: [] as number[], exact: [] as number[] };
    let overlap = 0;
    for (let round = 0; round < 3; round += 1) {
      for (let index = 0; index < questions.length; index += 1) {
        let started = performance.now();
        const indexed = await ask(index, false);
        timings.indexed.push(performance.now() - started);
        started = performance.now();
        const exact = await ask(index, true);
        timings.exact.push(performance.now() - started);
        if (round === 0) {
          const exactIds = new Set(exact.map((hit) => `${hit.documentId}#${hit.ordinal}`));
          overlap += indexed.filter((hit) => exactIds.has(`${hit.documentId}#${hit.ordinal}`)).length / Math.max(1, exact.length);
        }
      }
    }
    const indexed = summarize(timings.indexed);
    const exact = summarize(timings.exact);
    const recall = overlap / questions.length;
    const ms = (value: number) => `${value.toFixed(2)} ms`;
    return {
      failures,
      sections: [
        {
          title: `${label(version)}: hybrid search over ${chunks.toLocaleString('en')} passages`,
          rows: [
            { measure: 'search with the HNSW index, median (p95)', value: `${ms(indexed.medianMs)} (${ms(indexed.p95Ms)})`, baseline: `${ms(exact.medianMs)} (${ms(exact.p95Ms)}) exact scan`, ratio: `${(indexed.medianMs / exact.medianMs).toFixed(2)}×`, target: '—', met: null },
            { measure: `recall of the indexed top ${LIMIT} against the exact top ${LIMIT}`, value: `${(recall * 100).toFixed(1)}%`, baseline: '100% (exact)', ratio: '—', target: '—', met: null },
          ],
          notes: [
            `${DOCUMENTS} generated documents × ${CHUNKS_PER_DOCUMENT} passages plus the demo set, local embedder (${embedder.dimension} dimensions), loaded in ${loadSeconds.toFixed(0)} s.`,
            `${questions.length} English questions of evals/knowledge/questions.yaml × 3 rounds, indexed and exact interleaved; hnsw.ef_search = 200.`,
          ],
        },
      ],
    };
  } finally {
    await database.close();
  }
}
