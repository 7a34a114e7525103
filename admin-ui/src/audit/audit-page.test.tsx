// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { captureDownloads, readBlob } from './fake-downloads';
import { AuditPage } from './audit-page';
import { auditEntry, fakeAuditServer } from './fake-audit-server';

/** Files the page handed the browser to save: name and content. */
let saved: Array<{ name: string; blob: Blob }> = [];
beforeEach(() => {
  saved = captureDownloads();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const at = (day: number, hour = 9) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const entries = () => [
  auditEntry({ id: '1', at: at(1), actorId: 'dr-lopez', action: 'appointment.approve', resourceId: 'appt-1', patientId: 'patient-ana' }),
  auditEntry({ id: '2', at: at(2), actorId: 'admin-sam', actorRole: 'admin', action: 'user.export', resourceType: 'user', resourceId: 'patient-ana', patientId: 'patient-ana' }),
  auditEntry({ id: '3', at: at(3, 23), actorId: 'assistant', actorRole: 'patient', actingService: 'bot', action: 'appointment.create', resourceId: 'appt-2', patientId: 'patient-ben', channel: 'webchat' }),
  auditEntry({ id: '4', at: at(5), actorId: 'dr-lopez', action: 'appointment.read', resourceId: 'appt-9', patientId: 'patient-chloe', outcome: 'denied' }),
];
const table = () => screen.getByRole('table', { name: 'Audit log entries' });
const rows = () => within(table()).getAllByRole('row').slice(1);
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((cell) => cell.textContent);

describe('the audit page', () => {
  it('shows the newest entries first and pages back with the cursor', async () => {
    const many = Array.from({ length: 60 }, (_, index) => auditEntry({ id: String(index + 1), at: new Date(Date.UTC(2026, 10, 1, 8, index)).toISOString() }));
    const server = fakeAuditServer({ entries: [...entries(), ...many.slice(4)] });
    renderPage(<AuditPage />, { fetch: server.fetch });
    await screen.findByRole('table', { name: 'Audit log entries' });
    expect(rows()).toHaveLength(50);
    expect(cells(rows()[0]!)[0]).toBe('1 Nov 2026, 08:59:00');
    expect(screen.getByText('50 entries shown; older ones follow.')).toBeTruthy();
    expect(Object.fromEntries(server.calls[0]!.query)).toEqual({ limit: '50' });

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Show older entries' }));
    await waitFor(() => expect(rows()).toHaveLength(60));
    expect(Object.fromEntries(server.calls[1]!.query)).toEqual({ limit: '50', cursor: btoa('audit:11').replace(/=+$/, '') });
    expect(cells(rows().at(-1)!)).toEqual(['1 Nov 2026, 09:00:00', 'dr-lopez (professional)', 'appointment.approve', 'appointment appt-1', 'patient-ana', 'allowed', 'api']);
    expect(screen.queryByRole('button', { name: 'Show older entries' })).toBeNull();
    expect(screen.getByText('60 entries shown.')).toBeTruthy();
  });

  it('turns the filters into core-api query parameters, with whole days', async () => {
    const user = userEvent.setup();
    const server = fakeAuditServer({ entries: entries() });
    renderPage(<AuditPage />, { fetch: server.fetch });
    await screen.findByRole('table', { name: 'Audit log entries' });
    expect(cells(rows()[1]!)[1]).toBe('assistant (patient via bot)');
    expect(within(rows()[0]!).getByText('denied')).toBeTruthy();

    await user.type(screen.getByRole('textbox', { name: /^Actor/ }), 'dr-lopez');
    await user.type(screen.getByRole('textbox', { name: /^Subject user/ }), 'patient-ana');
    await user.type(screen.getByLabelText('From day'), '2026-11-01');
    await user.type(screen.getByLabelText('To day (included)'), '2026-11-03');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    // The test runs in UTC: the last day ends at the next midnight, which core-api takes as exclusive.
    expect(Object.fromEntries(server.calls.at(-1)!.query)).toEqual({
      actor: 'dr-lopez', patient: 'patient-ana', from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z', limit: '50',
    });
    expect(cells(rows()[0]!)[2]).toBe('appointment.approve');

    await user.type(screen.getByRole('textbox', { name: /^Action/ }), 'nothing.like.this');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('No entries match these filters.')).toBeTruthy();
    expect(server.calls.at(-1)!.query.get('action')).toBe('nothing.like.this');

    // A range that ends before it starts is not sent.
    const count = server.calls.length;
    await user.clear(screen.getByLabelText('From day'));
    await user.type(screen.getByLabelText('From day'), '2026-11-10');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('The first day comes after the last.')).toBeTruthy();
    expect(server.calls).toHaveLength(count);

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(Object.fromEntries(server.calls.at(-1)!.query)).toEqual({ limit: '50' });
  });

  it('downloads the filtered log as CSV through the API client', async () => {
    const user = userEvent.setup();
    const server = fakeAuditServer({ entries: entries() });
    renderPage(<AuditPage />, { fetch: server.fetch, path: '/?actor=dr-lopez' });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect((screen.getByRole('textbox', { name: /^Actor/ }) as HTMLInputElement).value).toBe('dr-lopez');

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(await screen.findByText(/is downloaded as audit-log.csv/)).toBeTruthy();
    const asked = server.calls.find((call) => call.query.get('format') === 'csv')!;
    expect(asked).toMatchObject({ method: 'GET', path: '/audit', accept: 'text/csv' });
    expect(Object.fromEntries(asked.query)).toEqual({ actor: 'dr-lopez', format: 'csv' });
    expect(saved.map((file) => file.name)).toEqual(['audit-log.csv']);
    const csv = await readBlob(saved[0]!.blob);
    expect(csv.split('\r\n')[0]).toBe('id,at,actorId,actorRole,actingService,action,resourceType,resourceId,patientId,outcome,requestId,channel');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it("shows the server's refusal", async () => {
    const server = fakeAuditServer({ failures: { 'GET /audit': { status: 403, code: 'forbidden', message: 'Only admins may read the audit log.' } } });
    renderPage(<AuditPage />, { fetch: server.fetch });
    expect(await screen.findByText('Could not load the audit log: Only admins may read the audit log.')).toBeTruthy();
  });
});
