// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { csrfToken, evalRun, fakePromptsServer, promptVersion, shippedPrompt } from './fake-prompts-server';
import { PromptsPage } from './prompts-page';

afterEach(cleanup);

const catalog = {
  shipped: [shippedPrompt({ promptId: 'patient-system' })],
  versions: [1, 2, 3].map((version) => promptVersion({ promptId: 'patient-system', version })),
};
// Newest first, as the bot lists them.
const history = () => [
  evalRun({ id: 'run-5', startedAt: '2026-11-26T10:00:00.000Z', prompts: ['patient-system/all/en@2'], status: 'error', pass1: null, passK: null, scenarios: 0, error: 'The model did not answer.' }),
  evalRun({ id: 'run-4', startedAt: '2026-11-25T10:00:00.000Z', prompts: ['patient-system/all/en@1', 'professional-system/all/en@1'], status: 'failed', pass1: 0.7, passK: 0.6, tags: ['booking'] }),
  evalRun({ id: 'run-3', startedAt: '2026-11-24T10:00:00.000Z', prompts: ['patient-system-legal/all/en@2', 'professional-system/all/en@1'], pass1: 0.3, passK: 0.2 }),
  evalRun({ id: 'run-2', startedAt: '2026-11-23T10:00:00.000Z', prompts: ['patient-system/all/en@2'], pass1: 0.9, passK: 0.8 }),
  evalRun({ id: 'run-1', startedAt: '2026-11-22T10:00:00.000Z', prompts: ['patient-system/all/en@1'], pass1: 0.5, passK: 0.4 }),
];

async function openEvals(server: ReturnType<typeof fakePromptsServer>) {
  const user = userEvent.setup();
  renderPage(<PromptsPage />, { fetch: server.fetch, path: '/?prompt=patient-system&domain=all&locale=en' });
  await user.click(await screen.findByRole('tab', { name: 'Eval runs' }));
  return { user, panel: screen.getByRole('tabpanel', { name: 'Eval runs' }) };
}

const cells = (table: HTMLElement) => within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));

describe('the eval runs of a prompt', () => {
  it('compares the latest pass rates of each version side by side and lists every run', async () => {
    const server = fakePromptsServer({ ...catalog, runs: history() });
    const { panel } = await openEvals(server);
    const comparison = await within(panel).findByRole('table', { name: 'Pass rates by version of patient-system' });
    // Version 1's latest finished run is run-4 (70%), not run-1; version 2's is run-2, since run-5 errored; run-3 used another prompt.
    expect(cells(comparison).map((row) => [row[0], row[1], row[2], row[4]])).toEqual([
      ['version 1', '70%', '60% (k = 3)', '2'],
      ['version 2', '90%', '80% (k = 3)', '1'],
    ]);
    expect(panel.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(2);

    const runs = within(panel).getByRole('table', { name: 'Eval runs' });
    expect(cells(runs).map((row) => [row[1], row[2], row[3], row[6]])).toEqual([
      ['Error The model did not answer.', 'version 2', 'all', '—'],
      ['Failed', 'version 1', 'booking', '70%'],
      ['Passed', 'not used', 'all', '30%'],
      ['Passed', 'version 2', 'all', '90%'],
      ['Passed', 'version 1', 'all', '50%'],
    ]);
  });

  it('starts a run with the chosen version and tags, follows it while it runs, and adds its pass rate when it ends', async () => {
    const server = fakePromptsServer({ ...catalog, runs: history() });
    const { user, panel } = await openEvals(server);
    await within(panel).findByRole('table', { name: 'Eval runs' });
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Version to evaluate' }), 'version 3');
    await user.type(within(panel).getByRole('textbox', { name: /^Tags/ }), 'booking, es ,');
    await user.click(within(panel).getByRole('button', { name: 'Start eval run' }));

    expect(await within(panel).findByText('Eval run run-6 started.')).toBeTruthy();
    expect(server.callsTo('POST /admin/evals/runs')).toMatchObject([
      { body: { tags: ['booking', 'es'], prompt: { promptId: 'patient-system', domain: 'all', locale: 'en', version: 3 } }, csrf: csrfToken },
    ]);
    const runs = within(panel).getByRole('table', { name: 'Eval runs' });
    await waitFor(() => expect(cells(runs)[0]!.slice(1, 4)).toEqual(['Running', 'version 3', 'booking, es']));
    // One run at a time: the button waits for this one.
    expect((within(panel).getByRole('button', { name: 'Start eval run' }) as HTMLButtonElement).disabled).toBe(true);

    const asked = server.callsTo('GET /admin/evals/runs').length;
    server.finishRun('run-6', { status: 'passed', pass1: 0.95, passK: 0.9 });
    const comparison = within(panel).getByRole('table', { name: 'Pass rates by version of patient-system' });
    // Picked up by the list's own refresh, with no click.
    await waitFor(() => expect(cells(comparison).map((row) => [row[0], row[1]])).toEqual([['version 1', '70%'], ['version 2', '90%'], ['version 3', '95%']]));
    expect(server.callsTo('GET /admin/evals/runs').length).toBeGreaterThan(asked);
    expect((within(panel).getByRole('button', { name: 'Start eval run' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the server\'s message when a run is already going', async () => {
    const server = fakePromptsServer({
      ...catalog,
      runs: history(),
      failures: { 'POST /admin/evals/runs': { status: 409, code: 'eval_running', message: 'An eval run is already running; wait for it to finish.' } },
    });
    const { user, panel } = await openEvals(server);
    await within(panel).findByRole('table', { name: 'Eval runs' });
    await user.click(within(panel).getByRole('button', { name: 'Start eval run' }));
    expect(await within(panel).findByText('Could not start the run: An eval run is already running; wait for it to finish.')).toBeTruthy();
    expect(server.callsTo('POST /admin/evals/runs')).toMatchObject([{ body: { prompt: { promptId: 'patient-system', domain: 'all', locale: 'en', version: 3 } } }]);
    expect(server.callsTo('POST /admin/evals/runs')[0]!.body).not.toHaveProperty('tags');
  });
});
