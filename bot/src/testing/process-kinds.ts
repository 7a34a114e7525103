import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** One process of a split deployment (`bot/src/main.ts <kind>`) on a free loopback port. */
export interface StartedProcess {
  kind: string;
  port: number;
  origin: string;
  child: ChildProcess;
  /** Everything it wrote, for the message of a failure. */
  output: () => string;
}

/**
 * Starts a process kind with `environment` (plus its own PORT) and waits until `/ready` answers,
 * for tests and benchmarks of several processes on the real PostgreSQL and Redis.
 */
export async function startProcessKind(
  kind: string,
  environment: NodeJS.ProcessEnv,
  timeoutMs = 90_000,
  options: { niceness?: number } = {},
): Promise<StartedProcess> {
  const port = await freePort();
  const command = [process.execPath, '--import', 'tsx', 'bot/src/main.ts', kind];
  // A lower CPU priority (nice), as a deployment gives background work on a shared host.
  const [file, ...args] = options.niceness ? ['nice', '-n', String(options.niceness), ...command] : command;
  const child = spawn(file!, args, {
    cwd: root,
    env: { ...environment, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const started = { kind, port, child, origin: `http://127.0.0.1:${port}`, output: () => output };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode}:\n${output}`);
    if (await fetch(`${started.origin}/ready`).then((response) => response.ok, () => false)) return started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${kind} not ready in time:\n${output}`);
}

export async function stopProcess(started: StartedProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill(signal);
  await exited;
}

/** Runs one statement as the server's administrator (CREATE / DROP DATABASE). */
export async function onServer(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm run migrate` with `environment`: migrates and loads the seed into the empty database; throws with its stderr on failure. */
export function migrateWith(environment: NodeJS.ProcessEnv): string {
  const migrate = spawnSync(process.execPath, ['--import', 'tsx', 'core-api/src/seed/migrate-cli.ts'], { cwd: root, env: environment, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`npm run migrate failed: ${migrate.stderr}`);
  return migrate.stdout;
}

/**
 * The environment of a split deployment on a fresh database for benchmarks: dev auth, a frozen
 * clock, its own queue prefix and data folder, quiet logs and no rate limits (the load is the point).
 */
export function splitDeploymentEnvironment(options: { databaseUrl: string; redisUrl: string; dataDirectory: string; queuePrefix: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.queuePrefix,
    AUTH_MODE: 'dev',
    FIXED_NOW: '2026-12-01T09:00:00Z',
    DATA_DIR: options.dataDirectory,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    RATE_LIMIT_AUTH_MAX: '1000000000',
    RATE_LIMIT_PUBLIC_MAX: '1000000000',
    RATE_LIMIT_USER_MAX: '1000000000',
  };
}
