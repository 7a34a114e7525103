/**
 * `npm run chat -- --as patient-ana`: a terminal conversation with the
 * assistant on the embedded default (or DATABASE_URL), as a seed user. Lines
 * come from standard input, so it can be scripted:
 *   printf 'I need a dermatologist next Tuesday\n10:20\nyes\n' | npm run chat -- --as patient-ana
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { ConfigError, SeedError, StartupError, coreApi, loadConfig, startCoreRuntime } from '@consulta/core-api';
import type { OutboundMessage } from '@consulta/channels';
import { loadBotConfig } from './bot-config';
import { createAssistantFromConfig } from './assistant/create-assistant-from-config';

const { values } = parseArgs({ options: { as: { type: 'string', default: 'patient-ana' } } });
const userId = values.as!;

function fail(message: string): never {
  process.stderr.write(`consulta chat: ${message}\n`);
  process.exit(1);
}

function render(reply: OutboundMessage): string {
  const lines = [`assistant> ${reply.text.replace(/\n/g, '\n           ')}`];
  const listed = reply.choices?.filter((choice) => !reply.text.includes(choice.label)) ?? [];
  listed.forEach((choice, index) => lines.push(`           ${index + 1}. ${choice.label}`));
  return lines.join('\n');
}

try {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  if (config.AUTH_MODE !== 'dev') fail('the terminal chat acts as a seed user and needs AUTH_MODE=dev');
  const botConfig = loadBotConfig(process.env);
  const runtime = await startCoreRuntime({ config, logger: { info: () => undefined, warn: () => undefined } as never });
  const app = Fastify({ logger: false });
  await app.register(coreApi, { prefix: '/api/v1', config, database: runtime.database, queue: runtime.queue, clock: runtime.clock, devIssuerKeyFile: undefined });
  await app.ready();
  const assistant = await createAssistantFromConfig({ config, botConfig, pool: runtime.database.pool, clock: runtime.clock, app });
  const conversationId = `cli-${randomUUID()}`;
  const interactive = process.stdin.isTTY;
  process.stdout.write(`Chatting as ${userId}. ${interactive ? 'Ctrl-D ends.' : ''}\n`);
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    if (!interactive) process.stdout.write(`you> ${text}\n`);
    const replies = await assistant.handleTurn({ channel: 'webchat', conversationId, senderId: userId, text });
    for (const reply of replies) process.stdout.write(`${render(reply)}\n`);
  }
  await app.close();
  await runtime.close();
} catch (error) {
  if (error instanceof ConfigError || error instanceof StartupError || error instanceof SeedError) fail(error.message);
  throw error;
}
