// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { builtInTemplate, fakeAdminServer, templateVersion } from '../testing/fake-admin-server';
import { renderPage } from '../testing/render';
import { TemplatesPage } from './templates-page';

afterEach(cleanup);

const stored = () => [
  templateVersion({ event: 'appointment.approved', channel: 'sms', locale: 'es', version: 1, text: 'Hola {{ recipientName }}', note: 'Shorter', createdBy: 'admin-sam', createdAt: '2026-11-20T09:00:00.000Z' }),
  templateVersion({ event: 'appointment.requested', channel: 'email', locale: 'en', version: 1, subject: 'We got your request', text: 'Hi {{ recipientName }}, thanks.', note: 'First try', createdBy: 'admin-sam', createdAt: '2026-11-21T09:00:00.000Z' }),
  templateVersion({ event: 'appointment.requested', channel: 'email', locale: 'en', version: 2, subject: 'Request received', text: 'Hi {{ recipientName }}, we will answer soon.', note: 'Warmer', createdBy: 'admin-kim', createdAt: '2026-11-22T14:30:00.000Z' }),
];

/** user-event reads `{` and `[` as key names; doubled they are typed as they are. */
const literally = (text: string) => text.replace(/[{[]/g, '$&$&');

describe('the notification templates page', () => {
  it('lists the stored templates by event, channel and locale, with each version\'s author and time', async () => {
    const server = fakeAdminServer({ templates: stored() });
    renderPage(<TemplatesPage />, { fetch: server.fetch });
    const nav = await screen.findByRole('navigation', { name: 'Templates with stored versions' });
    expect(within(nav).getAllByRole('button').map((button) => button.textContent)).toEqual(['appointment.requested · email · en2', 'appointment.approved · sms · es1']);

    // The first is open: the built-in version 0 and both stored versions, the built-in one in force.
    const table = await screen.findByRole('table', { name: 'Versions of appointment.requested email en' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[2]!.textContent)).toEqual(['shipped', 'admin-sam, 21 Nov 2026, 09:00', 'admin-kim, 22 Nov 2026, 14:30']);
    await waitFor(() => expect(within(rows[0]!).getByText('In force')).toBeTruthy());
    // The editor starts from the newest version.
    expect((screen.getByRole('textbox', { name: /^Text/ }) as HTMLTextAreaElement).value).toBe('Hi {{ recipientName }}, we will answer soon.');
    expect((screen.getByRole('textbox', { name: /^Subject/ }) as HTMLInputElement).value).toBe('Request received');

    const user = userEvent.setup();
    await user.click(within(nav).getByRole('button', { name: /appointment.approved · sms · es/ }));
    await screen.findByRole('table', { name: 'Versions of appointment.approved sms es' });
    expect((screen.getByRole('textbox', { name: /^Text/ }) as HTMLTextAreaElement).value).toBe('Hola {{ recipientName }}');
    expect(screen.queryByRole('textbox', { name: /^HTML/ })).toBeNull();
  });

  it('previews an edited draft with sample data, saves it as a new version, activates it and rolls back', async () => {
    const user = userEvent.setup();
    const server = fakeAdminServer({ templates: stored() });
    renderPage(<TemplatesPage />, { fetch: server.fetch, path: '/?event=appointment.requested&channel=email&locale=en' });
    const text = await screen.findByRole('textbox', { name: /^Text/ });
    await user.clear(text);
    await user.type(text, literally('Dear {{ patientName }}, {{ professionalName }} will answer about {{ when }}.'));
    await user.type(screen.getByRole('textbox', { name: /^Note/ }), 'Names the doctor');

    await user.click(screen.getByRole('button', { name: 'Preview with sample data' }));
    const preview = await screen.findByRole('region', { name: 'Preview' });
    expect(within(preview).getByLabelText('Rendered text').textContent).toBe(
      'Dear Ana García, Dr. Elena López will answer about Tuesday 8 December 2026, 10:00 (Central European Time).',
    );
    expect(preview.textContent).toContain('Subject: Request received');
    expect(server.calls.find((call) => call.path.endsWith('/preview'))).toMatchObject({
      method: 'POST',
      path: '/notifications/templates/appointment.requested/email/en/preview',
      body: { draft: { subject: 'Request received', text: 'Dear {{ patientName }}, {{ professionalName }} will answer about {{ when }}.', html: null, urgent: false } },
    });

    await user.click(screen.getByRole('button', { name: 'Save as version 3' }));
    expect(await screen.findByText('Saved version 3. It is not in force until you activate it.')).toBeTruthy();
    expect(server.calls.find((call) => call.method === 'POST' && call.path.endsWith('/versions'))).toMatchObject({
      path: '/notifications/templates/appointment.requested/email/en/versions',
      body: { subject: 'Request received', text: 'Dear {{ patientName }}, {{ professionalName }} will answer about {{ when }}.', html: null, urgent: false, note: 'Names the doctor' },
      csrf: expect.any(String),
    });
    expect(server.templates.at(-1)).toMatchObject({ version: 3, note: 'Names the doctor' });

    await user.click(await screen.findByRole('button', { name: 'Activate version 3' }));
    expect(await screen.findByText('Version 3 is in force.')).toBeTruthy();
    expect(server.calls.find((call) => call.path.endsWith('/activate'))).toMatchObject({ method: 'POST', path: '/notifications/templates/appointment.requested/email/en/activate', body: { version: 3 } });
    const table = screen.getByRole('table', { name: 'Versions of appointment.requested email en' });
    await waitFor(() => expect(within(within(table).getAllByRole('row')[4]!).getByText('In force')).toBeTruthy());
    expect(await screen.findByText(/^Version 3, activated by admin-sam, 28 Nov 2026/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    expect(await screen.findByText('Rolled back: version 0 (built in) is in force again.')).toBeTruthy();
    expect(server.calls.filter((call) => call.path.endsWith('/rollback'))).toHaveLength(1);
    expect(server.activations('appointment.requested', 'email', 'en')[0]!.rolledBackAt).not.toBeNull();
    await waitFor(() => expect(within(within(table).getAllByRole('row')[1]!).getByText('In force')).toBeTruthy());
  });

  it('starts a template with no stored versions from the built-in text, chosen by event, channel and locale', async () => {
    const user = userEvent.setup();
    const server = fakeAdminServer({ templates: [] });
    renderPage(<TemplatesPage />, { fetch: server.fetch });
    expect(await screen.findByText('No stored versions yet: every template is the built-in one.')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Event' }), 'reminder');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), 'sms');
    await screen.findByRole('table', { name: 'Versions of reminder sms en' });
    await waitFor(() => expect((screen.getByRole('textbox', { name: /^Text/ }) as HTMLTextAreaElement).value).toBe(builtInTemplate.text));
    expect(screen.getByRole('button', { name: 'Roll back' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Save as version 1' }).hasAttribute('disabled')).toBe(true);
  });

  it("shows the API's message when a draft does not render or the list cannot load", async () => {
    const user = userEvent.setup();
    const server = fakeAdminServer({ templates: stored() });
    renderPage(<TemplatesPage />, { fetch: server.fetch });
    const text = await screen.findByRole('textbox', { name: /^Text/ });
    await user.clear(text);
    await user.type(text, literally('Hi {{ recipientNam }}'));
    await user.click(screen.getByRole('button', { name: 'Preview with sample data' }));
    expect(await screen.findByText('Could not preview: The template does not render: undefined variable: recipientNam')).toBeTruthy();
    cleanup();

    const failing = fakeAdminServer({ failures: { 'GET /notifications/templates/versions': { status: 403, code: 'forbidden', message: 'Only admins manage notification templates.' } } });
    renderPage(<TemplatesPage />, { fetch: failing.fetch });
    expect(await screen.findByText('Could not load the templates: Only admins manage notification templates.')).toBeTruthy();
  });
});
