/**
 * Cloud API webhook bodies as Meta sends them, for tests: a
 * `whatsapp_business_account` notification around messages or statuses.
 */
export const testWhatsappApp = {
  accessToken: 'test-whatsapp-access-token',
  appSecret: 'test-whatsapp-app-secret',
  verifyToken: 'test-whatsapp-verify-token',
  phoneNumberId: '106540352242922',
};
export const businessDisplayNumber = '15550783881';

type Message = Record<string, unknown>;

let sequence = 0;
/** A fresh wamid, like Meta's (base64 of the conversation and a counter). */
export const newWamid = () =>
  `wamid.${Buffer.from(`test-${process.pid}-${Date.now()}-${(sequence += 1)}`).toString('base64')}`;

const digits = (phone: string) => phone.replace(/^\+/, '');
/** Meta's timestamps are Unix seconds as strings. */
export const unixSeconds = (date = new Date()) => String(Math.floor(date.getTime() / 1000));

export interface MessageOptions {
  id?: string;
  timestamp?: string;
}

const base = (from: string, type: string, options: MessageOptions = {}) => ({
  from: digits(from),
  id: options.id ?? newWamid(),
  timestamp: options.timestamp ?? unixSeconds(),
  type,
});

export const textMessage = (from: string, body: string, options?: MessageOptions): Message => ({
  ...base(from, 'text', options),
  text: { body },
});

export const buttonReply = (from: string, id: string, title: string, options?: MessageOptions): Message => ({
  context: { from: businessDisplayNumber, id: newWamid() },
  ...base(from, 'interactive', options),
  interactive: { type: 'button_reply', button_reply: { id, title } },
});

export const listReply = (
  from: string,
  row: { id: string; title: string; description?: string },
  options?: MessageOptions,
): Message => ({
  context: { from: businessDisplayNumber, id: newWamid() },
  ...base(from, 'interactive', options),
  interactive: { type: 'list_reply', list_reply: row },
});

/** A tap on a template's quick-reply button. */
export const templateButton = (
  from: string,
  payload: string,
  text: string,
  options?: MessageOptions,
): Message => ({
  context: { from: businessDisplayNumber, id: newWamid() },
  ...base(from, 'button', options),
  button: { payload, text },
});

export const mediaMessage = (
  from: string,
  type: 'image' | 'document' | 'audio' | 'video' | 'sticker',
  options?: MessageOptions & { mediaId?: string; mimeType?: string; caption?: string },
): Message => ({
  ...base(from, type, options),
  [type]: {
    mime_type: options?.mimeType ?? (type === 'document' ? 'application/pdf' : 'image/jpeg'),
    sha256: 'dGVzdA==',
    id: options?.mediaId ?? '1003383421387256',
    ...(type === 'document' ? { filename: 'insurance.pdf' } : {}),
    ...(options?.caption ? { caption: options.caption } : {}),
  },
});

export const statusUpdate = (
  id: string,
  status: 'sent' | 'delivered' | 'read' | 'failed',
  recipient: string,
  errors?: Array<{ code: number; title: string }>,
): Message => ({
  id,
  status,
  timestamp: unixSeconds(),
  recipient_id: digits(recipient),
  ...(status === 'failed' ? {} : { pricing: { billable: true, pricing_model: 'PMP', category: 'service' } }),
  ...(errors ? { errors: errors.map((error) => ({ ...error, message: error.title })) } : {}),
});

/** The notification around messages and statuses, with the contacts Meta lists for the senders. */
export function notification(
  content: { messages?: Message[]; statuses?: Message[] },
  options: { phoneNumberId?: string } = {},
) {
  const senders = [...new Set((content.messages ?? []).map((message) => String(message.from)))];
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: businessDisplayNumber,
                phone_number_id: options.phoneNumberId ?? testWhatsappApp.phoneNumberId,
              },
              ...(senders.length
                ? { contacts: senders.map((waId) => ({ profile: { name: 'Test Patient' }, wa_id: waId })) }
                : {}),
              ...(content.messages ? { messages: content.messages } : {}),
              ...(content.statuses ? { statuses: content.statuses } : {}),
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}
