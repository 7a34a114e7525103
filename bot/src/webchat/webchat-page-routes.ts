import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import { Type, type Static } from 'typebox';
import { ChannelError, type WebchatChannel } from '@consulta/channels';

export interface WebchatPageOptions {
  channel: Pick<WebchatChannel, 'issueToken'>;
  organizationName: () => Promise<string>;
  /** AUTH_MODE=dev: the seed patients the page offers, who a token then acts as. */
  devPatients?: () => Promise<Array<{ id: string; name: string }>>;
  /** The built page (channels/webchat-page/dist). */
  pageDirectory: string;
  tokensPerMinute?: number;
}

const TokenRequest = Type.Object(
  {
    locale: Type.Union([Type.Literal('en'), Type.Literal('es')]),
    patientId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
type TokenRequest = Static<typeof TokenRequest>;

// Web Chat styles itself inline and talks to Direct Line over fetch and a WebSocket on this host.
const pagePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The patient's page at `/` and what it asks the server: the clinic's name,
 * the dev-mode picker, and a Direct Line token (made here, so the Direct Line
 * secret never reaches a browser).
 */
export const webchatPageRoutes: FastifyPluginAsync<WebchatPageOptions> = async (app, options) => {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new ChannelError(429, 'rate_limited', `Too many requests; try again in ${context.after}.`),
  });
  app.get('/webchat/config', async () => ({
    organizationName: await options.organizationName(),
    devMode: Boolean(options.devPatients),
    patients: options.devPatients ? await options.devPatients() : [],
  }));

  app.post<{ Body: TokenRequest }>(
    '/webchat/token',
    {
      schema: { body: TokenRequest },
      config: { rateLimit: { max: options.tokensPerMinute ?? 20, timeWindow: 60_000 } },
    },
    async (request) => {
      const { locale, patientId } = request.body;
      let patient: { id: string } | undefined;
      if (patientId) {
        if (!options.devPatients) throw new ChannelError(400, 'dev_mode_only', 'Choosing a patient to chat as exists only with AUTH_MODE=dev.');
        patient = (await options.devPatients()).find((candidate) => candidate.id === patientId);
        if (!patient) throw new ChannelError(404, 'patient_not_found', `No seed patient ${patientId}.`);
      }
      const userId = patient?.id ?? anonymousVisitor();
      const issued = await options.channel.issueToken({ userId, locale });
      // The page gives Web Chat the same user id, so the user's own messages show as theirs.
      return { token: issued.token, conversationId: issued.conversationId, userId, expiresIn: issued.expiresIn };
    },
  );

  if (existsSync(path.join(options.pageDirectory, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: options.pageDirectory,
      prefix: '/',
      index: 'index.html',
      wildcard: false,
      setHeaders: (response) => response.header('content-security-policy', pagePolicy),
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply.status(503).send({ code: 'page_not_built', message: 'The web chat page is not built: run `npm run build:page` (npm start does it).' }),
    );
  }
};

function anonymousVisitor(): string {
  return `visitor-${crypto.randomUUID()}`;
}
