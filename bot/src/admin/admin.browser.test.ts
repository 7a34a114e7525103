import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { startBrowserApp, testArtifacts, type BrowserApp } from '../testing/browser-app';

// The admin UI in a real browser against the whole app on the demo seed, as `npm start` serves it:
// the built page at /admin, the session cookie, /admin/api forwarding to the in-process core-api.
const artifacts = testArtifacts;
// A tablet, the smallest screen the admin is made for.
const tablet = { width: 820, height: 1180 };

let served: BrowserApp;
let app: FastifyInstance;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  served = await startBrowserApp({ pages: ['admin-ui/scripts/ensure-built.mjs'] });
  ({ app, browser, origin } = served);
}, 120_000);
afterAll(async () => served?.close());

async function api(userId: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const { token } = (await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId } })).json();
  const response = await app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

async function signedIn(name: string): Promise<{ context: BrowserContext; page: Awaited<ReturnType<BrowserContext['newPage']>> }> {
  // The clinic's staff work in Madrid: the playground shows a visitor's times in the browser's zone.
  const context = await browser.newContext({ viewport: tablet, locale: 'en-GB', timezoneId: 'Europe/Madrid' });
  const page = await context.newPage();
  await page.goto(`${origin}/admin/`);
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
  return { context, page };
}

