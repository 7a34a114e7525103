import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type * as AdaptiveCardsModule from 'adaptivecards';
import { approvalCard, type ApprovalCardModel } from '@consulta/channels';
import { launchBrowser } from '../testing/browser';

// The approval card rendered by Microsoft's own Adaptive Cards renderer (the one Teams and Web Chat
// build on), in Chromium: the JSON must parse without errors and show what a professional decides on.
const artifacts = path.resolve(import.meta.dirname, '../../../test-artifacts');
const rendererScript = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');

const request: ApprovalCardModel = {
  appointmentId: 'appt-42',
  patientName: 'Ana García',
  serviceName: 'Dermatology consultation',
  when: 'Tuesday 8 December 2026, 10:20–10:50 (Europe/Madrid)',
  intake: [
    { label: 'Reason for the visit', value: 'A rash on my arm that keeps coming back' },
    { label: 'Date of birth', value: '1988-04-12' },
  ],
  message: 'Mornings suit me best, thank you!',
  sameDay: ['09:00–09:30 Dermatology consultation, approved', '11:40–12:00 Mole check, requested'],
  freeSlots: [
    { title: 'Tue 8 Dec, 11:00', value: '2026-12-08T11:00:00+01:00' },
    { title: 'Wed 9 Dec, 09:40', value: '2026-12-09T09:40:00+01:00' },
  ],
  status: 'requested',
  adminUrl: 'https://consulta.example.com/admin/approvals/appt-42',
};

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 520, height: 900 } });
  await page.setContent('<html><body style="font-family: Segoe UI, sans-serif; margin: 16px; background: #f5f5f5"><div id="card" style="background: #fff; padding: 12px; border-radius: 6px; width: 460px"></div></body></html>');
  await page.addScriptTag({ path: rendererScript });
});
afterAll(async () => browser?.close());

// What the page script touches, typed here because the bot's TypeScript has no DOM library.
interface PageElement {
  textContent: string | null;
  innerText: string;
  replaceChildren(child: PageElement): void;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageGlobals {
  AdaptiveCards: typeof AdaptiveCardsModule;
  document: { getElementById(id: string): PageElement | null };
}

async function render(card: Record<string, unknown>) {
  return page.evaluate((json) => {
    const { AdaptiveCards, document } = globalThis as unknown as PageGlobals;
    const adaptiveCard = new AdaptiveCards.AdaptiveCard();
    const context = new AdaptiveCards.SerializationContext();
    adaptiveCard.parse(json, context);
    // Every event the parser reports is something it did not understand (an unknown type, a bad value).
    const problems = Array.from({ length: context.eventCount }, (_, index) => context.getEventAt(index).message);
    const element = adaptiveCard.render() as unknown as PageElement;
    const holder = document.getElementById('card')!;
    holder.replaceChildren(element);
    const buttons = [...holder.querySelectorAll('button')].map((button) => button.textContent?.trim() ?? '');
    return { problems, buttons, text: holder.innerText };
  }, card);
}

describe('the Teams approval card', () => {
  it('parses and renders with the Adaptive Cards renderer, with every fact and the three decisions', async () => {
    const rendered = await render(approvalCard(request));
    expect(rendered.problems).toEqual([]);
    expect(rendered.text).toContain('Ana García');
    expect(rendered.text).toContain('Tuesday 8 December 2026, 10:20–10:50 (Europe/Madrid)');
    expect(rendered.text).toContain('A rash on my arm that keeps coming back');
    expect(rendered.text).toContain('11:40–12:00 Mole check, requested');
    expect(rendered.buttons).toEqual(expect.arrayContaining(['Approve', 'Decline', 'Propose other times', 'Open in Consulta']));
    mkdirSync(artifacts, { recursive: true });
    await page.locator('#card').screenshot({ path: path.join(artifacts, 'teams-approval-card.png') });
  });

  it('shows the decision instead of the buttons once the request is decided', async () => {
    const decided = approvalCard({ ...request, status: 'approved', outcome: { headline: 'Approved', by: 'Dr. Elena López', at: 'Mon 30 Nov, 18:05' } });
    const rendered = await render(decided);
    expect(rendered.problems).toEqual([]);
    expect(rendered.text).toContain('Approved');
    expect(rendered.text).toContain('Dr. Elena López · Mon 30 Nov, 18:05');
    expect(rendered.buttons).not.toContain('Approve');
    await page.locator('#card').screenshot({ path: path.join(artifacts, 'teams-approval-card-decided.png') });
  });
});
