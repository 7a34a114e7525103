// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { csrfToken, fakePromptsServer, promptVersion, shippedPrompt } from './fake-prompts-server';
import type { PlaygroundTurn } from '../api/admin-api';
import { PromptsPage } from './prompts-page';

afterEach(cleanup);

const catalog = {
  shipped: [shippedPrompt({ promptId: 'patient-system' })],
  versions: [1, 2, 3].map((version) => promptVersion({ promptId: 'patient-system', version })),
  activations: [{ promptId: 'patient-system', version: 1 }],
};
const choices = [{ id: 'slot-tue', label: 'Tuesday 10:00' }, { id: 'slot-wed', label: 'Wednesday 9:40' }];
const replies = (turn: PlaygroundTurn, turnNumber: number) =>
  turnNumber === 1
    ? [{ text: `Hello! (version ${turn.version})`, choices: [] }, { text: 'Which day suits you?', choices }]
    : [{ text: `Booked ${turn.text}; the doctor will confirm.`, choices: [] }];

async function openPlayground(server: ReturnType<typeof fakePromptsServer>) {
  const user = userEvent.setup();
  renderPage(<PromptsPage />, { fetch: server.fetch, path: '/?prompt=patient-system&domain=all&locale=en' });
  await user.click(await screen.findByRole('tab', { name: 'Playground' }));
  return { user, panel: screen.getByRole('tabpanel', { name: 'Playground' }) };
}

/** The transcript as "who: text" lines. */
const transcript = () => within(screen.getByRole('list', { name: 'Transcript' })).getAllByRole('listitem').map((item) => item.textContent);

describe('the prompt playground', () => {
  it('talks to the chosen version as the chosen patient, carries the conversation on, and starts a new one', async () => {
    const server = fakePromptsServer({ ...catalog, replies });
    const { user, panel } = await openPlayground(server);
    const version = within(panel).getByRole('combobox', { name: 'Version' });
    const patient = within(panel).getByRole('combobox', { name: 'Act as' });
    // A visitor by default: outside dev mode the server lets the playground act as no one else.
    expect((patient as HTMLSelectElement).value).toBe('visitor');
    await user.selectOptions(version, 'version 2');
    await user.selectOptions(patient, 'patient-ben');
    const message = within(panel).getByRole('textbox', { name: 'Message' });
    await user.type(message, 'I need a dermatologist{Enter}');

    expect(await screen.findByText('Which day suits you?')).toBeTruthy();
    expect(transcript()).toEqual(['YouI need a dermatologist', 'AssistantHello! (version 2)', 'AssistantWhich day suits you?']);
    expect(server.callsTo('POST /admin/playground/turns')).toMatchObject([
      { body: { promptId: 'patient-system', domain: 'all', locale: 'en', version: 2, actAs: 'patient-ben', text: 'I need a dermatologist' }, csrf: csrfToken },
    ]);
    expect(server.calls[server.calls.length - 1]!.body).not.toHaveProperty('conversationId');
    expect((message as HTMLInputElement).value).toBe('');
    // The conversation is tied to its version and patient until a new one starts.
    expect((version as HTMLSelectElement).disabled).toBe(true);
    expect((patient as HTMLSelectElement).disabled).toBe(true);

    const offered = screen.getByRole('group', { name: 'Choices the assistant offers' });
    expect(within(offered).getAllByRole('button').map((button) => button.textContent)).toEqual(['Tuesday 10:00', 'Wednesday 9:40']);
    await user.click(within(offered).getByRole('button', { name: 'Tuesday 10:00' }));
    expect(await screen.findByText('Booked Tuesday 10:00; the doctor will confirm.')).toBeTruthy();
    expect(server.callsTo('POST /admin/playground/turns')[1]!.body).toEqual({
      promptId: 'patient-system', domain: 'all', locale: 'en', version: 2, actAs: 'patient-ben', text: 'Tuesday 10:00', conversationId: 'playground-1', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    expect(transcript().slice(3)).toEqual(['YouTuesday 10:00', 'AssistantBooked Tuesday 10:00; the doctor will confirm.']);
    expect(screen.queryByRole('group', { name: 'Choices the assistant offers' })).toBeNull();

    await user.click(within(panel).getByRole('button', { name: 'New conversation' }));
    expect(transcript()).toEqual(['No messages yet: write the first one below.']);
    expect((version as HTMLSelectElement).disabled).toBe(false);
    await user.type(message, 'Hello again{Enter}');
    // A fresh conversation: the assistant greets again.
    await waitFor(() => expect(transcript()).toEqual(['YouHello again', 'AssistantHello! (version 2)', 'AssistantWhich day suits you?']));
    const third = server.callsTo('POST /admin/playground/turns')[2]!.body as PlaygroundTurn;
    expect(third).toMatchObject({ version: 2, actAs: 'patient-ben', text: 'Hello again' });
    expect(third).not.toHaveProperty('conversationId');
    // Nothing in force changed.
    expect(server.callsTo('POST /prompts/patient-system/activate')).toEqual([]);
  });

  it('acts as a typed-in patient and shows the server\'s message when the version is not found', async () => {
    const server = fakePromptsServer({
      ...catalog,
      failures: { 'POST /admin/playground/turns': { status: 404, code: 'version_not_found', message: 'No version 3 of patient-system (all, en).' } },
    });
    const { user, panel } = await openPlayground(server);
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Act as' }), 'Another patient…');
    const send = within(panel).getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    const message = within(panel).getByRole('textbox', { name: 'Message' });
    await user.type(message, 'Hi');
    // No patient yet: nothing to send as.
    expect(send.disabled).toBe(true);
    await user.type(within(panel).getByRole('textbox', { name: /Patient id/ }), 'patient-dana');
    await user.click(send);

    expect(await within(panel).findByText('Could not send: No version 3 of patient-system (all, en).')).toBeTruthy();
    expect(server.callsTo('POST /admin/playground/turns')).toMatchObject([{ body: { version: 3, actAs: 'patient-dana', text: 'Hi' } }]);
    // The message stays, to send again once the version is fixed; nothing was added to the transcript.
    expect((message as HTMLInputElement).value).toBe('Hi');
    expect(transcript()).toEqual(['No messages yet: write the first one below.']);
    expect((within(panel).getByRole('combobox', { name: 'Version' }) as HTMLSelectElement).disabled).toBe(false);
  });
});
