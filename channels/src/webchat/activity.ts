import { Type, type Static } from 'typebox';

/**
 * The parts of a Bot Framework activity the web chat reads from a client.
 * Anything else a client sends is kept out: the server writes `from`, `id`,
 * `timestamp` and `conversation` itself.
 */
export const InboundActivity = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 32 }),
    text: Type.Optional(Type.String()),
    locale: Type.Optional(Type.String({ maxLength: 20 })),
    localTimezone: Type.Optional(Type.String({ maxLength: 64 })),
    textFormat: Type.Optional(Type.String({ maxLength: 20 })),
    from: Type.Optional(Type.Object({ id: Type.Optional(Type.String({ maxLength: 200 })), name: Type.Optional(Type.String({ maxLength: 200 })) })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    value: Type.Optional(Type.Unknown()),
    attachments: Type.Optional(Type.Array(Type.Object({ contentType: Type.Optional(Type.String()), name: Type.Optional(Type.String()) }), { maxItems: 10 })),
    channelData: Type.Optional(
      Type.Object({
        clientActivityID: Type.Optional(Type.String({ maxLength: 100 })),
        // Web Chat's messageBack: what the user's bubble shows instead of the text sent.
        messageBack: Type.Optional(Type.Object({ displayText: Type.Optional(Type.String({ maxLength: 500 })) })),
      }),
    ),
  },
  { additionalProperties: true },
);
export type InboundActivity = Static<typeof InboundActivity>;

/** An activity as stored and sent to clients. */
export interface Activity {
  type: string;
  id?: string;
  timestamp?: string;
  channelId?: 'directline';
  from: { id: string; name?: string; role?: 'user' | 'bot' };
  conversation?: { id: string };
  text?: string;
  locale?: string;
  localTimezone?: string;
  textFormat?: string;
  inputHint?: string;
  replyToId?: string;
  name?: string;
  value?: unknown;
  suggestedActions?: { to?: string[]; actions: Array<{ type: 'imBack' | 'messageBack'; title: string; value?: string; text?: string; displayText?: string }> };
  attachments?: Array<{ contentType: string; content?: unknown; contentUrl?: string; name?: string }>;
  channelData?: Record<string, unknown>;
  entities?: Array<Record<string, unknown>>;
}

/** What the Direct Line stream and the activities route send: a set of activities and the watermark after them. */
export interface ActivitySet {
  activities: Activity[];
  watermark?: string;
}
