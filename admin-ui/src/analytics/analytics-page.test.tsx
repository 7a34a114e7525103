// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { analyticsRow, analyticsSummary, fakeAdminServer } from '../testing/fake-admin-server';
import { renderPage } from '../testing/render';
import { AnalyticsPage } from './analytics-page';
import { lastThirtyDays, localDay } from './analytics-format';

afterEach(cleanup);

const statuses = (counts: Partial<Record<'requested' | 'approved' | 'declined' | 'expired' | 'cancelled' | 'rescheduled' | 'completed' | 'no_show', number>>) => ({
  requested: 0, approved: 0, declined: 0, expired: 0, cancelled: 0, rescheduled: 0, completed: 0, no_show: 0, ...counts,
});

const busyMonth = () =>
  analyticsSummary({
    bookings: { total: 12, byStatus: statuses({ approved: 7, declined: 2, completed: 3 }) },
    timeToDecision: { decided: 9, medianMinutes: 42, p90Minutes: 200 },
    attendance: { total: 10, byStatus: statuses({ completed: 6, no_show: 2, cancelled: 2 }), noShowRate: 0.25, cancellationRate: 0.2 },
    channels: [{ channel: 'webchat', bookings: 8 }, { channel: 'teams', bookings: 4 }],
    assistantBookings: 5,
    bookingsPerDay: [
      { date: '2026-11-02', total: 5, byStatus: statuses({ approved: 3, declined: 2 }) },
      { date: '2026-11-03', total: 7, byStatus: statuses({ approved: 4, completed: 3 }) },
    ],
    assistant: { sessions: 10, sessionsWithBooking: 6, sessionsWithHandoff: 1, bookings: 5, handoffs: 1, completionRate: 0.6, handoffRate: 0.1 },
  });

const figure = (name: string) => screen.getByRole('group', { name });

describe('the analytics page', () => {
  it('asks for the last 30 days by default and shows the figures, the charts and the professionals', async () => {
    const server = fakeAdminServer({
      analytics: busyMonth,
      byProfessional: [analyticsRow({ id: 'dr-lopez', name: 'Dr. Elena López', bookings: { total: 12, byStatus: statuses({ approved: 7, declined: 2 }) }, timeToDecision: { decided: 9, medianMinutes: 42, p90Minutes: 200 } })],
    });
    const { container } = renderPage(<AnalyticsPage role="admin" />, { fetch: server.fetch });
    await screen.findByRole('list', { name: 'Figures' });

    const asked = server.calls.find((call) => call.path === '/analytics/summary')!;
    expect(Object.fromEntries(asked.query)).toEqual(lastThirtyDays());
    expect(lastThirtyDays(new Date(2026, 2, 10))).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(localDay(new Date())).toBe(lastThirtyDays().to);

    expect(figure('Bookings').textContent).toContain('12');
    expect(figure('Time to decision (median)').textContent).toContain('42 min');
    expect(figure('Time to decision (p90)').textContent).toContain('3 h 20 min');
    expect(figure('No-show rate').textContent).toContain('25%');
    expect(figure('Cancellation rate').textContent).toContain('20%');
    expect(figure('Assistant completion rate').textContent).toContain('60%');
    expect(figure('Assistant handoff rate').textContent).toContain('10%');

    // The stacked series are the statuses that occur, in the legend and as bars.
    const legend = [...container.querySelectorAll('.recharts-legend-item-text')].map((item) => item.textContent);
    expect(legend).toEqual(['Approved', 'Completed', 'Declined']);
    expect(container.querySelectorAll('.recharts-bar').length).toBe(4); // three statuses + the channel bar
    expect(container.querySelectorAll('.recharts-bar-rectangle').length).toBeGreaterThan(0);
    expect(screen.getByText(/webchat 8, teams 4/)).toBeTruthy();

    const table = await screen.findByRole('table', { name: 'Figures by professional' });
    const row = within(table).getByRole('row', { name: /Dr. Elena López/ });
    expect(within(row).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Dr. Elena López', '12', '7', '2', '42 min', '3 h 20 min', '—', '—']);
  });

  it('leaves the assistant out when the summary is scoped, and says when the period has no bookings', async () => {
    const server = fakeAdminServer({ analytics: (query) => (query.get('domainId') ? analyticsSummary() : busyMonth()) });
    renderPage(<AnalyticsPage role="admin" />, { fetch: server.fetch });
    await screen.findByRole('list', { name: 'Figures' });
    const domain = screen.getByRole('combobox', { name: 'Domain' });
    await screen.findByRole('option', { name: 'Medical' });
    fireEvent.change(domain, { target: { value: 'medical' } });
    expect(await screen.findByText('No bookings in this period.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Figures' })).toBeNull();
    expect(server.calls.filter((call) => call.path === '/analytics/summary').at(-1)!.query.get('domainId')).toBe('medical');
  });

  it('asks again with the new range when a day changes', async () => {
    const server = fakeAdminServer({ analytics: busyMonth });
    renderPage(<AnalyticsPage role="professional" />, { fetch: server.fetch });
    await screen.findByRole('list', { name: 'Figures' });
    expect(screen.queryByRole('combobox', { name: 'Domain' })).toBeNull();
    const { to } = lastThirtyDays();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });
    await waitFor(() => {
      const summaries = server.calls.filter((call) => call.path === '/analytics/summary');
      expect(Object.fromEntries(summaries.at(-1)!.query)).toEqual({ from: '2026-01-01', to });
    });
    await waitFor(() => expect(server.calls.filter((call) => call.path === '/analytics/by-professional').at(-1)!.query.get('from')).toBe('2026-01-01'));
    // The CSV links follow the range; a professional gets no per-domain table.
    const downloads = within(screen.getByRole('navigation', { name: 'Download as CSV' })).getAllByRole('link');
    expect(downloads.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Bookings per day (CSV)', `/admin/api/v1/analytics/export?from=2026-01-01&to=${to}&table=per-day`],
      ['By professional (CSV)', `/admin/api/v1/analytics/export?from=2026-01-01&to=${to}&table=by-professional`],
    ]);

    // A first day after the last is not sent.
    const before = server.calls.length;
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2099-01-01' } });
    expect(await screen.findByText('The first day must not be after the last.')).toBeTruthy();
    expect(server.calls.length).toBe(before);
  });

  it("shows the API's message when the summary fails", async () => {
    const server = fakeAdminServer({ failures: { 'GET /analytics/summary': { status: 403, code: 'forbidden', message: 'Professionals may only see their own figures.' } } });
    renderPage(<AnalyticsPage role="admin" />, { fetch: server.fetch });
    expect(await screen.findByText('Could not load the analytics: Professionals may only see their own figures.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Figures' })).toBeNull();
  });
});
