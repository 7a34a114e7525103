import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, SeedError, StartupError, loadConfig, loggerOptions, startCoreRuntime } from '@consulta/core-api';
import { buildServer } from './server';

/** Start-up problems are one line on stderr and a non-zero exit, never a stack trace. */
function exitWith(message: string): never {
  process.stderr.write(`consulta: ${message}\n`);
  process.exit(1);
}

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message);
    throw error;
  }
  const logger = pino(loggerOptions(config.LOG_LEVEL));
  let runtime;
  try {
    runtime = await startCoreRuntime({ config, logger });
  } catch (error) {
    if (error instanceof StartupError || error instanceof SeedError) exitWith((error as Error).message);
    throw error;
  }
  const app = await buildServer({ config, runtime });
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await runtime.close();
  });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await runtime.close().catch(() => undefined);
    exitWith(`Cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}`);
  }
}

main().catch((error: unknown) => exitWith(error instanceof Error ? error.message : String(error)));
