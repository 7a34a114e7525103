// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { fakeCalendarServer, professional } from './fake-calendar-server';
import { CalendarPage } from './calendar-page';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  // Monday 19 October 2026, 10:00 in Madrid.
  vi.setSystemTime(new Date('2026-10-19T08:00:00Z'));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const lopez = professional({ id: 'dr-lopez', name: 'Dr. Elena López', timeZone: 'Europe/Madrid', serviceIds: ['derm-consult', 'derm-check'] });
const storedHours = {
  weekly: [{ weekday: 1, start: '09:00', end: '13:00' }, { weekday: 2, start: '09:00', end: '13:00' }, { weekday: 2, start: '15:00', end: '18:00' }],
  exceptions: [{ date: '2026-10-23', closed: true, reason: 'Congress' }],
};

function open(failures?: Parameters<typeof fakeCalendarServer>[0]['failures']) {
  const server = fakeCalendarServer({ professionals: [lopez], availability: { 'dr-lopez': storedHours }, failures });
  renderPage(<CalendarPage user={{ id: 'dr-lopez', role: 'professional' }} />, { fetch: server.fetch, path: '/?tab=hours' });
  return { server, user: userEvent.setup() };
}

async function retype(user: ReturnType<typeof userEvent.setup>, name: string, value: string) {
  const input = screen.getByRole('textbox', { name });
  await user.clear(input);
  await user.type(input, value);
}

const sent = (server: ReturnType<typeof fakeCalendarServer>, method: string, path: string) => server.calls.filter((call) => call.method === method && call.path === path);
const times = (day: string) => within(screen.getByRole('region', { name: `Slots on ${day}` })).queryAllByRole('listitem').map((item) => item.textContent);

