// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { appointment, fakeCalendarServer, professional } from './fake-calendar-server';
import { CalendarPage } from './calendar-page';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const lopez = professional({ id: 'dr-lopez', name: 'Dr. Elena López', timeZone: 'Europe/Madrid' });
const kent = professional({ id: 'dr-kent', name: 'Dr. Sam Kent', timeZone: 'America/New_York', serviceIds: ['physio-session'] });

const appointments = () => [
  // Ends at Madrid's midnight starting the week: not in it.
  appointment({ id: 'before', start: '2026-10-18T23:30:00+02:00', end: '2026-10-19T00:00:00+02:00', patientId: 'patient-zoe' }),
  appointment({ id: 'wednesday', start: '2026-10-21T09:00:00+02:00', end: '2026-10-21T09:30:00+02:00', patientId: 'patient-ana' }),
  // Sunday, after the clocks went back: 09:00Z is 10:00 in Madrid now.
  appointment({ id: 'sunday', start: '2026-10-25T10:00:00+01:00', end: '2026-10-25T11:00:00+01:00', patientId: 'patient-ben', serviceId: 'derm-check', status: 'approved' }),
  appointment({
    id: 'kent', professionalId: 'dr-kent', timeZone: 'America/New_York', start: '2026-10-21T13:00:00Z', end: '2026-10-21T13:45:00Z', patientId: 'patient-chloe', serviceId: 'physio-session',
  }),
];

const day = (name: string) => screen.getByRole('region', { name });
const items = (name: string) => within(day(name)).queryAllByRole('listitem').map((item) => item.textContent);
const lastQuery = (server: ReturnType<typeof fakeCalendarServer>) => {
  const query = server.calls.filter((call) => call.path === '/appointments').at(-1)!.query;
  return { from: query.get('from'), to: query.get('to'), status: query.get('status'), professionalId: query.get('professionalId') };
};

describe('the calendar', () => {
  it("shows a professional's week on their own clocks, across the night the clocks go back", async () => {
    const server = fakeCalendarServer({ professionals: [lopez, kent], appointments: appointments() });
    renderPage(<CalendarPage user={{ id: 'dr-lopez', role: 'professional' }} />, { fetch: server.fetch, path: '/?date=2026-10-21' });

    await screen.findByText('2 appointments this week.');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Week of Mon 19 Oct to Sun 25 Oct');
    expect(screen.getByText('Europe/Madrid')).toBeTruthy();
    expect(lastQuery(server)).toEqual({ from: '2026-10-19T00:00:00+02:00', to: '2026-10-26T00:00:00+01:00', status: 'requested,approved', professionalId: 'dr-lopez' });
    // The test browser runs in UTC: these are Madrid's times, not the browser's.
    expect(items('Wednesday 21 October 2026')).toEqual(['09:00–09:30patient-anaDermatology consultationRequested (to decide)']);
    expect(items('Sunday 25 October 2026')).toEqual(['10:00–11:00patient-benMole checkApproved']);
    expect(items('Monday 19 October 2026')).toEqual([]);
    expect(within(day('Monday 19 October 2026')).getByText('Nothing booked.')).toBeTruthy();
    expect(screen.getByText(/The clocks change in Dr. Elena López's time zone during this week \(CEST to CET\)/)).toBeTruthy();
    // A professional sees only their own calendar: no picker, no bulk change.
    expect(screen.queryByRole('combobox', { name: 'Professional' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Several professionals' })).toBeNull();
  });

  it("lets an admin pick a New York professional, and moves by week and day on that professional's calendar", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // Early on 21 October in Madrid, still the 20th in New York.
    vi.setSystemTime(new Date('2026-10-21T03:00:00Z'));
    const user = userEvent.setup();
    const server = fakeCalendarServer({ professionals: [lopez, kent], appointments: appointments() });
    renderPage(<CalendarPage user={{ id: 'admin-sam', role: 'admin' }} />, { fetch: server.fetch });

    await screen.findByText('2 appointments this week.');
    expect(lastQuery(server).professionalId).toBe('dr-lopez');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Professional' }), 'dr-kent');
    await screen.findByText('1 appointment this week.');
    expect(screen.getByText('America/New_York')).toBeTruthy();
    expect(lastQuery(server)).toMatchObject({ from: '2026-10-19T00:00:00-04:00', to: '2026-10-26T00:00:00-04:00', professionalId: 'dr-kent' });
    // 13:00Z is 09:00 in New York (EDT); the Madrid appointments of that day are not Dr. Kent's.
    expect(items('Wednesday 21 October 2026')).toEqual(['09:00–09:45patient-chloePhysiotherapy sessionRequested (to decide)']);
    expect(within(day('Tuesday 20 October 2026')).getByRole('heading').textContent).toContain('(today)');

    await user.click(screen.getByRole('button', { name: 'Next week' }));
    await waitFor(() => expect(lastQuery(server)).toMatchObject({ from: '2026-10-26T00:00:00-04:00', to: '2026-11-02T00:00:00-05:00' }));
    await screen.findByText('0 appointments this week.');
    expect(screen.getByText(/\(GMT-4 to GMT-5\)/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Day' }));
    await waitFor(() => expect(lastQuery(server)).toMatchObject({ from: '2026-10-27T00:00:00-04:00', to: '2026-10-28T00:00:00-04:00' }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Tuesday 27 October 2026');
    await user.click(screen.getByRole('button', { name: 'Previous day' }));
    await waitFor(() => expect(lastQuery(server)).toMatchObject({ from: '2026-10-26T00:00:00-04:00', to: '2026-10-27T00:00:00-04:00' }));
    await user.click(screen.getByRole('button', { name: 'Today' }));
    await waitFor(() => expect(lastQuery(server)).toMatchObject({ from: '2026-10-20T00:00:00-04:00', to: '2026-10-21T00:00:00-04:00' }));
    await screen.findByText('0 appointments this day.');

    // From a week, a day's heading opens that day.
    await user.click(screen.getByRole('button', { name: 'Week' }));
    await user.click(await screen.findByRole('button', { name: 'Open Wednesday 21 October 2026' }));
    await waitFor(() => expect(lastQuery(server)).toMatchObject({ from: '2026-10-21T00:00:00-04:00', to: '2026-10-22T00:00:00-04:00' }));
    expect(await screen.findByText('1 appointment this day.')).toBeTruthy();
  });

  it("shows the server's message when the appointments cannot load", async () => {
    const server = fakeCalendarServer({
      professionals: [lopez], failures: { 'GET /appointments': { status: 403, code: 'forbidden', message: 'You may not do this.' } },
    });
    renderPage(<CalendarPage user={{ id: 'dr-lopez', role: 'professional' }} />, { fetch: server.fetch, path: '/?date=2026-10-21' });
    expect(await screen.findByText('Could not load the appointments: You may not do this.')).toBeTruthy();
  });
});
