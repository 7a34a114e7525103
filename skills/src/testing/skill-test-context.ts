import { createCoreApiClient, createInjectFetch, unwrap } from '@consulta/core-api/client';
import type { TestApp } from '@consulta/core-api/testing';
import type { SkillContext } from '../skill-context';

export const testNow = '2026-12-01T09:00:00Z';

/**
 * A skill context for a seed user on a test app, the way the bot builds one:
 * a client carrying that user's token, and their zone and locale from `/me`.
 *
 * @example
 * const ana = await skillContextFor(test, 'patient-ana');
 */
export async function skillContextFor(
  test: TestApp,
  userId: string,
  options: { fetch?: typeof fetch; locale?: string } = {},
): Promise<SkillContext> {
  // One token per context, as the bot keeps one per turn: the dev token route is rate limited.
  let token: Promise<string> | undefined;
  const api = createCoreApiClient({
    baseUrl: 'http://core-api.local',
    token: () =>
      (token ??= test.tokenFor(userId).catch((error: unknown) => {
        token = undefined;
        throw error;
      })),
    fetch: options.fetch ?? createInjectFetch(test.app),
  });
  const me = await unwrap(api.GET('/api/v1/me'));
  return {
    api,
    user: { id: me.id, timeZone: me.timeZone, locale: options.locale ?? me.locale, role: me.role },
    now: () => new Date(testNow),
  };
}

/** A tool message parsed back into its JSON. */
export const parsed = (message: string) => JSON.parse(message) as Record<string, any>;
