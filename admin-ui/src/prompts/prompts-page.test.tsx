// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { csrfToken, fakePromptsServer, promptVersion, shippedPrompt } from './fake-prompts-server';
import { PromptsPage } from './prompts-page';

afterEach(cleanup);

const key = { domain: 'all', locale: 'en' };
const catalog = () => ({
  shipped: [shippedPrompt({ promptId: 'patient-system' }), shippedPrompt({ promptId: 'professional-system', purpose: 'professional' })],
  versions: [
    promptVersion({ promptId: 'patient-system', version: 1, note: 'Shorter', createdAt: '2026-11-20T09:00:00.000Z' }),
    promptVersion({ promptId: 'patient-system', version: 2, note: 'Names the doctor', createdBy: 'admin-kim', createdAt: '2026-11-21T14:30:00.000Z' }),
    promptVersion({ promptId: 'patient-system', version: 3, note: 'Asks the reason first', createdAt: '2026-11-22T08:15:00.000Z' }),
  ],
  activations: [{ promptId: 'patient-system', version: 1 }],
});

function open(server: ReturnType<typeof fakePromptsServer>) {
  renderPage(<PromptsPage />, { fetch: server.fetch, path: '/?prompt=patient-system&domain=all&locale=en' });
  return screen.findByRole('table', { name: 'Versions of patient-system' });
}

/** The status column of the versions table, version 0 first. */
const statuses = (table: HTMLElement) => within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell')[3]!.textContent);

describe('the prompts page', () => {
  it('lists the prompts, marks the version in force, activates another and rolls back', async () => {
    const user = userEvent.setup();
    const server = fakePromptsServer(catalog());
    const table = await open(server);
    const nav = screen.getByRole('navigation', { name: 'Prompts' });
    expect(within(nav).getAllByRole('button').map((button) => button.textContent)).toEqual(['patient-system · all · en4', 'professional-system · all · en1']);
    expect(within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell')[2]!.textContent)).toEqual([
      'consulta', 'admin-sam, 20 Nov 2026, 09:00', 'admin-kim, 21 Nov 2026, 14:30', 'admin-sam, 22 Nov 2026, 08:15',
    ]);
    await waitFor(() => expect(statuses(table)).toEqual(['', 'In force', '', '']));

    await user.click(screen.getByRole('button', { name: 'Activate version 2' }));
    expect(await screen.findByText('Version 2 is in force.')).toBeTruthy();
    expect(server.callsTo('POST /prompts/patient-system/activate')).toMatchObject([{ body: { ...key, version: 2 }, csrf: csrfToken }]);
    await waitFor(() => expect(statuses(table)).toEqual(['', '', 'In force', '']));

    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    expect(await screen.findByText('Rolled back. Version 1 is in force.')).toBeTruthy();
    expect(server.callsTo('POST /prompts/patient-system/rollback')).toMatchObject([{ body: key }]);
    await waitFor(() => expect(statuses(table)).toEqual(['', 'In force', '', '']));
  });

  it('starts a split test between the version in force and a variant, shows each side\'s share, and stops it', async () => {
    const user = userEvent.setup();
    const server = fakePromptsServer(catalog());
    const table = await open(server);
    const variant = await screen.findByRole('combobox', { name: 'Variant version' });
    // Any version but the one in force can be the variant, the shipped file too.
    expect(within(variant).getAllByRole('option').map((option) => option.textContent)).toEqual(['version 0 (shipped)', 'version 2', 'version 3']);
    expect((variant as HTMLSelectElement).value).toBe('3');

    const share = screen.getByRole('spinbutton', { name: /share of conversations/ });
    await user.clear(share);
    await user.type(share, '100');
    expect(screen.getByText('A whole number from 1 to 99.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Start split test' }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(share);
    await user.type(share, '25');
    await user.selectOptions(variant, 'version 2');
    await user.click(screen.getByRole('button', { name: 'Start split test' }));

    expect(await screen.findByText('Split test in force: version 1 answers 75% of conversations, version 2 25%.')).toBeTruthy();
    expect(server.callsTo('POST /prompts/patient-system/activate')).toMatchObject([{ body: { ...key, version: 1, variantVersion: 2, variantShare: 0.25 }, csrf: csrfToken }]);
    await waitFor(() => expect(statuses(table)).toEqual(['', 'In force 75%', 'Variant 25%', '']));
    expect(screen.getByText(/^Split test running: version 1 answers 75% of conversations, version 2 answers 25%\./)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Stop split test (keep version 1)' }));
    expect(await screen.findByText('Version 1 is in force.')).toBeTruthy();
    expect(server.callsTo('POST /prompts/patient-system/activate').at(-1)!.body).toEqual({ ...key, version: 1 });
    await waitFor(() => expect(statuses(table)).toEqual(['', 'In force', '', '']));
    expect(server.activations('patient-system')[0]).toMatchObject({ version: 1, variantVersion: null, variantShare: null });
    expect(await screen.findByRole('button', { name: 'Start split test' })).toBeTruthy();
  });

  it('keeps the variant alone when the split test ends in its favour', async () => {
    const user = userEvent.setup();
    const server = fakePromptsServer({ ...catalog(), activations: [{ promptId: 'patient-system', version: 1, variantVersion: 3, variantShare: 0.2 }] });
    const table = await open(server);
    await waitFor(() => expect(statuses(table)).toEqual(['', 'In force 80%', '', 'Variant 20%']));
    await user.click(screen.getByRole('button', { name: 'Keep version 3 alone' }));
    expect(await screen.findByText('Version 3 is in force.')).toBeTruthy();
    expect(server.callsTo('POST /prompts/patient-system/activate')).toMatchObject([{ body: { ...key, version: 3 } }]);
    await waitFor(() => expect(statuses(table)).toEqual(['', '', '', 'In force']));
  });

  it('shows the server\'s message when an activation is refused', async () => {
    const user = userEvent.setup();
    const server = fakePromptsServer({
      ...catalog(),
      failures: { 'POST /admin/api/v1/prompts/patient-system/activate': { status: 403, code: 'forbidden', message: 'Only admins manage prompts.' } },
    });
    await open(server);
    await user.click(await screen.findByRole('button', { name: 'Start split test' }));
    expect(await screen.findByText('Only admins manage prompts.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Only admins manage prompts.');
  });
});
