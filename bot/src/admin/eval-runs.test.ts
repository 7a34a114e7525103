import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import { adminBrowserAgent } from '../testing/admin-browser-agent';
import { childEnvironment, createEvalRunLauncher } from './eval-run-launcher';

let runtime: TestRuntime;
let app: FastifyInstance;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await buildServer({ config: runtime.config, runtime, botConfig: loadBotConfig({}) });
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
});

describe('eval runs from the admin', () => {
  it('runs the scenarios with a chosen prompt version in a child process, one at a time, and stores the run', async () => {
    const admin = adminBrowserAgent(app);
    await admin.signIn('admin-sam');
    const written = await admin.post('/admin/api/v1/prompts/patient-system/versions', { domain: 'all', locale: 'en', body: 'Be kind, {{userName}}.' });
    const version = written.json().version as number;

    const started = await admin.post('/admin/evals/runs', { tags: ['off-topic'], prompt: { promptId: 'patient-system', domain: 'all', locale: 'en', version } });
    expect(started.statusCode).toBe(202);
    const { id } = started.json();
    const again = await admin.post('/admin/evals/runs', { tags: ['off-topic'] });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('eval_running');
    const running = (await admin.request('GET', '/admin/evals/runs')).json().runs;
    expect(running[0]).toMatchObject({ id, status: 'running', finishedAt: null, tags: ['off-topic'], prompts: [`patient-system/all/en@${version}`] });

    type Run = { id: string; status: string };
    const runs = await vi.waitFor(
      async () => {
        const list = (await admin.request('GET', '/admin/evals/runs')).json().runs as Run[];
        if (list[0]?.status === 'running') throw new Error('the run is still going');
        return list;
      },
      { timeout: 180_000, interval: 500 },
    );
    // The one scenario passes on the local model; the run records the version it played.
    expect(runs[0]).toMatchObject({ id, status: 'passed', scenarios: 1, pass1: 1, tags: ['off-topic'], prompts: [`patient-system/all/en@${version}`], error: null });
    const { rows } = await runtime.database.pool.query(`SELECT scenario_id, passed, prompts FROM evals.results WHERE run_id = $1`, [id]);
    expect(rows).toEqual([{ scenario_id: 'off-topic-poem', passed: true, prompts: [`patient-system/all/en@${version}`] }]);
  }, 200_000);

  it('is for admins, with known prompt versions and clean bodies', async () => {
    const professional = adminBrowserAgent(app);
    await professional.signIn('dr-lopez');
    expect((await professional.request('GET', '/admin/evals/runs')).statusCode).toBe(403);
    expect((await professional.post('/admin/evals/runs', {})).statusCode).toBe(403);
    const admin = adminBrowserAgent(app);
    await admin.signIn('admin-sam');
    const unknown = await admin.post('/admin/evals/runs', { prompt: { promptId: 'patient-system', domain: 'all', locale: 'en', version: 42 } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('version_not_found');
    expect((await admin.post('/admin/evals/runs', { tags: ['Not A Tag!'] })).statusCode).toBe(400);
    expect((await admin.request('POST', '/admin/evals/runs', { payload: {} })).statusCode).toBe(403);
  });

  it('gives the eval process no secrets and never the application database', () => {
    const environment = { PATH: '/usr/bin', HOME: '/home/consulta', DATABASE_URL: 'postgres://prod/consulta', TWILIO_AUTH_TOKEN: 'secret', ADMIN_SESSION_SECRET: 'secret' };
    expect(childEnvironment(environment)).toEqual({ PATH: '/usr/bin', HOME: '/home/consulta' });
    expect(childEnvironment({ ...environment, EVALS_DATABASE_URL: 'postgres://evals-server/postgres' })).toEqual({
      PATH: '/usr/bin', HOME: '/home/consulta', DATABASE_URL: 'postgres://evals-server/postgres',
    });
  });

  it('lists a run whose process failed as an error with its last words', async () => {
    const launcher = createEvalRunLauncher({
      pool: runtime.database.pool,
      command: { file: process.execPath, args: ['-e', 'process.stderr.write("evals: no scenario found\\n"); process.exit(2)', '--'] },
    });
    const { id } = launcher.start({ tags: ['nothing'] });
    await launcher.settled();
    const { runs } = await launcher.list();
    expect(runs.find((run) => run.id === id)).toMatchObject({ status: 'error', error: 'evals: no scenario found', pass1: null });
    // Not running any more: another may start.
    expect(launcher.start({}).id).not.toBe(id);
    await launcher.close();
  });
});
