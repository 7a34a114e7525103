import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '@consulta/core-api/testing';
import { migrateWith, onServer, startProcessKind, stopProcess, type StartedProcess } from './testing/process-kinds';

/*
 * Consulta as a split deployment on the real PostgreSQL and Redis: two core-api
 * processes, two bot processes and one worker, each its own Node process. Only
 * where both servers are configured (CI's first run always has them); the
 * embedded default is one process by design.
 */
const databaseServer = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;

type Started = StartedProcess;

// Everywhere (the embedded run too): the kinds refuse what cannot work with one line and exit 1.
describe('process kinds', () => {
  it('refuses an unknown kind, and a bot process without CORE_API_URL', async () => {
    const dataDirectory = mkdtempSync(path.join(tmpdir(), 'consulta-kinds-'));
    const { DATABASE_URL: _database, REDIS_URL: _redis, CORE_API_URL: _core, ...rest } = process.env;
    const run = (kind: string) => spawnSync(process.execPath, ['--import', 'tsx', 'bot/src/main.ts', kind], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)), env: { ...rest, DATA_DIR: dataDirectory, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 90_000,
    });
    try {
      const unknown = run('everything');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toBe('consulta: unknown process kind "everything": use one of all, api, bot, worker\n');
      const bot = run('bot');
      expect(bot.status).toBe(1);
      expect(bot.stderr).toBe('consulta: CORE_API_URL is required for the bot process (the URL of a core-api process).\n');
    } finally {
      rmSync(dataDirectory, { recursive: true, force: true });
    }
  }, 120_000);
});

