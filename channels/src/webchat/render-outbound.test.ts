import { describe, expect, it } from 'vitest';
import { markdownFriendly, renderOutbound } from './render-outbound';

const bot = { id: 'consulta', name: 'Consulta' };

describe('renderOutbound', () => {
  it('keeps a closing question out of the numbered list above it', () => {
    expect(markdownFriendly('Times:\n1. 09:00\n2. 09:40\nWhich one suits you?')).toBe('Times:\n1. 09:00\n2. 09:40\n\nWhich one suits you?');
    expect(markdownFriendly('No list here\nstill none')).toBe('No list here\nstill none');
  });

  it('sends choices as messageBack, so the bubble shows the label and the assistant gets the value', () => {
    const activity = renderOutbound(
      { text: 'Pick one', choices: [{ label: 'Tue 8 Dec, 10:20', value: '2026-12-08T10:20:00+01:00' }] },
      { bot, userId: 'patient-ana', locale: 'en' },
    );
    expect(activity.suggestedActions).toEqual({
      to: ['patient-ana'],
      actions: [{ type: 'messageBack', title: 'Tue 8 Dec, 10:20', text: '2026-12-08T10:20:00+01:00', displayText: 'Tue 8 Dec, 10:20' }],
    });
    expect(activity.inputHint).toBe('expectingInput');
  });

  it('lays a summary out as an Adaptive Card 1.5 and asks its question in the text', () => {
    const activity = renderOutbound(
      { text: 'Please confirm …', summary: { title: 'Dermatology', facts: [{ label: 'With', value: 'Dr. López' }], question: 'Shall I go ahead?' } },
      { bot, userId: 'patient-ana' },
    );
    expect(activity.text).toBe('Shall I go ahead?');
    expect(activity.attachments).toEqual([
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: expect.objectContaining({ type: 'AdaptiveCard', version: '1.5', body: [expect.objectContaining({ text: 'Dermatology' }), { type: 'FactSet', facts: [{ title: 'With', value: 'Dr. López' }] }] }),
      },
    ]);
  });
});
