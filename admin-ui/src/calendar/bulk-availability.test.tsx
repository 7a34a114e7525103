// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { fakeCalendarServer, professional } from './fake-calendar-server';
import { CalendarPage } from './calendar-page';

afterEach(cleanup);

const professionals = [
  professional({ id: 'dr-lopez', name: 'Dr. Elena López', timeZone: 'Europe/Madrid' }),
  professional({ id: 'dr-kent', name: 'Dr. Sam Kent', timeZone: 'America/New_York' }),
  professional({ id: 'dr-ito', name: 'Dr. Aiko Ito', timeZone: 'Asia/Tokyo' }),
];
const availability = {
  'dr-lopez': { weekly: [{ weekday: 1, start: '08:00', end: '12:00' }], exceptions: [{ date: '2026-10-23', closed: true, reason: 'Congress' }] },
  'dr-kent': {
    weekly: [{ weekday: 3, start: '10:00', end: '16:00' }],
    exceptions: [{ date: '2026-11-26', closed: true, reason: 'Thanksgiving' }, { date: '2026-11-27', closed: false, start: '09:00', end: '12:00' }],
  },
  'dr-ito': { weekly: [{ weekday: 2, start: '09:00', end: '18:00' }], exceptions: [] },
};

// Tabster (Fluent's focus manager) hides "everything but the modal" on a timer; in jsdom under load the
// dialog itself can be caught aria-hidden for a moment, which also blanks the names computed inside it.
// So the dialog is found including hidden ones, by its text, and its buttons by their text.
async function confirmation(title: string) {
  await waitFor(() => expect(screen.getByRole('dialog', { hidden: true }).textContent).toContain(title));
  return screen.getByRole('dialog', { hidden: true });
}
const buttonIn = (dialog: HTMLElement, text: string) => within(dialog).getByText(text, { selector: 'button' });

function open(failures?: Parameters<typeof fakeCalendarServer>[0]['failures']) {
  const server = fakeCalendarServer({ professionals, availability, failures });
  renderPage(<CalendarPage user={{ id: 'admin-sam', role: 'admin' }} />, { fetch: server.fetch, path: '/?tab=bulk' });
  return { server, user: userEvent.setup() };
}

describe('setting the weekly hours of several professionals', () => {
  it("replaces only the weekly hours of the chosen professionals, in one change, keeping each one's exceptions", async () => {
    const { server, user } = open();
    await screen.findByRole('heading', { name: 'Set the weekly hours of several professionals' });
    expect(screen.getByText(/Their exceptions \(closed days and\s+changed hours\) are kept/)).toBeTruthy();

    // Nothing picked: nothing asked.
    await user.click(screen.getByRole('button', { name: 'Apply to 0 professionals…' }));
    expect(await screen.findByText('Pick at least one professional.')).toBeTruthy();

    // The template: weekdays nine to five, minus Friday, plus Saturday morning.
    await user.click(screen.getByRole('button', { name: 'Remove Friday, window 1' }));
    await user.click(screen.getByRole('button', { name: 'Add hours on Saturday' }));
    await user.clear(screen.getByRole('textbox', { name: 'Saturday, window 1, end' }));
    await user.type(screen.getByRole('textbox', { name: 'Saturday, window 1, end' }), '13:00');
    await user.click(screen.getByRole('checkbox', { name: 'Dr. Elena López (Europe/Madrid)' }));
    await user.click(screen.getByRole('checkbox', { name: 'Dr. Sam Kent (America/New_York)' }));

    // Cancelling the confirmation sends nothing.
    await user.click(screen.getByRole('button', { name: 'Apply to 2 professionals…' }));
    let dialog = await confirmation('Replace the weekly hours of 2 professionals?');
    expect(dialog.textContent).toContain('Dr. Elena López and Dr. Sam Kent will have only the template');
    await user.click(buttonIn(dialog, 'Cancel'));
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
    expect(server.calls.filter((call) => call.method !== 'GET')).toEqual([]);

    await user.click(await screen.findByRole('button', { name: 'Apply to 2 professionals…' }));
    dialog = await confirmation('Replace the weekly hours of 2 professionals?');
    await user.click(buttonIn(dialog, 'Replace weekly hours'));
    expect(await screen.findByText('Replaced the weekly hours of Dr. Elena López and Dr. Sam Kent; their exceptions were kept.')).toBeTruthy();

    const weekly = [1, 2, 3, 4].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })).concat([{ weekday: 6, start: '09:00', end: '13:00' }]);
    const puts = server.calls.filter((call) => call.method !== 'GET');
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({
      method: 'PUT', path: '/availability', csrf: expect.any(String),
      body: {
        items: [
          { professionalId: 'dr-lopez', weekly, exceptions: availability['dr-lopez'].exceptions },
          { professionalId: 'dr-kent', weekly, exceptions: availability['dr-kent'].exceptions },
        ],
      },
    });
    expect(server.availabilityOf('dr-kent')).toEqual({ weekly, exceptions: availability['dr-kent'].exceptions });
    expect(server.availabilityOf('dr-ito')).toEqual(availability['dr-ito']);

    // The single editor now opens on what was stored
    // (found by waiting: the page is aria-hidden until tabster's timer notices the dialog is gone)
    await user.click(await screen.findByRole('tab', { name: 'Opening hours' }));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Professional' }), 'dr-kent');
    expect((await screen.findByRole('textbox', { name: 'Saturday, window 1, end' }) as HTMLInputElement).value).toBe('13:00');
    expect(screen.getByRole('group', { name: 'Exception 1 (Thu 26 Nov)' })).toBeTruthy();
  });

  it("changes nobody when core-api refuses one, and shows its message", async () => {
    const { server, user } = open({ 'PUT /availability': { status: 400, code: 'unknown_professional', message: 'items[1]: no professional "dr-kent".' } });
    await user.click(await screen.findByRole('checkbox', { name: 'All professionals' }));
    await user.click(await screen.findByRole('button', { name: 'Apply to 3 professionals…' }));
    await user.click(buttonIn(await confirmation('Replace the weekly hours of 3 professionals?'), 'Replace weekly hours'));
    expect(await screen.findByText('Nothing was changed: items[1]: no professional "dr-kent".')).toBeTruthy();
    expect(server.calls.filter((call) => call.method === 'PUT')[0]!.body).toMatchObject({ items: [{ professionalId: 'dr-lopez' }, { professionalId: 'dr-kent' }, { professionalId: 'dr-ito' }] });
    expect(server.availabilityOf('dr-lopez')).toEqual(availability['dr-lopez']);
  });
});
