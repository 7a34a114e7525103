import type { FastifyError, FastifyInstance } from 'fastify';
import { isAppError, type ErrorKind } from './errors';

const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** Maps a domain error kind to its HTTP status: the one place where that happens. */
export function httpStatusOf(kind: ErrorKind): number {
  return statusOfKind[kind];
}

/**
 * The one error handler: domain errors keep their code and message, request
 * validation becomes `invalid_request` with the failing fields, and anything
 * unexpected is logged and answered as a bare 500 that shows no internals.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      const body: Record<string, unknown> = { code: error.code, message: error.message };
      if (error.details !== undefined) body.details = error.details;
      return reply.status(httpStatusOf(error.kind)).send(body);
    }
    if (error.validation) {
      return reply.status(400).send({
        code: 'invalid_request',
        message: `The request is not valid: ${error.message}`,
        details: error.validation.map((issue) => ({
          field: `${error.validationContext ?? 'body'}${issue.instancePath}`,
          message: issue.message,
        })),
      });
    }
    const database = databaseTrouble(error);
    if (database) {
      request.log.warn({ code: (error as { code?: string }).code, trouble: database }, 'database trouble');
      return reply
        .status(503)
        .header('retry-after', '1')
        .send({ code: database, message: 'We cannot reach our records right now. Try again in a moment; nothing was changed.' });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ code: 'internal_error', message: 'Something went wrong on our side.' });
    }
    // Fastify's own client errors (body too large, bad JSON, unsupported media type …).
    return reply.status(status).send({ code: (error.code ?? 'bad_request').toLowerCase(), message: error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: 'route_not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` }),
  );
}

/**
 * Overload or an outage rather than a fault in the request: no pooled
 * connection came free in time, PostgreSQL refused another connection, or it
 * could not be reached. The statement never ran, so a retry is safe.
 */
function databaseTrouble(error: unknown): 'database_busy' | 'database_unavailable' | undefined {
  const { code, message } = error as { code?: string; message?: string };
  if (code === '53300' || message === 'timeout exceeded when trying to connect') return 'database_busy';
  if (code === '57P03' || code === 'ECONNREFUSED' || message === 'Connection terminated due to connection timeout') return 'database_unavailable';
  return undefined;
}
