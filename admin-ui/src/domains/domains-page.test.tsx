// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderPage } from '../testing/render';
import { DomainsPage } from './domains-page';
import { fakeDomainsServer, seedDomains } from './fake-domains-server';

afterEach(cleanup);

const fieldRow = (n: number) => screen.getByRole('group', { name: `Field ${n}` });
const preview = () => screen.getByRole('region', { name: 'Preview: what the patient fills in' });
const textbox = (scope: HTMLElement, name: string | RegExp) => within(scope).getByRole('textbox', { name }) as HTMLInputElement;

describe('the domains page', () => {
  it('lists the domains and opens the first with its intake fields, previewed as the patient sees them', async () => {
    const server = fakeDomainsServer();
    renderPage(<DomainsPage />, { fetch: server.fetch });
    const nav = await screen.findByRole('navigation', { name: 'Domains' });
    expect(within(nav).getAllByRole('button').map((button) => button.textContent)).toEqual(['Medicalapproval', 'Legalapproval']);
    expect(await screen.findByRole('heading', { name: 'Edit Medical' })).toBeTruthy();
    expect(server.calls.map((call) => `${call.method} ${call.path}`)).toEqual(['GET /domains', 'GET /domains/medical']);

    expect([1, 2, 3].map((n) => textbox(fieldRow(n), /^Key/).value)).toEqual(['reason', 'date_of_birth', 'insurance_number']);
    expect((within(fieldRow(3)).getByRole('combobox', { name: 'Type' }) as HTMLSelectElement).value).toBe('string');
    expect(textbox(fieldRow(3), /^Pattern/).value).toBe('^[A-Z0-9-]{6,20}$');
    expect((within(fieldRow(1)).getByRole('checkbox', { name: /Required/ }) as HTMLInputElement).checked).toBe(true);

    // The preview: a long answer, a date and a patterned line, with what is required marked.
    expect(within(preview()).getByRole('textbox', { name: /Reason for the visit/ }).tagName).toBe('TEXTAREA');
    expect(within(preview()).getByLabelText(/Date of birth/).getAttribute('type')).toBe('date');
    expect(within(preview()).getByRole('textbox', { name: /Insurance number/ }).getAttribute('pattern')).toBe('^[A-Z0-9-]{6,20}$');
    expect(JSON.parse(within(preview()).getByLabelText('Intake JSON Schema').textContent!)).toEqual(seedDomains()[0]!.intakeSchema);

    const user = userEvent.setup();
    await user.click(within(nav).getByRole('button', { name: /Legal/ }));
    expect(await screen.findByRole('heading', { name: 'Edit Legal' })).toBeTruthy();
    expect(within(preview()).getByRole('combobox', { name: /Type of case/ }).textContent).toBe('Choose…divorcecustodyinheritanceother');
    expect(textbox(fieldRow(1), /^Options/).value).toBe('divorce\ncustody\ninheritance\nother');
  });

  it('edits the intake form and sends the fields core-api builds the JSON Schema from', async () => {
    const user = userEvent.setup();
    const server = fakeDomainsServer();
    renderPage(<DomainsPage />, { fetch: server.fetch, path: '/?domain=medical' });
    await screen.findByRole('heading', { name: 'Edit Medical' });

    await user.clear(textbox(fieldRow(1), /^Label/));
    await user.type(textbox(fieldRow(1), /^Label/), 'Why do you come?');
    await user.click(within(fieldRow(3)).getByRole('button', { name: 'Remove field' }));
    await user.click(screen.getByRole('button', { name: 'Add field' }));
    // The new field's key has the focus, so the admin types straight on.
    await user.keyboard('visit_kind');
    await user.type(textbox(fieldRow(3), /^Label/), 'Kind of visit');
    await user.selectOptions(within(fieldRow(3)).getByRole('combobox', { name: 'Type' }), 'enum');
    await user.type(textbox(fieldRow(3), /^Options/), 'First visit{Enter}Follow-up{Enter}{Enter}');
    await user.click(within(fieldRow(3)).getByRole('checkbox', { name: /Required/ }));
    await user.click(within(fieldRow(3)).getByRole('button', { name: 'Move up' }));
    expect(textbox(fieldRow(2), /^Key/).value).toBe('visit_kind');
    await user.click(within(fieldRow(1)).getByRole('checkbox', { name: /Required/ }));
    await user.click(screen.getByRole('radio', { name: /Automatic/ }));

    // The preview follows every edit, in the new order.
    expect(within(preview()).getByRole('combobox', { name: /Kind of visit/ }).textContent).toBe('Choose…First visitFollow-up');
    expect([...preview().querySelectorAll('label')].map((label) => label.textContent)).toEqual(['Why do you come?', 'Kind of visit*', 'Date of birth*']);

    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved Medical.')).toBeTruthy();
    const patch = server.calls.find((call) => call.method === 'PATCH')!;
    expect(patch.path).toBe('/domains/medical');
    expect(patch.csrf).not.toBeNull();
    expect(patch.body).toEqual({
      name: 'Medical',
      approval: 'automatic',
      requestExpiryHours: 48,
      customFields: {},
      intakeFields: [
        { key: 'reason', label: 'Why do you come?', type: 'text', required: false },
        { key: 'visit_kind', label: 'Kind of visit', type: 'enum', required: true, options: ['First visit', 'Follow-up'] },
        { key: 'date_of_birth', label: 'Date of birth', type: 'date', required: true },
      ],
    });
    expect(server.domains.get('medical')!.intakeSchema).toMatchObject({
      required: ['visit_kind', 'date_of_birth'],
      properties: { visit_kind: { type: 'string', enum: ['First visit', 'Follow-up'] }, reason: { type: 'string', minLength: 1, maxLength: 2000 } },
    });
    // The editor starts again from what was stored.
    await waitFor(() => expect(textbox(fieldRow(2), /^Key/).value).toBe('visit_kind'));
  });

  it('adds a domain with POST and opens it', async () => {
    const user = userEvent.setup();
    const server = fakeDomainsServer();
    renderPage(<DomainsPage />, { fetch: server.fetch });
    await user.click(await screen.findByRole('button', { name: 'Add domain' }));
    await screen.findByRole('heading', { name: 'Add a domain' });
    await user.type(screen.getByRole('textbox', { name: /^Id/ }), 'tax-advice');
    await user.type(screen.getByRole('textbox', { name: /^Name/ }), 'Tax advice');
    await user.click(screen.getByRole('radio', { name: /Automatic/ }));
    await user.click(screen.getByRole('button', { name: 'Add field' }));
    await user.keyboard('tax_year');
    await user.type(textbox(fieldRow(1), /^Label/), 'Tax year');
    await user.type(textbox(fieldRow(1), /^Pattern/), '^20\\d\\d$');
    await user.click(within(fieldRow(1)).getByRole('checkbox', { name: /Required/ }));
    await user.click(screen.getByRole('button', { name: 'Add field' }));
    await user.keyboard('deadline');
    await user.type(textbox(fieldRow(2), /^Label/), 'Filing deadline');
    await user.selectOptions(within(fieldRow(2)).getByRole('combobox', { name: 'Type' }), 'date');

    await user.click(screen.getByRole('button', { name: 'Create domain' }));
    expect(await screen.findByText('Created the domain Tax advice (tax-advice).')).toBeTruthy();
    expect(server.calls.filter((call) => call.method === 'POST')).toEqual([
      expect.objectContaining({
        path: '/domains',
        body: {
          id: 'tax-advice',
          name: 'Tax advice',
          approval: 'automatic',
          intakeFields: [
            { key: 'tax_year', label: 'Tax year', type: 'string', required: true, pattern: '^20\\d\\d$' },
            { key: 'deadline', label: 'Filing deadline', type: 'date', required: false },
          ],
        },
      }),
    ]);
    expect(await screen.findByRole('heading', { name: 'Edit Tax advice' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Domains' });
    await waitFor(() => expect(within(nav).getByRole('button', { name: /Tax advice/ }).getAttribute('aria-current')).toBe('page'));
  });

  it('stops a broken field before sending: empty, badly formed or repeated keys and a choice without options', async () => {
    const user = userEvent.setup();
    const server = fakeDomainsServer();
    renderPage(<DomainsPage />, { fetch: server.fetch, path: '/?domain=legal' });
    await screen.findByRole('heading', { name: 'Edit Legal' });
    await user.clear(textbox(fieldRow(1), /^Options/));
    await user.clear(textbox(fieldRow(2), /^Key/));
    await user.type(textbox(fieldRow(2), /^Key/), 'Summary');
    for (const key of ['', 'case_type']) {
      await user.click(screen.getByRole('button', { name: 'Add field' }));
      if (key) await user.keyboard(key);
    }
    await user.type(textbox(fieldRow(3), /^Label/), 'Anything else');
    await user.type(textbox(fieldRow(4), /^Label/), 'Again');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Not saved: fix these 4 problems first.')).toBeTruthy();
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(expect.arrayContaining([
      'Field 1 ("case_type"), options: A choice needs at least one option.',
      'Field 2 ("Summary"), key: Use lower-case letters, digits and _, starting with a letter (like "date_of_birth").',
      'Field 3, key: Give the field a key.',
      'Field 4 ("case_type"), key: "case_type" appears twice.',
    ]));
    // Each message also sits by its input.
    expect(within(fieldRow(3)).getByText('Give the field a key.')).toBeTruthy();
    expect(server.calls.filter((call) => call.method !== 'GET')).toEqual([]);

    // Fixed, the messages go with the edit and the save goes through.
    await user.type(textbox(fieldRow(1), /^Options/), 'divorce');
    await user.clear(textbox(fieldRow(2), /^Key/));
    await user.type(textbox(fieldRow(2), /^Key/), 'summary');
    await user.type(textbox(fieldRow(3), /^Key/), 'notes');
    await user.click(within(fieldRow(4)).getByRole('button', { name: 'Remove field' }));
    expect(screen.queryByText(/Not saved/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved Legal.')).toBeTruthy();
    expect(server.calls.filter((call) => call.method === 'PATCH')).toHaveLength(1);
  });

  it("shows the server's 400 with the field it names, and a taken id", async () => {
    const user = userEvent.setup();
    const server = fakeDomainsServer({
      failures: {
        'PATCH /domains/legal': {
          status: 400, code: 'invalid_request', message: 'The request is not valid: body/intakeFields/1/label must NOT have more than 200 characters',
          details: [{ field: 'body/intakeFields/1/label', message: 'must NOT have more than 200 characters' }],
        },
      },
    });
    renderPage(<DomainsPage />, { fetch: server.fetch, path: '/?domain=legal' });
    await screen.findByRole('heading', { name: 'Edit Legal' });
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Field 2 ("summary"), label: must NOT have more than 200 characters')).toBeTruthy();
    expect(screen.getByText(/The request is not valid: body\/intakeFields\/1\/label/)).toBeTruthy();
    expect(within(fieldRow(2)).getByText('must NOT have more than 200 characters')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Add domain' }));
    await user.type(await screen.findByRole('textbox', { name: /^Id/ }), 'medical');
    await user.type(screen.getByRole('textbox', { name: /^Name/ }), 'Medicine again');
    await user.click(screen.getByRole('button', { name: 'Create domain' }));
    expect(await screen.findByText('A domain with id "medical" exists already.')).toBeTruthy();
    expect(server.domains.get('medical')!.name).toBe('Medical');
  });
});
