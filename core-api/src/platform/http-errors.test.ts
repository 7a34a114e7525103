import { createServer, type Socket } from 'node:net';
import Fastify from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from './http-errors';
import { conflict } from './errors';

// A server that accepts connections and never answers: PostgreSQL under a load it cannot take.
const silent = createServer();
const sockets = new Set<Socket>();
silent.on('connection', (socket) => sockets.add(socket));
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

async function appWith(pool: pg.Pool) {
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  app.get('/rows', async () => (await pool.query('SELECT 1')).rows);
  app.get('/taken', async () => {
    throw conflict('slot_unavailable', 'Taken.');
  });
  return app;
}

describe('the error handler', () => {
  it('answers 503 with retry-after when the database cannot take the query, and keeps domain errors as they are', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'x', database: 'x', max: 1, connectionTimeoutMillis: 200 });
    pool.on('error', () => undefined);
    const app = await appWith(pool);
    const [first, queued] = await Promise.all([app.inject('/rows'), app.inject('/rows')]);
    expect([first.statusCode, queued.statusCode]).toEqual([503, 503]);
    expect(first.headers['retry-after']).toBe('1');
    // The first waited for the silent server itself; the second for the pool's only connection.
    expect([first.json().code, queued.json().code].sort()).toEqual(['database_busy', 'database_unavailable']);
    expect(queued.json().message).toMatch(/nothing was changed/);
    expect((await app.inject('/taken')).json()).toEqual({ code: 'slot_unavailable', message: 'Taken.' });
    await app.close();
    await pool.end().catch(() => undefined);
  });

  it('answers a refused connection as database_unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const pool = new pg.Pool({ host: '127.0.0.1', port: closedPort, user: 'x', database: 'x', max: 1 });
    const app = await appWith(pool);
    const response = await app.inject('/rows');
    expect(response.statusCode).toBe(503);
    expect(response.json().code).toBe('database_unavailable');
    await app.close();
    await pool.end().catch(() => undefined);
  });
});
