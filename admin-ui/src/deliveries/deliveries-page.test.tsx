// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { DeliveriesPage } from './deliveries-page';
import { deadLetter, fakeDeliveriesServer } from './fake-deliveries-server';

afterEach(cleanup);

const letters = () => [
  deadLetter('n-1'),
  deadLetter('n-2', { event: 'reminder', recipientId: 'patient-ana', channel: 'whatsapp', attempts: 5, reason: 'retries_exhausted: whatsapp_down', failedAt: '2026-11-29T18:30:00.000Z' }, 'WhatsApp template rejected'),
  deadLetter('n-3', { event: 'appointment.requested', appointmentId: 'appt-7', recipientId: 'dr-lopez', channel: 'email' }, 'SMTP 550 mailbox unavailable'),
];
const rows = () => within(screen.getByRole('table', { name: 'Failed notifications' })).getAllByRole('row').slice(1);
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').slice(1, 7).map((cell) => cell.textContent);

describe('the failed notifications page', () => {
  it('lists each dead letter with its event, channel, recipient, attempts, last error and time', async () => {
    const server = fakeDeliveriesServer({ letters: letters() });
    renderPage(<DeliveriesPage />, { fetch: server.fetch });
    await screen.findByRole('table', { name: 'Failed notifications' });
    expect(rows().map(cells)).toEqual([
      ['28 Nov 2026, 09:02', 'appointment.approvedappt-1', 'sms', 'patient-ben', '2', 'Twilio unavailableretries_exhausted: twilio_down'],
      ['29 Nov 2026, 18:30', 'reminderappt-1', 'whatsapp', 'patient-ana', '5', 'WhatsApp template rejectedretries_exhausted: whatsapp_down'],
      ['28 Nov 2026, 09:02', 'appointment.requestedappt-7', 'email', 'dr-lopez', '2', 'SMTP 550 mailbox unavailableretries_exhausted: twilio_down'],
    ]);
    expect(screen.getByRole('button', { name: 'Retry selected (0)' }).hasAttribute('disabled')).toBe(true);
  });

  it('retries one row; it leaves the list', async () => {
    const user = userEvent.setup();
    const server = fakeDeliveriesServer({ letters: letters() });
    renderPage(<DeliveriesPage />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Retry reminder to patient-ana by whatsapp' }));
    expect(await screen.findByText('Retried 1 notification: queued again on their channels.')).toBeTruthy();
    expect(server.calls.filter((call) => call.method === 'POST')).toEqual([{ method: 'POST', path: '/notifications/n-2/retry', csrf: expect.any(String) }]);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'Retry reminder to patient-ana by whatsapp' })).toBeNull();
    expect(server.letters.has('n-2')).toBe(false);
  });

  it('retries the selected rows one by one and names any the server refused', async () => {
    const user = userEvent.setup();
    const server = fakeDeliveriesServer({
      letters: letters(),
      failures: { 'POST /notifications/n-3/retry': { status: 404, code: 'failed_notification_not_found', message: 'No failed notification with id "n-3".' } },
    });
    renderPage(<DeliveriesPage />, { fetch: server.fetch });
    await user.click(await screen.findByRole('checkbox', { name: 'Select all failed notifications' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select reminder to patient-ana by whatsapp' }));
    expect((screen.getByRole('checkbox', { name: 'Select all failed notifications' }) as HTMLInputElement).indeterminate).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Retry selected (2)' }));

    expect(await screen.findByText('Retried 1 notification: queued again on their channels.')).toBeTruthy();
    expect(screen.getByText('appointment.requested to dr-lopez by email: No failed notification with id "n-3".')).toBeTruthy();
    expect(server.calls.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual(['/notifications/n-1/retry', '/notifications/n-3/retry']);
    // The refused one stays (and stays selected); the retried one is gone.
    await waitFor(() => expect(rows().map((row) => cells(row)[3])).toEqual(['patient-ana', 'dr-lopez']));
    expect(screen.getByRole('button', { name: 'Retry selected (1)' })).toBeTruthy();
  });

  it("shows the server's refusal to list, and an empty list", async () => {
    const refused = fakeDeliveriesServer({ failures: { 'GET /notifications/dead-letters': { status: 403, code: 'forbidden', message: 'Only admins manage notifications.' } } });
    renderPage(<DeliveriesPage />, { fetch: refused.fetch });
    expect(await screen.findByText('Could not load the failed notifications: Only admins manage notifications.')).toBeTruthy();
    cleanup();

    renderPage(<DeliveriesPage />, { fetch: fakeDeliveriesServer().fetch });
    expect(await screen.findByText(/No failed notifications/)).toBeTruthy();
  });
});