if (databaseServer && redisUrl) {
  describe('several processes on PostgreSQL and Redis', () => {
    const name = `consulta_split_${randomBytes(5).toString('hex')}`;
    const dataDirectory = mkdtempSync(path.join(tmpdir(), 'consulta-split-'));
    const processes: Started[] = [];
    let smtp: TestSmtpServer;
    let environment: NodeJS.ProcessEnv;
    let api: [Started, Started];
    let bots: [Started, Started];

    beforeAll(async () => {
      smtp = await startTestSmtpServer();
      await onServer(databaseServer, `CREATE DATABASE ${name}`);
      const url = new URL(databaseServer);
      url.pathname = `/${name}`;
      environment = {
        ...process.env,
        // Not `test` (the runner's): processes keep their keys in DATA_DIR, where the others find them.
        NODE_ENV: 'development',
        DATABASE_URL: url.toString(),
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: `split-${randomBytes(4).toString('hex')}`,
        AUTH_MODE: 'dev',
        FIXED_NOW: '2026-12-01T09:00:00Z',
        DATA_DIR: dataDirectory,
        SMTP_URL: smtp.url,
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
      };
      expect(migrateWith(environment)).toContain('seed "Riverside Care & Counsel" loaded');
      // The first process creates the local secrets (dev token key, web chat secret) the others then read.
      const firstApi = await start('api');
      const [secondApi, firstBot, secondBot] = await Promise.all([
        start('api'),
        start('bot', { CORE_API_URL: firstApi.origin }),
        start('bot', { CORE_API_URL: firstApi.origin }),
      ]);
      api = [firstApi, secondApi];
      bots = [firstBot, secondBot];
      await start('worker');
    }, 180_000);

    afterAll(async () => {
      await Promise.all(processes.map((started) => stopProcess(started, 'SIGTERM')));
      await smtp?.close();
      await onServer(databaseServer, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(dataDirectory, { recursive: true, force: true });
    }, 60_000);

    async function start(kind: string, extra: Record<string, string> = {}): Promise<Started> {
      const started = await startProcessKind(kind, { ...environment, ...extra });
      processes.push(started);
      return started;
    }

    const tokenFor = async (userId: string, via = api[0]) =>
      ((await (await fetch(`${via.origin}/api/v1/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) })).json()) as { token: string }).token;

    const call = async (via: Started, method: string, url: string, userId: string, body?: unknown) =>
      fetch(`${via.origin}/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${await tokenFor(userId, via)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });

    it('answers health and readiness with the process kind in its metrics', async () => {
      for (const started of processes) {
        expect(((await (await fetch(`${started.origin}/ready`)).json()) as { dependencies: unknown }).dependencies).toEqual({ database: 'ok', redis: 'ok' });
        expect(await (await fetch(`${started.origin}/metrics`)).text()).toContain(`process="${started.kind}"`);
      }
      // The bot has no core-api of its own: it reaches one over HTTP.
      expect((await fetch(`${bots[0].origin}/api/v1/openapi.json`)).status).toBe(404);
    });

    it('gives one slot to exactly one of 60 requests spread over both core-api processes', async () => {
      const patients = ['patient-ana', 'patient-ben', 'patient-chloe'];
      const tokens = new Map(await Promise.all(patients.flatMap((userId) => api.map(async (via) => [`${via.port}:${userId}`, await tokenFor(userId, via)] as const))));
      const responses = await Promise.all(
        Array.from({ length: 60 }, (_, index) => {
          const via = api[index % 2]!;
          const userId = patients[index % 3]!;
          return fetch(`${via.origin}/api/v1/appointments`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens.get(`${via.port}:${userId}`)}`, 'content-type': 'application/json' },
            body: JSON.stringify({ professionalId: 'dr-lopez', serviceId: 'derm-consult', start: '2026-12-17T11:00:00+01:00', intake: { reason: `Race ${index}`, date_of_birth: '1990-01-01' } }),
          });
        }),
      );
      const outcomes: Record<number, number> = {};
      for (const response of responses) outcomes[response.status] = (outcomes[response.status] ?? 0) + 1;
      expect(outcomes).toEqual({ 201: 1, 409: 59 });
    }, 60_000);

    it('continues a Direct Line conversation on the other bot process', async () => {
      const issued = (await (await fetch(`${bots[0].origin}/webchat/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'en', patientId: 'patient-ana' }),
      })).json()) as { token: string; conversationId: string };
      const headers = { authorization: `Bearer ${issued.token}` };
      expect((await fetch(`${bots[0].origin}/v3/directline/conversations`, { method: 'POST', headers })).status).toBe(201);
      const activities = async (via: Started) =>
        ((await (await fetch(`${via.origin}/v3/directline/conversations/${issued.conversationId}/activities`, { headers })).json()) as { activities: Array<{ text?: string; from: { id: string } }> }).activities;
      await expect.poll(async () => (await activities(bots[0])).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const sent = await fetch(`${bots[1].origin}/v3/directline/conversations/${issued.conversationId}/activities`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'patient-ana' }, text: 'Which dermatologists do you have?', locale: 'en' }),
      });
      expect(sent.status).toBe(200);
      // The answer, written by the second process, is in the transcript the first one serves.
      await expect.poll(async () => (await activities(bots[0])).map((activity) => activity.text ?? '').join('\n'), { timeout: 40_000 }).toContain('López');
    }, 90_000);

    it('sends each notification once, and a worker killed mid-send loses nothing', async () => {
      const preferences = await call(api[1], 'PUT', '/me/notification-preferences', 'patient-ben', {
        channels: ['email', 'sms'], quietStart: null, quietEnd: null, doNotDisturb: false, dailyCap: null,
      });
      expect(preferences.status).toBe(200);

      // Caught mid-send: the mail server holds the message unanswered while the worker is killed.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const before = smtp.received.length;
      smtp.pause();
      expect((await call(api[1], 'POST', '/appointments/appt-seed-2/approve', 'dr-chen')).status).toBe(200);
      await expect.poll(() => smtp.held(), { timeout: 30_000 }).toBe(1);
      const worker = processes.find((started) => started.kind === 'worker')!;
      await stopProcess(worker, 'SIGKILL');
      // Only once the mail server has seen the connection drop: a held mail must not be taken after all.
      await expect.poll(() => smtp.connections(), { timeout: 10_000 }).toBe(0);
      smtp.resume();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(smtp.received).toHaveLength(before);

      // A new worker takes the job up again once BullMQ sees it stalled.
      await start('worker');
      // BullMQ declares a job stalled once its lock (30 s) lapses and its next stall check runs.
      const deadline = Date.now() + 150_000;
      const confirmedToBen = () => smtp.received.filter((mail) => mail.subject === 'Your appointment is confirmed' && JSON.stringify(mail.to).includes('ben.carter@example.org'));
      while (confirmedToBen().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(confirmedToBen()).toHaveLength(1);
      // Settle, then count: every notification id arrived exactly once.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const ids = smtp.received.map((received) => received.headers.get('x-consulta-notification'));
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
    }, 240_000);
  });
}