describe('the opening hours editor', () => {
  it('previews the slots of the draft hours by local day, without saving, then saves exactly the draft', async () => {
    const { server, user } = open();
    expect(((await screen.findByRole('textbox', { name: 'Tuesday, window 2, start' })) as HTMLInputElement).value).toBe('15:00');
    expect(screen.getByRole('group', { name: 'Exception 1 (Fri 23 Oct)' })).toBeTruthy();
    expect(screen.getByText(/Hours are on Dr. Elena López's clocks \(Europe\/Madrid\)/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Add hours on Wednesday' }));
    await retype(user, 'Wednesday, window 1, end', '11:00');
    await user.click(screen.getByRole('button', { name: 'Preview slots' }));

    await screen.findByText('26 slots from Mon 19 Oct to Sun 25 Oct, times in Europe/Madrid. Nothing is saved yet.');
    const weekly = [
      { weekday: 1, start: '09:00', end: '13:00' }, { weekday: 2, start: '09:00', end: '13:00' }, { weekday: 2, start: '15:00', end: '18:00' },
      { weekday: 3, start: '09:00', end: '11:00' },
    ];
    const exceptions = [{ date: '2026-10-23', closed: true, reason: 'Congress' }];
    expect(sent(server, 'POST', '/professionals/dr-lopez/availability/preview').map((call) => call.body)).toEqual([
      { weekly, exceptions, service: 'derm-consult', from: '2026-10-19', to: '2026-10-25' },
    ]);
    expect(times('Monday 19 October 2026')).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30']);
    expect(times('Wednesday 21 October 2026')).toEqual(['09:00', '09:30', '10:00', '10:30']);
    expect(within(screen.getByRole('region', { name: 'Slots on Friday 23 October 2026' })).getByText('No slots')).toBeTruthy();
    expect(sent(server, 'PUT', '/professionals/dr-lopez/availability')).toEqual([]);

    // Another service and range: the hour-long check, over two days only.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Service' }), 'derm-check');
    fireEvent.change(screen.getByLabelText('Last day'), { target: { value: '2026-10-20' } });
    await user.click(screen.getByRole('button', { name: 'Preview slots' }));
    await screen.findByText('11 slots from Mon 19 Oct to Tue 20 Oct, times in Europe/Madrid. Nothing is saved yet.');
    expect(sent(server, 'POST', '/professionals/dr-lopez/availability/preview').at(-1)!.body).toMatchObject({ service: 'derm-check', from: '2026-10-19', to: '2026-10-20' });
    expect(times('Tuesday 20 October 2026')).toEqual(['09:00', '10:00', '11:00', '12:00', '15:00', '16:00', '17:00']);

    await user.click(screen.getByRole('button', { name: 'Save opening hours' }));
    expect(await screen.findByText('Saved the opening hours of Dr. Elena López.')).toBeTruthy();
    expect(sent(server, 'PUT', '/professionals/dr-lopez/availability')).toEqual([
      expect.objectContaining({ body: { weekly, exceptions }, csrf: expect.any(String) }),
    ]);
    expect(server.availabilityOf('dr-lopez')).toEqual({ weekly, exceptions });
    expect(screen.getByRole('button', { name: 'Save opening hours' }).hasAttribute('disabled')).toBe(true);
  });

  it('stops a bad interval before anything is sent, and says what is wrong where', async () => {
    const { server, user } = open();
    await screen.findByRole('textbox', { name: 'Monday, window 1, end' });
    await retype(user, 'Monday, window 1, end', '08:00');
    await user.click(screen.getByRole('button', { name: 'Add hours on Tuesday' }));
    // A new window starts where the day's last one ended.
    expect((screen.getByRole('textbox', { name: 'Tuesday, window 3, start' }) as HTMLInputElement).value).toBe('18:00');
    await retype(user, 'Tuesday, window 3, start', '12:00');
    await retype(user, 'Tuesday, window 3, end', '14:00');
    await user.click(screen.getByRole('button', { name: 'Add hours on Wednesday' }));
    await retype(user, 'Wednesday, window 1, end', '9.30');

    await user.click(screen.getByRole('button', { name: 'Preview slots' }));
    expect(await screen.findByText('Fix the 3 marked problems first: nothing was previewed or saved.')).toBeTruthy();
    const mondayEnd = screen.getByRole('textbox', { name: 'Monday, window 1, end' });
    expect(mondayEnd.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(mondayEnd.getAttribute('aria-describedby')!.split(' ').at(-1)!)!.textContent).toBe('The end must be after the start.');
    expect(screen.getByText('Write the end as HH:mm (e.g. 17:30), not "9.30".')).toBeTruthy();
    expect(screen.getByText('Overlaps 09:00–13:00 on Tuesday.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save opening hours' }));
    expect(server.calls.filter((call) => call.method !== 'GET')).toEqual([]);

    // Fixed, the marks go as the person types.
    await retype(user, 'Monday, window 1, end', '13:00');
    await retype(user, 'Wednesday, window 1, end', '11:00');
    expect(await screen.findByText('Fix the marked problem first: nothing was previewed or saved.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove Tuesday, window 3' }));
    expect(screen.queryByText(/Fix the/)).toBeNull();

    // A reversed range is not asked for either.
    fireEvent.change(screen.getByLabelText('Last day'), { target: { value: '2026-10-18' } });
    await user.click(screen.getByRole('button', { name: 'Preview slots' }));
    expect(await screen.findByText('The first day must not be after the last.')).toBeTruthy();
    expect(server.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });

  it("edits exceptions and shows core-api's message when it refuses to save", async () => {
    const { server, user } = open({
      'PUT /professionals/dr-lopez/availability': {
        status: 400, code: 'invalid_availability', message: 'The availability is not valid.', details: [{ field: 'exceptions[1]', message: 'an open exception needs start before end.' }],
      },
    });
    await screen.findByRole('group', { name: 'Exception 1 (Fri 23 Oct)' });
    await user.click(screen.getByRole('button', { name: 'Add changed hours' }));
    const added = screen.getByRole('group', { name: 'Exception 2 (Mon 19 Oct)' });
    fireEvent.change(within(added).getByLabelText('Date'), { target: { value: '2026-10-30' } });
    const changed = screen.getByRole('group', { name: 'Exception 2 (Fri 30 Oct)' });
    await user.clear(within(changed).getByRole('textbox', { name: 'From' }));
    await user.type(within(changed).getByRole('textbox', { name: 'From' }), '10:00');
    await user.type(within(changed).getByRole('textbox', { name: 'Reason (optional)' }), 'Half day');
    // The congress day is open after all, in the afternoon only.
    const congress = screen.getByRole('group', { name: 'Exception 1 (Fri 23 Oct)' });
    await user.click(within(congress).getByRole('checkbox', { name: 'Closed all day' }));
    await user.clear(within(congress).getByRole('textbox', { name: 'From' }));
    await user.type(within(congress).getByRole('textbox', { name: 'From' }), '15:00');
    await user.clear(within(congress).getByRole('textbox', { name: 'To' }));
    await user.type(within(congress).getByRole('textbox', { name: 'To' }), '19:00');

    await user.click(screen.getByRole('button', { name: 'Save opening hours' }));
    expect(await screen.findByText('Could not save: The availability is not valid. exceptions[1]: an open exception needs start before end.')).toBeTruthy();
    expect(sent(server, 'PUT', '/professionals/dr-lopez/availability').map((call) => call.body)).toEqual([
      {
        weekly: storedHours.weekly,
        exceptions: [
          { date: '2026-10-23', closed: false, start: '15:00', end: '19:00', reason: 'Congress' },
          { date: '2026-10-30', closed: false, start: '10:00', end: '13:00', reason: 'Half day' },
        ],
      },
    ]);
    expect(server.availabilityOf('dr-lopez')).toEqual(storedHours);

    // Discarding goes back to what is stored.
    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(screen.queryByRole('group', { name: /Exception 2/ })).toBeNull();
    expect(within(screen.getByRole('group', { name: 'Exception 1 (Fri 23 Oct)' })).getByRole('checkbox', { name: 'Closed all day' })).toHaveProperty('checked', true);
  });
});
