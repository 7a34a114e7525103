import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { startTestSmtpServer, type TestSmtpServer } from '@consulta/core-api/testing';
import { startBrowserApp, testArtifacts, type BrowserApp } from '../testing/browser-app';

// A visitor proves who they are on the page: a one-time code goes by e-mail (nodemailer to a loopback
// SMTP server) to the address on their patient record, and once typed back the assistant books for them.
const artifacts = testArtifacts;

let smtp: TestSmtpServer;
let served: BrowserApp;
let app: FastifyInstance;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  served = await startBrowserApp({ pages: ['channels/webchat-page/scripts/ensure-built.mjs'], environment: { SMTP_URL: smtp.url } });
  ({ app, browser, origin } = served);
}, 120_000);
afterAll(async () => {
  await served?.close();
  await smtp?.close();
});

async function appointmentsOf(userId: string) {
  const { token } = (await app.inject({ method: 'POST', url: '/api/v1/dev/token', payload: { userId } })).json();
  const response = await app.inject({ method: 'GET', url: '/api/v1/appointments', headers: { authorization: `Bearer ${token}` } });
  return response.json() as Array<{ id: string; status: string }>;
}

async function botSays(page: Page, expected: RegExp) {
  await expect.poll(async () => (await page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').allInnerTexts()).join('\n'), { timeout: 20_000 }).toMatch(expected);
}

async function send(page: Page, text: string) {
  const input = page.locator('input[data-id="webchat-sendbox-input"], textarea[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

async function pickSecondTime(page: Page) {
  const times = page.locator('.webchat__suggested-actions button');
  await expect.poll(() => times.count(), { timeout: 20_000 }).toBeGreaterThan(1);
  await times.nth(1).click();
}

describe('a visitor who verifies on the page', () => {
  it('gets a code by e-mail, types it back, and books in their own name', async () => {
    const before = await appointmentsOf('patient-ana');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await page.goto(origin);
      await page.getByRole('combobox').selectOption('');
      await botSays(page, /Hello/);
      await send(page, 'I need a dermatologist next Tuesday');
      await pickSecondTime(page);
      await botSays(page, /sign in or verify/);

      await page.getByRole('button', { name: "Verify it's me" }).click();
      await page.getByLabel(/Your e-mail or phone number/).fill('ana.garcia@example.org');
      await page.getByRole('button', { name: 'Send me a code' }).click();
      const mail = await smtp.mailTo('ana.garcia@example.org');
      const code = /\b(\d{6})\b/.exec(mail.text ?? '')?.[1];
      expect(code, mail.text).toMatch(/^\d{6}$/);
      await expect.poll(() => page.getByLabel(/The 6-digit code we sent to a•••@example\.org/).count()).toBe(1);
      await page.getByLabel(/The 6-digit code/).fill(code!);
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      await expect.poll(() => page.getByRole('status').innerText(), { timeout: 10_000 }).toMatch(/Verified/);
      await page.screenshot({ path: path.join(artifacts, 'webchat-verified.png'), fullPage: true });

      await send(page, 'I need a dermatologist next Tuesday');
      await pickSecondTime(page);
      await botSays(page, /reason/i);
      await send(page, 'A mole on my back');
      await expect.poll(() => page.locator('.ac-adaptiveCard').last().innerText(), { timeout: 20_000 }).toMatch(/Dermatology/);
      await page.locator('.webchat__suggested-actions button', { hasText: 'Yes' }).click();
      await botSays(page, /request|booked|sent|confirmed/i);
      const after = await appointmentsOf('patient-ana');
      expect(after.length).toBe(before.length + 1);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('refuses a wrong code on the page and says how many tries are left', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await page.goto(origin);
      await page.getByRole('combobox').selectOption('');
      await page.getByRole('button', { name: "Verify it's me" }).click();
      await page.getByLabel(/Your e-mail or phone number/).fill('ben.carter@example.org');
      await page.getByRole('button', { name: 'Send me a code' }).click();
      const mail = await smtp.mailTo('ben.carter@example.org');
      const code = /\b(\d{6})\b/.exec(mail.text ?? '')![1]!;
      await page.getByLabel(/The 6-digit code/).fill(code === '123456' ? '654321' : '123456');
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      await expect.poll(() => page.locator('.verify [role="alert"]').innerText()).toMatch(/not right; 4 tries left/);
    } finally {
      await context.close();
    }
  }, 120_000);
});
