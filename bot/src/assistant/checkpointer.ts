import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type pg from 'pg';

/**
 * Conversation state in PostgreSQL (schema `assistant`), so a conversation
 * survives a restart and may continue on any replica.
 */
export async function createCheckpointer(pool: pg.Pool): Promise<PostgresSaver> {
  const saver = new PostgresSaver(pool, undefined, { schema: 'assistant' });
  await pool.query('CREATE SCHEMA IF NOT EXISTS assistant');
  await saver.setup();
  return saver;
}
