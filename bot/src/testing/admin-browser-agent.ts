import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A browser in miniature for the admin routes: keeps the cookies the server sets and sends them back. */
export function adminBrowserAgent(app: FastifyInstance) {
  const jar = new Map<string, string>();
  const remember = (response: LightMyRequestResponse) => {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (cookie.value === '' || cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now())) jar.delete(cookie.name);
      else jar.set(cookie.name, cookie.value);
    }
    return response;
  };
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  return {
    jar,
    async request(method: 'GET' | 'POST', url: string, options: { payload?: object; csrf?: string } = {}) {
      return remember(
        await app.inject({
          method, url, payload: options.payload,
          headers: { cookie: cookieHeader(), ...(options.csrf ? { 'x-csrf-token': options.csrf } : {}) },
        }),
      );
    },
    async csrf() {
      return (await this.request('GET', '/admin/session')).json().csrfToken as string;
    },
    async signIn(userId: string) {
      return this.request('POST', '/admin/session/dev', { payload: { userId }, csrf: await this.csrf() });
    },
    /** A change with a fresh CSRF token, as the UI sends it. */
    async post(url: string, payload: object) {
      return this.request('POST', url, { payload, csrf: await this.csrf() });
    },
  };
}
