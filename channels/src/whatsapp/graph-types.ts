/**
 * The Cloud API's message bodies as this channel sends them to
 * `POST /{version}/{phone-number-id}/messages` (without `messaging_product`
 * and `to`, which the sender adds).
 */
export type GraphMessageBody = TextBody | InteractiveBody | TemplateBody;

export interface TextBody {
  type: 'text';
  text: { body: string; preview_url?: boolean };
}

export interface ReplyButton {
  type: 'reply';
  reply: { id: string; title: string };
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface InteractiveBody {
  type: 'interactive';
  interactive:
    | {
        type: 'button';
        body: { text: string };
        footer?: { text: string };
        action: { buttons: ReplyButton[] };
      }
    | {
        type: 'list';
        body: { text: string };
        footer?: { text: string };
        action: { button: string; sections: Array<{ title?: string; rows: ListRow[] }> };
      };
}

export interface TemplateParameter {
  type: 'text';
  text: string;
}

export interface TemplateComponent {
  type: 'header' | 'body' | 'button';
  sub_type?: 'quick_reply' | 'url';
  index?: string;
  parameters: Array<TemplateParameter | { type: 'payload'; payload: string }>;
}

export interface TemplateBody {
  type: 'template';
  template: { name: string; language: { code: string }; components?: TemplateComponent[] };
}

/** What the Cloud API answers a send with. */
export interface GraphSendResponse {
  messaging_product: 'whatsapp';
  contacts: Array<{ input: string; wa_id: string }>;
  messages: Array<{ id: string; message_status?: string }>;
}

/** The Graph API's error body. */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product?: string; details?: string };
    fbtrace_id: string;
  };
}

/** The limits the Cloud API enforces on interactive messages; the builder never exceeds them. */
export const whatsappLimits = {
  text: 4096,
  body: 1024,
  footer: 60,
  buttons: 3,
  buttonTitle: 20,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  listButton: 20,
  sectionTitle: 24,
  replyId: 256,
  rowId: 200,
} as const;
