import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '@consulta/core-api/testing/open-database';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDirectory = mkdtempSync(path.join(tmpdir(), 'consulta-chat-'));
afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

it('books through `npm run chat` end to end on the embedded default', async () => {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...environment } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/src/chat-cli.ts', '--as', 'patient-ana'], {
    cwd: root,
    env: { ...environment, FIXED_NOW: '2026-12-01T09:00:00Z', DATA_DIR: dataDirectory },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.stdin.end("I need a dermatology appointment next Tuesday at 10:20\nIt's for a rash on my arm\nyes\n");
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, output).toBe(0);
  expect(output).toContain('Please confirm: Dermatology consultation with Dr. Elena López on Tue 8 Dec, 10:20 (Europe/Madrid).');
  expect(output).toMatch(/Status: requested/);

  const database = await openDatabase({ dataDirectory: path.join(dataDirectory, 'pglite') });
  const { rows } = await database.pool.query(
    `SELECT professional_id, service_id, status, start_at FROM appointments.appointments WHERE patient_id = 'patient-ana'`,
  );
  await database.close();
  expect(rows).toEqual([{ professional_id: 'dr-lopez', service_id: 'derm-consult', status: 'requested', start_at: new Date('2026-12-08T09:20:00Z') }]);
}, 180_000);
