import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { createCoreApiClient } from '@consulta/core-api/client';
import { exchangeForUserToken, type ServiceTokenProvider } from '../assistant/service-token';

/** How long a link in a transcript keeps working; a later download asks again in the chat. */
const linkLifetimeSeconds = 24 * 3_600;

/**
 * Download links for a web chat user's own documents (their confirmation
 * PDF): the link names the user and the document and is signed with the
 * channel's secret, so the browser can open it without the Direct Line token;
 * the route then fetches the file from core-api *as that user* (token
 * exchange), so core-api's sharing rules and access log still decide.
 */
export function createDocumentLinks(options: { secret: string; now?: () => number }) {
  const now = options.now ?? (() => Date.now());
  const sign = (userId: string, documentId: string, expires: number) =>
    createHmac('sha256', options.secret).update(`document-link\n${userId}\n${documentId}\n${expires}`).digest('base64url');
  return {
    link(userId: string, documentId: string): string {
      const expires = Math.floor(now() / 1000) + linkLifetimeSeconds;
      const query = new URLSearchParams({ user: userId, expires: String(expires), signature: sign(userId, documentId, expires) });
      return `/webchat/documents/${encodeURIComponent(documentId)}?${query}`;
    },
    /** 'ok', or why the link is refused. */
    check(userId: string, documentId: string, expires: number, signature: string): 'ok' | 'invalid' | 'expired' {
      const expected = Buffer.from(sign(userId, documentId, expires));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
      return expires * 1000 < now() ? 'expired' : 'ok';
    },
  };
}

export type DocumentLinks = ReturnType<typeof createDocumentLinks>;

export const documentLinkRoutes: FastifyPluginAsync<{
  links: DocumentLinks;
  coreApi: { baseUrl: string; fetch?: typeof fetch };
  serviceToken: ServiceTokenProvider;
}> = async (app, { links, coreApi, serviceToken }) => {
  const serviceApi = createCoreApiClient(coreApi);
  const call = coreApi.fetch ?? fetch;
  app.get<{ Params: { documentId: string }; Querystring: { user?: string; expires?: string; signature?: string } }>(
    '/webchat/documents/:documentId',
    { schema: { hide: true } },
    async (request, reply) => {
      const { user, expires, signature } = request.query;
      const verdict = user && expires && signature && /^\d{1,12}$/.test(expires) ? links.check(user, request.params.documentId, Number(expires), signature) : 'invalid';
      if (verdict === 'invalid') return reply.status(403).send({ code: 'invalid_link', message: 'This download link is not valid.' });
      if (verdict === 'expired') return reply.status(410).send({ code: 'link_expired', message: 'This download link has expired; ask for the document again in the chat.' });
      const exchanged = await exchangeForUserToken(serviceApi, await serviceToken(), 'webchat', user!);
      if (!exchanged) return reply.status(404).send({ code: 'not_found', message: 'No such document.' });
      const response = await call(`${coreApi.baseUrl}/api/v1/documents/${encodeURIComponent(request.params.documentId)}/content`, {
        headers: { authorization: `Bearer ${exchanged.token}` },
      });
      if (!response.ok) return reply.status(response.status === 404 ? 404 : 502).send({ code: response.status === 404 ? 'not_found' : 'documents_unavailable', message: 'The document could not be fetched.' });
      return reply
        .header('content-type', response.headers.get('content-type') ?? 'application/octet-stream')
        .header('content-disposition', response.headers.get('content-disposition') ?? 'attachment')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(await response.arrayBuffer()));
    },
  );
};
