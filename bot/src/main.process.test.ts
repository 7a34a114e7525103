import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@consulta/core-api/testing/open-database';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDirectory = mkdtempSync(path.join(tmpdir(), 'consulta-start-'));
afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

/** The environment of a fresh clone: nothing configured but what the test names. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, REDIS_URL: _redis, FIXED_NOW: _now, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: 'info', ...extra };
}

function start(extra: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/src/main.ts'], {
    cwd: root,
    env: cleanEnvironment(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(port: number, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return response.status;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('no answer on /health in time');
}

describe('npm start on the embedded default', () => {
  it('starts, loads the seed once, and reuses its data on the next start', async () => {
    const port = await freePort();
    const environment = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDirectory };

    // What `npm start` does before it starts the process.
    execFileSync(process.execPath, [path.join(root, 'channels/webchat-page/scripts/ensure-built.mjs')], { stdio: 'ignore' });
    const first = start(environment);
    expect(await waitForHealth(port, first.child)).toBe(200);
    await expectChatPage(port);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output().stdout).toContain('seed loaded into the empty database');

    const database = await openDatabase({ dataDirectory: path.join(dataDirectory, 'pglite') });
    const { rows } = await database.pool.query('SELECT count(*)::int AS count FROM directory.professionals');
    expect(rows[0].count).toBe(4);
    await database.pool.query(`UPDATE identity.users SET name = 'Renamed between starts' WHERE id = 'patient-ben'`);
    await database.close();

    const second = start(environment);
    expect(await waitForHealth(port, second.child)).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output().stdout).not.toContain('seed loaded');

    const reopened = await openDatabase({ dataDirectory: path.join(dataDirectory, 'pglite') });
    const kept = await reopened.pool.query(`SELECT name FROM identity.users WHERE id = 'patient-ben'`);
    expect(kept.rows[0].name).toBe('Renamed between starts');
    await reopened.close();
  }, 150_000);
});

/** The page answers at `/`, and a conversation started the way it starts one is greeted by the assistant. */
async function expectChatPage(port: number) {
  const origin = `http://127.0.0.1:${port}`;
  const page = await fetch(`${origin}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
  const issued = (await (await fetch(`${origin}/webchat/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale: 'en', patientId: 'patient-ana' }),
  })).json()) as { token: string; conversationId: string };
  const headers = { authorization: `Bearer ${issued.token}` };
  expect((await fetch(`${origin}/v3/directline/conversations`, { method: 'POST', headers })).status).toBe(201);
  await expect
    .poll(async () => {
      const set = (await (await fetch(`${origin}/v3/directline/conversations/${issued.conversationId}/activities`, { headers })).json()) as { activities: Array<{ text?: string }> };
      return set.activities.map((activity) => activity.text).join('\n');
    }, { timeout: 20_000 })
    .toContain('Riverside Care & Counsel');
}

describe('bad configuration', () => {
  it.each([
    [{ PORT: 'abc' }, /^consulta: Invalid configuration: PORT: /],
    [{ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/nowhere' }, /^consulta: Cannot use the database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere: /],
    [{ REDIS_URL: 'redis://127.0.0.1:1' }, /^consulta: Cannot reach Redis at redis:\/\/127\.0\.0\.1:1: /],
  ])('exits non-zero with a one-line reason: %o', async (environment, message) => {
    const run = start({ PORT: '0', DATA_DIR: path.join(dataDirectory, 'bad-config'), ...environment });
    expect(await run.exited).toBe(1);
    const { stderr } = run.output();
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toContain('secret');
  }, 60_000);
});
