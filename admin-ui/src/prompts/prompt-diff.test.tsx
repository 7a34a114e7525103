// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { PromptDiff } from './prompt-diff';

afterEach(cleanup);

const shipped = ['You are the booking assistant of {{organizationName}}.', 'Rules:', '- Use the tools.', '- Be brief.'].join('\n');
const edited = ['You are the booking assistant of {{organizationName}}.', 'Rules:', '- Use the tools; never invent times.', '- Be brief.', '- Answer in the user’s language.'].join('\n');

function renderDiff(before: string, after: string) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <PromptDiff before={before} after={after} beforeLabel="version 0 (shipped)" afterLabel="version 1" />
    </FluentProvider>,
  );
}

describe('the prompt diff', () => {
  it('lists added and removed lines with their numbers, in words as well as colour', () => {
    renderDiff(shipped, edited);
    const table = screen.getByRole('table', { name: 'From version 0 (shipped) to version 1: 2 lines added, 1 removed' });
    const rows = within(table).getAllByRole('row').slice(1);
    const described = rows.map((row) => {
      const cells = within(row).getAllByRole('cell');
      return [cells[0]!.textContent, cells[1]!.textContent, cells[2]!.getAttribute('aria-label'), cells[3]!.textContent];
    });
    expect(described).toEqual([
      ['1', '1', 'unchanged', 'You are the booking assistant of {{organizationName}}.'],
      ['2', '2', 'unchanged', 'Rules:'],
      ['3', '', 'removed', '- Use the tools.'],
      ['', '3', 'added', '- Use the tools; never invent times.'],
      ['4', '4', 'unchanged', '- Be brief.'],
      ['', '5', 'added', '- Answer in the user’s language.'],
    ]);
    expect(rows[2]!.textContent).toContain('−');
    expect(rows[3]!.textContent).toContain('+');
  });

  it('says so when two versions are the same', () => {
    renderDiff(shipped, shipped);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('version 0 (shipped) and version 1 are the same.')).toBeTruthy();
  });
});
