/**
 * What every channel adapter speaks: a normalised message in, messages out.
 * Channels know nothing of the assistant behind the turn handler.
 */
export type ChannelName = 'webchat' | 'sms' | 'whatsapp' | 'teams';

export interface InboundMessage {
  channel: ChannelName;
  /** The channel's conversation (Direct Line conversation id, phone number, Teams conversation id …). */
  conversationId: string;
  /** Who sent it, in the channel's own terms (web chat user id, E.164 phone, Entra object id). */
  senderId: string;
  text: string;
  /** The provider's message id, for deduplication of retried deliveries. */
  messageId?: string;
  /** The sender's language as the channel knows it, if it does. */
  locale?: string;
  /** The sender's IANA time zone as the channel knows it (a browser tells), if it does. */
  timeZone?: string;
  /**
   * What the message answers when it is not one of the offered choices: the
   * appointment of a reminder still on offer ("can we do 4pm instead?").
   */
  regarding?: Regarding;
}

/** An appointment a message is about, as the message the sender answers named it. */
export interface Regarding {
  appointmentId: string;
  /** In the sender's language and zone: "with Dr. Elena López on Tue 8 Dec, 10:20". */
  description: string;
}

export interface Choice {
  label: string;
  /** What the assistant understands when this choice is picked (sent back as the message text). */
  value: string;
}

export interface OutboundMessage {
  text: string;
  /** Options to render natively: suggested actions, reply buttons, lists or a numbered list. */
  choices?: Choice[];
  /**
   * What the user is asked to confirm, as facts a channel can lay out (an
   * Adaptive Card in web chat and Teams); `text` says the same in words.
   */
  summary?: ActionSummary;
  /** A document of the user's (their confirmation PDF) to hand over where the channel can: web chat links it. */
  document?: { id: string; title: string };
}

export interface ActionSummary {
  title: string;
  facts: Array<{ label: string; value: string }>;
  /** The closing question ("Shall I go ahead?"), shown under the facts. */
  question: string;
}

export interface TurnOptions {
  /**
   * The reply as the model writes it, for channels that can show a message
   * growing (each call carries the whole text so far). The returned replies
   * are still the final word.
   */
  onPartial?: (text: string) => void;
}

export type TurnHandler = (message: InboundMessage, options?: TurnOptions) => Promise<OutboundMessage[]>;

/**
 * A file the sender sent (a photo of an insurance card, a PDF), fetched by the
 * channel from its provider: the bytes, not the provider's media ids or URLs.
 */
export interface InboundMedia {
  channel: ChannelName;
  conversationId: string;
  senderId: string;
  messageId: string;
  kind: 'image' | 'document';
  /** As the provider declared it; the receiver checks the content itself. */
  contentType: string;
  filename?: string;
  caption?: string;
  content: Buffer;
  locale?: string;
}

/** What the host does with a received file; it answers the replies to send, as a turn does. */
export type MediaHandler = (media: InboundMedia) => Promise<OutboundMessage[]>;
