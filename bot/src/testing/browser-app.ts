import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { createTestRuntime, type TestRuntime } from '@consulta/core-api/testing';
import { buildServer } from '../server';
import { loadBotConfig } from '../bot-config';
import { launchBrowser } from './browser';

const root = path.resolve(import.meta.dirname, '../../..');

/** Where browser tests keep their screenshots. */
export const testArtifacts = path.join(root, 'test-artifacts');

export interface BrowserApp {
  runtime: TestRuntime;
  app: FastifyInstance;
  browser: Browser;
  /** `http://127.0.0.1:<port>` of the listening app. */
  origin: string;
  close(): Promise<void>;
}

/**
 * The whole app as `npm start` serves it (the built pages included), listening
 * on loopback on a fresh seeded runtime, and Chromium to open it.
 *
 * @example
 * const served = await startBrowserApp({ pages: ['channels/webchat-page/scripts/ensure-built.mjs'] });
 */
export async function startBrowserApp(options: { pages: string[]; environment?: Record<string, string> }): Promise<BrowserApp> {
  for (const script of options.pages) execFileSync(process.execPath, [path.join(root, script)], { stdio: 'inherit' });
  const runtime = await createTestRuntime(options.environment ? { environment: options.environment } : {});
  const app = await buildServer({ config: runtime.config, runtime, botConfig: loadBotConfig({}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchBrowser();
  mkdirSync(testArtifacts, { recursive: true });
  return {
    runtime,
    app,
    browser,
    origin: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    async close() {
      await browser.close();
      await app.close();
      await runtime.close();
    },
  };
}
