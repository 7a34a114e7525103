import { ChannelError } from '../channel-error';
import type { StatusUpdate } from './whatsapp-status';

/**
 * What a message is to the channel: words, a picked choice (a reply button,
 * a list row or a template's quick reply), a file it cannot take yet,
 * something else it cannot read, or something that needs no answer
 * (reactions, system notices).
 */
export type InboundKind = 'text' | 'choice' | 'file' | 'other' | 'ignored';

export interface InboundWhatsapp {
  /** The WhatsApp message id (wamid.…). */
  id: string;
  /** The sender in E.164 ("+34600…"); WhatsApp sends the digits alone. */
  phone: string;
  /** The business number it was sent to. */
  phoneNumberId: string | undefined;
  sentAt: Date;
  kind: InboundKind;
  text?: string;
  /** The id of the button or row tapped, or a template quick reply's payload. */
  choiceId?: string;
  /** What the patient saw on it, for when the id is no longer known. */
  choiceText?: string;
  /** An image or a document: its media id, to fetch through the Graph API (audio, video and stickers have none here). */
  media?: { type: 'image' | 'document'; id: string; mimeType?: string; filename?: string; caption?: string };
}

export interface WebhookNotification {
  messages: InboundWhatsapp[];
  statuses: Array<StatusUpdate & { phoneNumberId: string | undefined }>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const string = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

const fileTypes = new Set(['image', 'document', 'audio', 'video', 'sticker']);
const silentTypes = new Set(['reaction', 'system', 'request_welcome', 'ephemeral']);

/**
 * The messages and statuses of a Cloud API webhook (`object:
 * 'whatsapp_business_account'`, entry[].changes[].value). A body of another
 * shape is refused; an item without what the channel needs is skipped, so
 * that one odd item never makes Meta retry the whole delivery.
 */
export function parseNotification(body: unknown): WebhookNotification {
  if (!isObject(body))
    throw new ChannelError(400, 'invalid_request', 'The webhook body must be a JSON object.');
  const result: WebhookNotification = { messages: [], statuses: [] };
  if (body.object !== 'whatsapp_business_account') return result;
  if (!Array.isArray(body.entry)) throw new ChannelError(400, 'invalid_request', 'entry must be an array.');
  for (const entry of objects(body.entry)) {
    for (const change of objects(entry.changes)) {
      if (change.field !== undefined && change.field !== 'messages') continue;
      const value = isObject(change.value) ? change.value : {};
      const phoneNumberId = isObject(value.metadata) ? string(value.metadata.phone_number_id) : undefined;
      for (const message of objects(value.messages)) {
        const parsed = parseMessage(message, phoneNumberId);
        if (parsed) result.messages.push(parsed);
      }
      for (const status of objects(value.statuses)) {
        const parsed = parseStatus(status);
        if (parsed) result.statuses.push({ ...parsed, phoneNumberId });
      }
    }
  }
  return result;
}

/** "34600000001" or "+34600000001" as E.164, or undefined for anything else. */
export function toE164(number: string | undefined): string | undefined {
  const digits = number?.trim().replace(/^\+/, '');
  return digits && /^[1-9]\d{5,14}$/.test(digits) ? `+${digits}` : undefined;
}

function parseMessage(message: Json, phoneNumberId: string | undefined): InboundWhatsapp | undefined {
  const id = string(message.id);
  const phone = toE164(string(message.from));
  const type = string(message.type);
  if (!id || !phone || !type) return undefined;
  const seconds = Number(message.timestamp);
  const sentAt = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
  const base = { id, phone, phoneNumberId, sentAt };

  if (type === 'text') {
    const text = isObject(message.text) ? string(message.text.body) : undefined;
    return text ? { ...base, kind: 'text', text } : { ...base, kind: 'ignored' };
  }
  if (type === 'interactive' && isObject(message.interactive)) {
    const reply = message.interactive.button_reply ?? message.interactive.list_reply;
    if (isObject(reply) && string(reply.id)) {
      // A list row's description holds the whole label when the title had to be cut.
      const seen = string(reply.description) ?? string(reply.title);
      return { ...base, kind: 'choice', choiceId: string(reply.id)!, ...(seen ? { choiceText: seen } : {}) };
    }
    return { ...base, kind: 'other' };
  }
  if (type === 'button' && isObject(message.button)) {
    const payload = string(message.button.payload);
    const text = string(message.button.text);
    if (!payload && !text) return { ...base, kind: 'other' };
    return {
      ...base,
      kind: 'choice',
      ...(payload ? { choiceId: payload } : {}),
      ...(text ? { choiceText: text } : {}),
    };
  }
  if ((type === 'image' || type === 'document') && isObject(message[type])) {
    const media = message[type] as Json;
    const id = string(media.id);
    if (id) {
      const mimeType = string(media.mime_type);
      const filename = string(media.filename);
      const caption = string(media.caption);
      return {
        ...base,
        kind: 'file',
        media: { type, id, ...(mimeType ? { mimeType } : {}), ...(filename ? { filename } : {}), ...(caption ? { caption } : {}) },
      };
    }
  }
  if (fileTypes.has(type)) return { ...base, kind: 'file' };
  if (silentTypes.has(type)) return { ...base, kind: 'ignored' };
  return { ...base, kind: 'other' };
}

function parseStatus(status: Json): StatusUpdate | undefined {
  const id = string(status.id);
  const state = string(status.status)?.toLowerCase();
  if (!id || !state) return undefined;
  const error = objects(status.errors)[0];
  const code = error?.code;
  const to = toE164(string(status.recipient_id));
  const title = string(error?.title) ?? string(error?.message);
  return {
    id,
    status: state,
    ...(to ? { to } : {}),
    ...(typeof code === 'number' || typeof code === 'string' ? { errorCode: String(code) } : {}),
    ...(title ? { errorTitle: title } : {}),
  };
}
