import OpenAI from 'openai';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors';
import { createLocalEmbedder } from './local-embedder';

/** Turns texts into unit-length vectors of a fixed dimension. */
export interface Embedder {
  /** Names the model and dimension: a change of id re-indexes everything. */
  readonly id: string;
  readonly dimension: number;
  embed(texts: string[]): Promise<number[][]>;
}

const BATCH = 64;

/**
 * An OpenAI-compatible `/embeddings` endpoint through the `openai` client
 * (any base URL: OpenAI, Azure's v1 surface, a local server).
 */
export function createOpenAiEmbedder(options: { baseURL: string; apiKey?: string; model: string; dimensions?: number; fetch?: typeof fetch }): Embedder {
  const client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey ?? 'unused', maxRetries: 2, timeout: 20_000, fetch: options.fetch });
  let dimension = options.dimensions ?? 0;
  const embedder: Embedder = {
    id: `openai:${options.model}${options.dimensions ? `/${options.dimensions}` : ''}`,
    get dimension() {
      return dimension;
    },
    async embed(texts) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += BATCH) {
        const input = texts.slice(start, start + BATCH);
        try {
          const response = await client.embeddings.create({ model: options.model, input, dimensions: options.dimensions, encoding_format: 'float' });
          for (const item of [...response.data].sort((a, b) => a.index - b.index)) vectors.push(normalise(item.embedding));
        } catch (error) {
          throw new AppError('unavailable', 'embeddings_unavailable', `The embeddings endpoint failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (dimension === 0 && vectors[0]) dimension = vectors[0].length;
      return vectors;
    },
  };
  return embedder;
}

/**
 * The configured embedder: the endpoint when EMBEDDINGS_BASE_URL is set, the local
 * offline one otherwise. Without EMBEDDINGS_DIMENSIONS the remote dimension is
 * learnt from the first answer (`dimension` is 0 until then).
 */
export function embedderFromConfig(config: Pick<Config, 'EMBEDDINGS_BASE_URL' | 'EMBEDDINGS_API_KEY' | 'EMBEDDINGS_MODEL' | 'EMBEDDINGS_DIMENSIONS'>): Embedder {
  if (!config.EMBEDDINGS_BASE_URL) return createLocalEmbedder();
  return createOpenAiEmbedder({
    baseURL: config.EMBEDDINGS_BASE_URL,
    apiKey: config.EMBEDDINGS_API_KEY,
    model: config.EMBEDDINGS_MODEL,
    dimensions: config.EMBEDDINGS_DIMENSIONS,
  });
}

function normalise(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}
