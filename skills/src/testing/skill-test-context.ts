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
  const api = createCoreApiClient({
    baseUrl: 'http://core-api.local',
    token: () => test.tokenFor(userId),
    fetch: options.fetch ?? createInjectFetch(test.app),
  });
  const me = await unwrap(api.GET('/api/v1/me'));
  return {
    api,
    user: { id: me.id, timeZone: me.timeZone, locale: options.locale ?? me.locale },
    now: () => new Date(testNow),
  };
}

/** A tool message parsed back into its JSON. */
export const parsed = (message: string) => JSON.parse(message) as Record<string, any>;
