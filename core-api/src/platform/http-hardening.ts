import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { AppError } from './errors';

export interface HttpHardeningOptions {
  /** Origins allowed to call from a browser; empty sends no CORS headers at all. */
  corsOrigins: string[];
  /** The largest request body of a route that sets none itself. */
  bodyLimitBytes: number;
  rateLimit: {
    windowSeconds: number;
    /** Requests per window and address for callers without a token (public routes). */
    publicMax: number;
    /** Requests per window and user for signed-in users, wherever they call from. */
    userMax: number;
    /** Shared counters across replicas; without it each process counts alone. */
    redis?: Redis;
    /** Key prefix in Redis, so deployments (and test files) sharing one Redis do not share counters. */
    nameSpace: string;
    /** Who is calling: users count per user, anonymous callers per address, our own services not at all. */
    callerOf: (request: FastifyRequest) => Caller;
  };
}

export type Caller = { kind: 'anonymous' } | { kind: 'user'; userId: string } | { kind: 'service' };

const rateLimited = (after: string) => new AppError('rate_limited', 'rate_limited', `Too many requests; try again in ${after}.`);

/**
 * Security headers, CORS from an allow-list, body size limits and rate limits
 * for every route registered after it in the same context. Authentication
 * routes tighten the limit with `routeRateLimit`.
 */
export const httpHardening = fp<HttpHardeningOptions>(
  async (app, options) => {
    // One middleware for every request: @fastify/helmet builds a new one per request (parsing the CSP
    // directives each time), a measurable share of a booking's CPU for headers that never change.
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        // An API plus Swagger UI: scripts only from here, nothing may frame us.
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          // TLS ends at the proxy; on plain-HTTP development hosts an upgrade would break Swagger UI.
          upgradeInsecureRequests: null,
        },
      },
      crossOriginResourcePolicy: { policy: 'same-site' },
    });
    app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
    await app.register(cors, {
      origin: options.corsOrigins.length > 0 ? options.corsOrigins : false,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'x-next-cursor', 'retry-after'],
      maxAge: 600,
    });
    app.addHook('onRoute', (route) => {
      route.bodyLimit ??= options.bodyLimitBytes;
    });
    const limits = options.rateLimit;
    await app.register(rateLimit, {
      global: true,
      // After authentication, so that limits can tell callers apart.
      hook: 'preHandler',
      max: (request) => (limits.callerOf(request).kind === 'user' ? limits.userMax : limits.publicMax),
      keyGenerator: (request) => {
        const caller = limits.callerOf(request);
        return caller.kind === 'user' ? `user:${caller.userId}` : request.ip;
      },
      timeWindow: limits.windowSeconds * 1000,
      // Our own services (the bot's service token) act for many users; each user is limited on their own token.
      allowList: (request) => limits.callerOf(request).kind === 'service',
      redis: limits.redis,
      nameSpace: `${limits.nameSpace}-rate-limit-`,
      // A Redis outage must not take the API down with it; limits resume when Redis does.
      skipOnError: true,
      errorResponseBuilder: (_request, context) => rateLimited(context.after),
    });
  },
  { name: 'http-hardening' },
);

/**
 * A stricter per-route limit (`config: { rateLimit: … }`) that counts every
 * caller, keyed by `keyOf` (e.g. the calling service) or else the address.
 */
export function routeRateLimit(options: {
  max: number;
  windowSeconds: number;
  keyOf?: (request: FastifyRequest) => string | undefined;
}) {
  return {
    max: options.max,
    timeWindow: options.windowSeconds * 1000,
    allowList: () => false,
    keyGenerator: (request: FastifyRequest) => options.keyOf?.(request) ?? request.ip,
  };
}