describe('the admin UI in a browser', () => {
  it('dr-lopez signs in, approves a pending request and sees it leave the inbox', async () => {
    // Ana asks for the first free dermatology time on 8 December (the seed has nothing pending for Dr. López).
    const { slots } = await api('patient-ana', 'GET', '/professionals/dr-lopez/slots?service=derm-consult&from=2026-12-08&to=2026-12-08');
    const requested = await api('patient-ana', 'POST', '/appointments', {
      professionalId: 'dr-lopez', serviceId: 'derm-consult', start: slots[0].start, message: 'Mornings suit me best',
      intake: { reason: 'A rash on my arm', date_of_birth: '1988-04-12' },
    });
    expect(requested.status).toBe('requested');

    const context = await browser.newContext({ viewport: tablet, locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/admin/`);
      await page.getByRole('button', { name: 'Sign in as Dr. Elena López' }).waitFor();
      await page.screenshot({ path: path.join(artifacts, 'admin-sign-in.png'), fullPage: true });
      await page.getByRole('button', { name: 'Sign in as Dr. Elena López' }).click();

      const card = page.getByRole('article').filter({ hasText: 'Ana García' });
      await card.getByText('A rash on my arm').waitFor();
      // The professional's zone (Madrid), and the approved seed appointment earlier that day.
      await expect.poll(() => card.innerText()).toMatch(/Tue 8 Dec, 09:40 CET/);
      await expect.poll(() => card.innerText(), { timeout: 10_000 }).toMatch(/09:00–09:30 Dermatology consultation \(approved\)/);
      await page.screenshot({ path: path.join(artifacts, 'admin-approvals.png'), fullPage: true });

      await page.getByRole('button', { name: 'Approve the request from Ana García' }).click();
      await page.getByText('Approved 1 request.').waitFor();
      await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(0);
      await page.getByText('No requests are waiting for a decision.').waitFor();
      expect((await api('dr-lopez', 'GET', `/appointments/${requested.id}`)).status).toBe('approved');
      // The browser never held a core-api token: only the sealed, HttpOnly session cookie.
      const cookies = await context.cookies();
      expect(cookies.find((cookie) => cookie.name === 'consulta_admin_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin' });
      expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).not.toContain('consulta_admin_session');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('sees a decision made elsewhere (say, in Teams) leave the inbox on its own', async () => {
    const { context, page } = await signedIn('Dr. Wei Chen');
    try {
      const card = page.getByRole('article').filter({ hasText: 'Ben Carter' });
      await card.getByText('Annual check-up').first().waitFor();
      await api('dr-chen', 'POST', '/appointments/appt-seed-2/decline', { reason: 'Decided in Teams' });
      // The inbox asks again every few seconds.
      await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('admin-sam writes a prompt version, activates it and rolls it back', async () => {
    const { context, page } = await signedIn('Sam Rivera');
    try {
      await page.getByRole('link', { name: 'Prompts' }).click();
      await page.getByRole('button', { name: /^patient-system · all · en/ }).click();
      // The first prompt of the list is open until the click lands: read the editor only once this one shows.
      await page.getByRole('table', { name: 'Versions of patient-system', exact: true }).waitFor();
      const editor = page.getByRole('textbox', { name: 'Text of the new version' });
      const shipped = await editor.inputValue();
      expect(shipped).toContain('{{organizationName}}');
      await editor.fill(`${shipped}\n- Greet the patient by name.`);
      await page.getByRole('textbox', { name: /^Note/ }).fill('Friendlier greeting');
      await page.getByRole('button', { name: 'Save as version 1' }).click();
      await page.getByText('Saved version 1. It is not in force until you activate it.').waitFor();
      await page.getByRole('table', { name: 'From version 0 (shipped) to version 1: 1 line added, 0 removed' }).waitFor();
      expect((await api('admin-sam', 'GET', '/prompts/versions?promptId=patient-system')).map((version: { version: number }) => version.version)).toEqual([1]);

      await page.getByRole('button', { name: 'Activate version 1' }).click();
      await page.getByText('Version 1 is in force.').waitFor();
      await page.getByRole('row', { name: /Friendlier greeting/ }).getByText('In force').waitFor();
      await page.screenshot({ path: path.join(artifacts, 'admin-prompts.png'), fullPage: true });
      expect((await api('admin-sam', 'GET', '/prompts/patient-system/active?domain=all&locale=en')).version).toBe(1);

      await page.getByRole('button', { name: 'Roll back' }).click();
      await page.getByText('Rolled back. Version 0 (shipped) is in force.').waitFor();
      expect((await api('admin-sam', 'GET', '/prompts/patient-system/active?domain=all&locale=en')).version).toBe(0);
      const history = await api('admin-sam', 'GET', '/prompts/patient-system/activations?domain=all&locale=en');
      expect(history.map((activation: { version: number; activatedBy: string }) => [activation.version, activation.activatedBy])).toEqual([
        [0, 'admin-sam'],
        [1, 'admin-sam'],
      ]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("dr-lopez's calendar shows the week in Madrid time, and the opening hours editor previews a draft's slots", async () => {
    const { context, page } = await signedIn('Dr. Elena López');
    try {
      await page.goto(`${origin}/admin/calendar?date=2026-12-08`);
      const tuesday = page.getByRole('region', { name: 'Tuesday 8 December 2026' });
      // The seed's approved appointment with Ben Carter, 09:00 in Madrid (08:00 UTC).
      await expect.poll(() => tuesday.innerText(), { timeout: 15_000 }).toMatch(/09:00–09:30\s+Ben Carter\s+Dermatology consultation\s+Approved/);
      await page.screenshot({ path: path.join(artifacts, 'admin-calendar.png'), fullPage: true });

      await page.getByRole('tab', { name: 'Opening hours' }).click();
      await page.getByLabel('First day').fill('2026-12-08');
      await page.getByLabel('Last day').fill('2026-12-08');
      await page.getByRole('button', { name: 'Preview slots' }).click();
      // The seed's hours as they stand, with Ben Carter's 09:00 taken (and 09:40 too, once the first test approved Ana there).
      const preview = page.getByRole('region', { name: 'Slots on Tuesday 8 December 2026' });
      await expect.poll(() => preview.innerText(), { timeout: 15_000 }).toMatch(/10:20[\s\S]*15:00[\s\S]*17:00/);
      expect(await preview.innerText()).not.toMatch(/09:00/);
      await page.screenshot({ path: path.join(artifacts, 'admin-opening-hours.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('admin-sam opens every page without an error, and talks to a prompt version in the playground', async () => {
    const { context, page } = await signedIn('Sam Rivera');
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      const pages = [
        ['Calendar', 'Calendar', 'admin-calendar-admin.png'],
        ['Analytics', 'Analytics', 'admin-analytics.png'],
        ['Templates', 'Notification templates', 'admin-templates.png'],
        ['Domains', 'Domains and intake forms', 'admin-domains.png'],
        ['Failed notifications', 'Failed notifications', 'admin-deliveries.png'],
        ['Audit', 'Audit log and personal data', 'admin-audit.png'],
      ] as const;
      for (const [link, heading, file] of pages) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        if (link === 'Analytics') {
          // The days the test clock and the tests above booked in (the default is the browser's last 30 days).
          await page.getByLabel('To', { exact: true }).fill('2026-12-10');
          await page.getByLabel('From', { exact: true }).fill('2026-12-01');
          await page.getByRole('list', { name: 'Figures' }).waitFor();
        }
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(artifacts, file), fullPage: true });
        if (link === 'Analytics') {
          // The CSV comes through the session's proxy as a named file.
          const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'By professional (CSV)' }).click()]);
          expect(download.suggestedFilename()).toMatch(/^analytics-by-professional-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
          const csv = readFileSync((await download.path())!, 'utf8');
          expect(csv.split('\r\n')[0]).toMatch(/^professional_id,name,bookings,/);
          expect(csv).toContain('dr-lopez,Dr. Elena López,');
        }
      }

      await page.getByRole('link', { name: 'Prompts' }).click();
      await page.getByRole('button', { name: /^patient-system · all · en/ }).click();
      await page.getByRole('table', { name: 'Versions of patient-system', exact: true }).waitFor();
      await page.getByRole('tab', { name: 'Playground' }).click();
      await page.getByRole('textbox', { name: 'Message' }).fill('Which dermatologists do you have?');
      await page.getByRole('textbox', { name: 'Message' }).press('Enter');
      const transcript = page.getByRole('list', { name: 'Transcript' });
      // The local model answers the visitor it talks to with the clinic's dermatologist and her first
      // free times, in the admin's zone (the seed's 09:00 Madrid appointment on 8 December is taken).
      await expect.poll(() => transcript.innerText(), { timeout: 30_000 }).toMatch(/Assistant[\s\S]*López[\s\S]*Wed 2 Dec, 09:00/);
      await page.screenshot({ path: path.join(artifacts, 'admin-playground.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
