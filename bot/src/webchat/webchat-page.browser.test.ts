import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { TestRuntime } from '@consulta/core-api/testing';
import { startBrowserApp, testArtifacts, type BrowserApp } from '../testing/browser-app';

// A patient books in a real browser: the built page, Microsoft's Web Chat, our Direct Line, the
// local model and core-api, all in one server process as `npm start` runs them.
const artifacts = testArtifacts;

let served: BrowserApp;
let runtime: TestRuntime;
let app: FastifyInstance;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  served = await startBrowserApp({ pages: ['channels/webchat-page/scripts/ensure-built.mjs'] });
  ({ runtime, app, browser, origin } = served);
}, 120_000);
afterAll(async () => served?.close());

async function appointmentsOf(userId: string) {
  const { token } = (await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId } })).json();
  const response = await app.inject({ method: 'GET', url: '/api/v1/appointments', headers: { authorization: `Bearer ${token}` } });
  return response.json() as Array<{ id: string; status: string; start: string; serviceId: string }>;
}

/** The newest bot message's text, once it contains `expected`. */
async function botSays(page: Page, expected: RegExp) {
  await expect.poll(async () => (await page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').allInnerTexts()).join('\n'), { timeout: 20_000 }).toMatch(expected);
}

async function send(page: Page, text: string) {
  const input = page.locator('input[data-id="webchat-sendbox-input"], textarea[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

const scenarios = [
  { locale: 'en', language: 'EN', ask: 'I need a dermatologist next Tuesday', times: /first free times/i, reason: 'A mole on my back', confirm: 'Yes', done: /request|booked|sent|confirmed/i, card: /Dermatology consultation/ },
  { locale: 'es', language: 'ES', ask: 'Necesito un dermatólogo el martes que viene', times: /primeras horas libres|horas/i, reason: 'Un lunar en la espalda', confirm: 'Sí', done: /solicitud|reservad|enviad|confirmad/i, card: /Dermatolog/ },
];

describe.each(scenarios)('the patient page in $locale', (scenario) => {
  it('books an appointment by chatting, on a phone-sized screen', async () => {
    const before = await appointmentsOf('patient-ana');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: scenario.locale === 'es' ? 'es-ES' : 'en-GB' });
    const page = await context.newPage();
    try {
      await page.goto(origin);
      await expect.poll(() => page.title(), { timeout: 20_000 }).toBe('Riverside Care & Counsel');
      await page.getByRole('combobox').selectOption('patient-ana');
      await page.getByRole('button', { name: scenario.language, exact: true }).click();
      await botSays(page, scenario.locale === 'es' ? /Hola/ : /Hello/);

      await send(page, scenario.ask);
      await botSays(page, scenario.times);
      // The offered times are suggested actions: click the second one.
      const times = page.locator('.webchat__suggested-actions button');
      await expect.poll(() => times.count(), { timeout: 20_000 }).toBeGreaterThan(1);
      const chosen = (await times.nth(1).innerText()).trim();
      await times.nth(1).click();

      await botSays(page, scenario.locale === 'es' ? /motivo/i : /reason/i);
      // The patient's bubble shows the time as offered, not the value the assistant receives.
      expect((await page.locator('.webchat__bubble--from-user').allInnerTexts()).some((bubble) => bubble.includes(chosen))).toBe(true);
      await send(page, scenario.reason);
      // The summary is an Adaptive Card; yes and no are suggested actions.
      await expect.poll(() => page.locator('.ac-adaptiveCard').last().innerText(), { timeout: 20_000 }).toMatch(scenario.card);
      const card = await page.locator('.ac-adaptiveCard').last().innerText();
      expect(card).toContain(scenario.reason);
      await page.locator('.webchat__suggested-actions button', { hasText: scenario.confirm }).click();
      await botSays(page, scenario.done);
      await page.screenshot({ path: path.join(artifacts, `webchat-${scenario.locale}.png`), fullPage: true });

      const after = await appointmentsOf('patient-ana');
      const added = after.filter((appointment) => !before.some((earlier) => earlier.id === appointment.id));
      expect(added).toHaveLength(1);
      expect(card).toContain(chosen.replace(/^.*?(\d{1,2}:\d{2}).*$/, '$1'));
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('a visitor on the patient page', () => {
  it('sees free times in the browser zone and is asked to verify before booking', async () => {
    const before = await appointmentsOf('patient-ana');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    try {
      await page.goto(origin);
      await page.getByRole('combobox').selectOption('');
      await botSays(page, /Hello/);
      await send(page, 'I need a dermatologist next Tuesday');
      const times = page.locator('.webchat__suggested-actions button');
      await expect.poll(() => times.count(), { timeout: 20_000 }).toBeGreaterThan(1);
      await times.nth(0).click();
      await botSays(page, /sign in or verify/);
      // The picked time was shown in the browser's zone: London's clock, an hour behind the Madrid practice's.
      const { rows } = await runtime.database.pool.query(
        `SELECT activity->>'text' AS value, activity->'channelData'->'messageBack'->>'displayText' AS label
           FROM webchat.activities WHERE activity->'from'->>'role' = 'user' ORDER BY created_at DESC, seq DESC LIMIT 1`,
      );
      const london = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/London' }).format(new Date(rows[0].value));
      expect(rows[0].value).toMatch(/\+01:00$/);
      expect(rows[0].label).toContain(london);
      expect(await appointmentsOf('patient-ana')).toHaveLength(before.length);
    } finally {
      await context.close();
    }
  }, 120_000);
});
