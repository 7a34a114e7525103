import type { OutboundMessage } from '../turn';

/** Bot Framework's message fields this channel fills; kept loose so no SDK type leaves the folder. */
export interface TeamsMessage {
  type: 'message';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  attachments?: Array<{ contentType: string; content: unknown }>;
  suggestedActions?: { to: string[]; actions: Array<{ type: 'imBack'; title: string; value: string }> };
}

export const adaptiveCardType = 'application/vnd.microsoft.card.adaptive';

/**
 * The assistant's reply as a Teams message: choices become suggested actions
 * (imBack: the value comes back as the user's message), a confirmation summary
 * an Adaptive Card with its facts under the question.
 */
export function renderTeamsMessage(message: OutboundMessage, userId?: string): TeamsMessage {
  const activity: TeamsMessage = { type: 'message', text: message.summary ? message.summary.question : message.text, textFormat: 'markdown' };
  if (message.choices?.length) {
    activity.suggestedActions = {
      to: userId ? [userId] : [],
      actions: message.choices.map((choice) => ({ type: 'imBack', title: choice.label.slice(0, 50), value: choice.value })),
    };
  }
  if (message.summary) {
    activity.attachments = [
      {
        contentType: adaptiveCardType,
        content: {
          type: 'AdaptiveCard',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          version: '1.5',
          body: [
            { type: 'TextBlock', text: message.summary.title, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'FactSet', facts: message.summary.facts.map((fact) => ({ title: fact.label, value: fact.value })) },
          ],
        },
      },
    ];
  }
  return activity;
}

export const cardMessage = (card: Record<string, unknown>, text?: string): TeamsMessage => ({
  type: 'message',
  ...(text ? { text } : {}),
  attachments: [{ contentType: adaptiveCardType, content: card }],
});

export function notSetUpText(locale: string | undefined): string {
  return locale?.toLowerCase().startsWith('es')
    ? 'Hola. Todavía no estás dado de alta en Consulta, así que no puedo ayudarte aquí. Pide a tu administrador que te añada como profesional con esta cuenta de Microsoft.'
    : "Hello. You are not set up in Consulta yet, so I can't help you here. Please ask your administrator to add you as a professional with this Microsoft account.";
}

export function welcomeText(name: string | undefined, locale: string | undefined): string {
  return locale?.toLowerCase().startsWith('es')
    ? `Hola${name ? `, ${name}` : ''}. Te enviaré aquí las solicitudes de cita para que las apruebes, y puedes preguntarme por tu agenda.`
    : `Hello${name ? `, ${name}` : ''}. I'll send appointment requests here for you to decide, and you can ask me about your calendar.`;
}
