import type { OutboundMessage } from '../turn';
import type { Activity } from './activity';

export interface BotAccount {
  id: string;
  name: string;
}

/**
 * The assistant's message as a Web Chat activity: choices become suggested
 * actions (an imBack sends the choice's value as the user's text), and a
 * confirmation summary an Adaptive Card with its facts.
 */
export function renderOutbound(message: OutboundMessage, context: { bot: BotAccount; userId: string; locale?: string; replyToId?: string }): Activity {
  const activity: Activity = {
    type: 'message',
    from: { id: context.bot.id, name: context.bot.name, role: 'bot' },
    text: message.summary ? message.summary.question : message.text,
    ...(context.locale ? { locale: context.locale } : {}),
    ...(context.replyToId ? { replyToId: context.replyToId } : {}),
    inputHint: message.choices?.length ? 'expectingInput' : 'acceptingInput',
  };
  if (message.choices?.length) {
    activity.suggestedActions = {
      to: [context.userId],
      actions: message.choices.map((choice) => ({ type: 'imBack', title: choice.label, value: choice.value })),
    };
  }
  if (message.summary) {
    activity.attachments = [{ contentType: 'application/vnd.microsoft.card.adaptive', content: summaryCard(message.summary) }];
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
