// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { focusManager } from '@tanstack/react-query';
import { appointment, fakeAdminServer } from '../testing/fake-admin-server';
import { renderPage } from '../testing/render';
import { ApprovalsPage } from './approvals-page';

afterEach(cleanup);

const requests = () => [
  appointment({ id: 'appt-1', patientId: 'patient-ana', start: '2026-12-08T10:20:00+01:00', end: '2026-12-08T10:50:00+01:00', message: 'Please mornings', intake: { reason: 'A rash on my arm' } }),
  appointment({ id: 'appt-2', patientId: 'patient-ben', start: '2026-12-09T09:00:00+01:00', end: '2026-12-09T09:30:00+01:00', intake: { reason: 'Mole check' } }),
  appointment({ id: 'appt-3', patientId: 'patient-chloe', start: '2026-12-10T11:00:00+01:00', end: '2026-12-10T11:30:00+01:00', intake: { reason: 'Follow-up' } }),
  // Already approved on the first request's day: shown as "that day", not as a request.
  appointment({ id: 'appt-seed-1', patientId: 'patient-ben', status: 'approved', start: '2026-12-08T09:00:00+01:00', end: '2026-12-08T09:30:00+01:00' }),
];

// Fluent's focus manager (tabster) marks everything outside an open dialog aria-hidden on a timer; in jsdom on a
// loaded machine that timer sometimes runs before the dialog has registered, and the dialog itself stays aria-hidden
// (seen only in jsdom). So queries inside dialogs include hidden elements; the browser test drives the real page.
const hidden = { hidden: true } as const;
/** The open dialog with this title (its name comes from the title, which an aria-hidden subtree does not give). */
async function dialogTitled(title: string) {
  const dialog = await screen.findByRole('dialog', hidden);
  expect(within(dialog).getByRole('heading', hidden).textContent).toBe(title);
  return dialog;
}

const card = (patient: RegExp) => screen.getAllByRole('article').find((element) => patient.test(element.textContent ?? ''))!;

