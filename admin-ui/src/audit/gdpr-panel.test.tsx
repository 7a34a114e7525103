// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { captureDownloads, readBlob } from './fake-downloads';
import { fakeAuditServer, personalData } from './fake-audit-server';
import { GdprPanel } from './gdpr-panel';

let saved: Array<{ name: string; blob: Blob }> = [];
beforeEach(() => {
  saved = captureDownloads();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

// As in the approvals tests: Fluent's focus manager may leave an open dialog aria-hidden in jsdom, so queries in it include hidden elements.
const hidden = { hidden: true } as const;
async function dialogTitled(title: string) {
  const dialog = await screen.findByRole('alertdialog', hidden);
  expect(within(dialog).getByRole('heading', hidden).textContent).toBe(title);
  return dialog;
}

describe('the GDPR panel', () => {
  it('exports a user as a JSON file and sums up what each module holds', async () => {
    const user = userEvent.setup();
    const server = fakeAuditServer();
    renderPage(<GdprPanel />, { fetch: server.fetch });
    await user.type(screen.getByRole('textbox', { name: /^User id/ }), ' patient-ana ');
    await user.click(screen.getByRole('button', { name: 'Export data' }));

    const summary = await screen.findByRole('table', { name: 'Data held about patient-ana, by module' });
    expect(server.calls).toEqual([expect.objectContaining({ method: 'GET', path: '/users/patient-ana/export' })]);
    expect(within(summary).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent).join(' '))).toEqual([
      'identity profile 1', 'identity channelIdentities 2', 'identity consents 1', 'identity accessLog 3',
      'appointments appointments 2',
      'notifications notifications 1', 'notifications preferences 0', 'notifications pushDevices 0',
    ]);
    expect(screen.getByText(/Exported patient-ana \(28 Nov 2026, 10:00:00\) as personal-data-patient-ana.json/)).toBeTruthy();
    expect(saved.map((file) => file.name)).toEqual(['personal-data-patient-ana.json']);
    expect(saved[0]!.blob.type).toBe('application/json');
    expect(JSON.parse(await readBlob(saved[0]!.blob))).toEqual({ userId: 'patient-ana', exportedAt: '2026-11-28T10:00:00.000Z', modules: personalData('patient-ana') });

    await user.click(screen.getByRole('button', { name: 'Download personal-data-patient-ana.json again' }));
    expect(saved).toHaveLength(2);
    expect(server.calls).toHaveLength(1);
  });

  it('erases only after the admin types the user id again, and shows when', async () => {
    const user = userEvent.setup();
    const server = fakeAuditServer();
    renderPage(<GdprPanel />, { fetch: server.fetch });
    await user.type(screen.getByRole('textbox', { name: /^User id/ }), 'patient-ben');

    // Cancelled: nothing sent.
    await user.click(screen.getByRole('button', { name: 'Erase user…' }));
    let dialog = await dialogTitled('Erase patient-ben?');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel', ...hidden }));
    await waitFor(() => expect(screen.queryByRole('alertdialog', hidden)).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Erase user…' }));
    dialog = await dialogTitled('Erase patient-ben?');
    const confirm = within(dialog).getByRole('textbox', { name: /Type patient-ben to confirm/, ...hidden });
    await user.type(confirm, 'patient-ana');
    await user.click(within(dialog).getByRole('button', { name: 'Erase for good', ...hidden }));
    expect(await within(dialog).findByText('The id you typed is not the one to erase.')).toBeTruthy();
    expect(server.calls).toEqual([]);

    await user.clear(confirm);
    await user.type(confirm, 'patient-ben');
    await user.click(within(dialog).getByRole('button', { name: 'Erase for good', ...hidden }));
    expect(await screen.findByText('Erased patient-ben on 28 Nov 2026, 10:05:00.')).toBeTruthy();
    expect(server.calls).toEqual([expect.objectContaining({ method: 'POST', path: '/users/patient-ben/erase', csrf: expect.any(String) })]);
    expect(server.erased.has('patient-ben')).toBe(true);
    await waitFor(() => expect(screen.queryByRole('alertdialog', hidden)).toBeNull());
  });

  it("shows core-api's answer for an unknown user and a refusal", async () => {
    const user = userEvent.setup();
    const server = fakeAuditServer({ failures: { 'GET /users/patient-ben/export': { status: 403, code: 'forbidden', message: 'You may not do this.' } } });
    renderPage(<GdprPanel />, { fetch: server.fetch });
    const id = screen.getByRole('textbox', { name: /^User id/ });
    await user.type(id, 'patient-nobody');
    await user.click(screen.getByRole('button', { name: 'Erase user…' }));
    const dialog = await dialogTitled('Erase patient-nobody?');
    await user.type(within(dialog).getByRole('textbox', { name: /to confirm/, ...hidden }), 'patient-nobody');
    await user.click(within(dialog).getByRole('button', { name: 'Erase for good', ...hidden }));
    expect(await screen.findByText('Could not erase patient-nobody: No user with id "patient-nobody".')).toBeTruthy();

    await user.clear(id);
    await user.type(id, 'patient-ben');
    await user.click(screen.getByRole('button', { name: 'Export data' }));
    expect(await screen.findByText('Could not export patient-ben: You may not do this.')).toBeTruthy();
    expect(saved).toEqual([]);
  });
});
