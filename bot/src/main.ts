import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, SeedError, StartupError, loadConfig, loggerOptions, startCoreRuntime, startTelemetry, type ProcessKind } from '@consulta/core-api';
import { buildServer } from './server';

/** Start-up problems are one line on stderr and a non-zero exit, never a stack trace. */
function exitWith(message: string): never {
  process.stderr.write(`consulta: ${message}\n`);
  process.exit(1);
}

const kinds: ProcessKind[] = ['all', 'api', 'bot', 'worker'];

async function main() {
  const kind = (process.argv[2] ?? 'all') as ProcessKind;
  if (!kinds.includes(kind)) exitWith(`unknown process kind "${kind}": use one of ${kinds.join(', ')}`);
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
    // Split deployments load the seed with `npm run migrate`, not on every replica's start.
    runtime = await startCoreRuntime({ config, logger, kind, seedWhenEmpty: kind === 'all' });
  } catch (error) {
    if (error instanceof StartupError || error instanceof SeedError) exitWith((error as Error).message);
    throw error;
  }
  const telemetry = startTelemetry({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: config.OTEL_SERVICE_NAME ?? `consulta-${kind}` });
  let app;
  try {
    app = await buildServer({ config, runtime, kind, telemetry });
  } catch (error) {
    await runtime.close().catch(() => undefined);
    if (error instanceof ConfigError) exitWith(error.message);
    throw error;
  }
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await runtime.close();
    await telemetry?.shutdown();
  });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await runtime.close().catch(() => undefined);
    exitWith(`Cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}`);
  }
}

main().catch((error: unknown) => exitWith(error instanceof Error ? error.message : String(error)));