describe('the approvals inbox', () => {
  it('shows each pending request with patient, service, local time, intake answers and the rest of that day', async () => {
    const server = fakeAdminServer({ appointments: requests() });
    renderPage(<ApprovalsPage role="professional" />, { fetch: server.fetch });
    await screen.findByRole('heading', { name: 'Ana García · Dermatology consultation' });
    const ana = card(/Ana García/);
    // 10:20 in Madrid, the professional's zone, whatever the browser's zone (UTC in tests).
    expect(ana.textContent).toContain('Tue 8 Dec, 10:20 CET');
    expect(within(ana).getByText('Reason for the visit')).toBeTruthy();
    expect(within(ana).getByText('A rash on my arm')).toBeTruthy();
    expect(within(ana).getByText('Please mornings')).toBeTruthy();
    await waitFor(() => expect(within(ana).getByText(/09:00–09:30 Dermatology consultation \(approved\)/)).toBeTruthy());
    expect(screen.getAllByRole('article')).toHaveLength(3);
  });

  it('will not decline without a reason, then declines with the one given', async () => {
    const user = userEvent.setup();
    const server = fakeAdminServer({ appointments: requests() });
    renderPage(<ApprovalsPage role="professional" />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Decline the request from Ana García' }));
    const dialog = await dialogTitled('Decline the request from Ana García');
    await user.click(within(dialog).getByRole('button', { name: 'Decline', ...hidden }));
    expect(await within(dialog).findByText('Give a reason to decline.')).toBeTruthy();
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByRole('textbox', { name: /Reason/, ...hidden }), 'Fully booked that week');
    await user.click(within(dialog).getByRole('button', { name: 'Decline', ...hidden }));
    await waitFor(() => expect(server.status('appt-1')).toBe('declined'));
    const posted = server.calls.filter((call) => call.method === 'POST');
    expect(posted).toEqual([expect.objectContaining({ path: '/appointments/appt-1/decline', body: { reason: 'Fully booked that week' } })]);
    expect(await screen.findByText('Declined 1 request.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('heading', { name: /Ana García/ })).toBeNull());
  });

  it('approves just the selected requests in one call', async () => {
    const user = userEvent.setup();
    const server = fakeAdminServer({ appointments: requests() });
    renderPage(<ApprovalsPage role="professional" />, { fetch: server.fetch });
    await user.click(await screen.findByRole('checkbox', { name: 'Select the request from Ana García' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Select the request from Chloé Dubois' }));
    await user.click(screen.getByRole('button', { name: 'Approve selected (2)' }));

    await waitFor(() => expect(server.status('appt-3')).toBe('approved'));
    const posted = server.calls.filter((call) => call.method === 'POST');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      path: '/appointments/decisions',
      body: { decisions: [{ appointmentId: 'appt-1', decision: 'approve' }, { appointmentId: 'appt-3', decision: 'approve' }] },
    });
    expect(server.status('appt-2')).toBe('requested');
    expect(await screen.findByText('Approved 2 requests.')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(1));
    expect(screen.getByRole('heading', { name: /Ben Carter/ })).toBeTruthy();
  });

  it('declines several with one required reason', async () => {
    const user = userEvent.setup();
    const server = fakeAdminServer({ appointments: requests() });
    renderPage(<ApprovalsPage role="admin" />, { fetch: server.fetch });
    await user.click(await screen.findByRole('checkbox', { name: /Select all/ }));
    await user.click(screen.getByRole('button', { name: 'Decline selected (3)…' }));
    const dialog = await dialogTitled('Decline 3 selected requests');
    await user.click(within(dialog).getByRole('button', { name: 'Decline', ...hidden }));
    expect(await within(dialog).findByText('Give a reason to decline.')).toBeTruthy();
    await user.type(within(dialog).getByRole('textbox', { name: /Reason/, ...hidden }), 'Clinic closed');
    await user.click(within(dialog).getByRole('button', { name: 'Decline', ...hidden }));
    await waitFor(() => expect(server.calls.some((call) => call.path === '/appointments/decisions')).toBe(true));
    const decisions = (server.calls.find((call) => call.path === '/appointments/decisions')!.body as { decisions: unknown[] }).decisions;
    expect(decisions).toEqual(['appt-1', 'appt-2', 'appt-3'].map((appointmentId) => ({ appointmentId, decision: 'decline', reason: 'Clinic closed' })));
  });

  it('proposes free times of the same service to the patient', async () => {
    const user = userEvent.setup();
    const server = fakeAdminServer({ appointments: requests() });
    renderPage(<ApprovalsPage role="professional" />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Propose other times to Ana García' }));
    const dialog = await dialogTitled('Propose other times to Ana García');
    const propose = within(dialog).getByRole('button', { name: /^Propose/, ...hidden });
    expect(propose.hasAttribute('disabled')).toBe(true);
    await user.click(await within(dialog).findByRole('checkbox', { name: 'Tue 8 Dec, 11:00 CET', ...hidden }));
    await user.type(within(dialog).getByRole('textbox', { name: /Message/, ...hidden }), 'Later that morning?');
    await user.click(within(dialog).getByRole('button', { name: 'Propose 1 time', ...hidden }));
    expect(await screen.findByText('Proposed other times to Ana García; the request waits for their answer.')).toBeTruthy();
    const slotsAsked = server.calls.find((call) => call.path === '/professionals/dr-lopez/slots')!;
    expect(Object.fromEntries(slotsAsked.query)).toEqual({ service: 'derm-consult', from: '2026-12-08', to: '2026-12-14' });
    expect(server.calls.find((call) => call.method === 'POST')).toMatchObject({
      path: '/appointments/appt-1/proposals',
      body: { starts: ['2026-12-08T11:00:00+01:00'], message: 'Later that morning?' },
    });
  });

  it('drops a request decided elsewhere (say, in Teams) when it asks again', async () => {
    const server = fakeAdminServer({ appointments: requests() });
    renderPage(<ApprovalsPage role="professional" />, { fetch: server.fetch });
    await screen.findByRole('heading', { name: /Ben Carter/ });
    server.decideElsewhere('appt-2');
    // Coming back to the tab asks again at once (and the inbox also polls every few seconds).
    act(() => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
    });
    await waitFor(() => expect(screen.queryByRole('heading', { name: /Ben Carter/ })).toBeNull());
    expect(screen.getAllByRole('article')).toHaveLength(2);
  });
});
