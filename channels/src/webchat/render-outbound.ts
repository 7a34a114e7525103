import type { OutboundMessage } from '../turn';
import type { Activity } from './activity';

export interface BotAccount {
  id: string;
  name: string;
}

/**
 * The assistant's message as a Web Chat activity: choices become suggested
 * actions, and a confirmation summary an Adaptive Card with its facts.
 */
export function renderOutbound(
  message: OutboundMessage,
  context: { bot: BotAccount; userId: string; locale?: string; replyToId?: string; documentLink?: (userId: string, documentId: string) => string },
): Activity {
  const activity: Activity = {
    type: 'message',
    from: { id: context.bot.id, name: context.bot.name, role: 'bot' },
    text: message.summary ? message.summary.question : markdownFriendly(message.text),
    ...(context.locale ? { locale: context.locale } : {}),
    ...(context.replyToId ? { replyToId: context.replyToId } : {}),
    inputHint: message.choices?.length ? 'expectingInput' : 'acceptingInput',
  };
  if (message.choices?.length) {
    activity.suggestedActions = {
      to: [context.userId],
      // messageBack: the assistant receives the value, the user's bubble shows the label.
      actions: message.choices.map((choice) => ({ type: 'messageBack', title: choice.label, text: choice.value, displayText: choice.label })),
    };
  }
  if (message.summary) {
    activity.attachments = [{ contentType: 'application/vnd.microsoft.card.adaptive', content: summaryCard(message.summary) }];
  }
  if (message.document && context.documentLink) {
    // Web Chat shows a download for a file attachment; the link is signed for this user and expires.
    activity.attachments = [
      ...(activity.attachments ?? []),
      { contentType: 'application/pdf', contentUrl: context.documentLink(context.userId, message.document.id), name: `${message.document.title}.pdf` },
    ];
  }
  return activity;
}

function summaryCard(summary: NonNullable<OutboundMessage['summary']>) {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: summary.title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: summary.facts.map((fact) => ({ title: fact.label, value: fact.value })) },
    ],
  };
}

/**
 * Web Chat renders markdown, where a line right after a list item joins the
 * item; a blank line keeps "Which one suits you?" out of the list.
 */
export function markdownFriendly(text: string): string {
  const lines = text.split('\n');
  return lines
    .map((line, index) => {
      const previous = lines[index - 1];
      const afterList = previous !== undefined && /^\s*(\d+\.|[-*])\s/.test(previous) && line.trim() !== '' && !/^\s*(\d+\.|[-*])\s/.test(line);
      return afterList ? `\n${line}` : line;
    })
    .join('\n');
}
