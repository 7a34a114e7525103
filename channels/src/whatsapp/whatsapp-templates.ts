import type { OutboundMessage } from '../turn';
import type { TemplateBody, TemplateComponent } from './graph-types';
import { oneLine, truncate } from './whatsapp-text';
import type { WhatsappLocale } from './whatsapp-words';

/** An approved template, as the Cloud API sends it. */
export interface WhatsappTemplate {
  name: string;
  /** The template's language code as approved (en, en_US, es …). */
  language: string;
  components?: TemplateComponent[];
}

/**
 * A reminder template from configuration. Its body has one variable, {{1}},
 * which receives the reminder's text ("Consulta: {{1}}"); without variables,
 * set `textParameter: false`.
 */
export interface ReminderTemplate {
  name: string;
  /** One code, or one per locale of the patient (`{ en: 'en_US', es: 'es' }`). */
  language: string | Partial<Record<WhatsappLocale, string>>;
  textParameter?: boolean;
}

export interface TemplateContext {
  phone: string;
  messages: OutboundMessage[];
  locale: WhatsappLocale;
}

/** Picks the template for a message sent outside the window; undefined refuses to send. */
export type TemplateChooser = (
  context: TemplateContext,
) => WhatsappTemplate | undefined | Promise<WhatsappTemplate | undefined>;

export type WhatsappTemplates = { reminder?: ReminderTemplate } | TemplateChooser;

// The template's own words share the body's 1024 characters with the parameter.
const maxParameter = 900;

export async function chooseTemplate(
  templates: WhatsappTemplates | undefined,
  context: TemplateContext,
): Promise<WhatsappTemplate | undefined> {
  if (!templates) return undefined;
  if (typeof templates === 'function') return templates(context);
  const reminder = templates.reminder;
  if (!reminder) return undefined;
  const language =
    typeof reminder.language === 'string'
      ? reminder.language
      : (reminder.language[context.locale] ?? Object.values(reminder.language)[0]);
  if (!language) return undefined;
  if (reminder.textParameter === false) return { name: reminder.name, language };
  return {
    name: reminder.name,
    language,
    components: [{ type: 'body', parameters: [{ type: 'text', text: templateText(context.messages) }] }],
  };
}

/**
 * The messages' words as one template parameter: Meta refuses line breaks,
 * tabs and long runs of spaces in parameters.
 */
export function templateText(messages: OutboundMessage[]): string {
  return truncate(oneLine(messages.map((message) => message.text).join(' ')), maxParameter);
}

export function templateBody(template: WhatsappTemplate): TemplateBody {
  return {
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      ...(template.components?.length ? { components: template.components } : {}),
    },
  };
}
