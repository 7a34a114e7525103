import { wordsFor as smsWords } from '../sms/sms-words';
import { keysOf } from '../sms/answered-choice';
import type { OutboundMessage } from '../turn';
import type { SentChoice } from './whatsapp-builder';
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
  /**
   * The approved template has quick-reply buttons for the reminder's answers, in their order
   * (Confirm, Cancel, Reschedule): each gets its answer's id as payload, so a tap is understood.
   * Without them the answers are written into the text as a numbered list.
   */
  quickReplies?: boolean;
}

export interface TemplateContext {
  phone: string;
  messages: OutboundMessage[];
  locale: WhatsappLocale;
  /** The last message's choices with the ids they are kept under (empty when it has none). */
  choices: SentChoice[];
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
  const buttons: TemplateComponent[] = reminder.quickReplies
    ? context.choices.map((choice) => ({
        type: 'button',
        sub_type: 'quick_reply',
        index: String(choice.position - 1),
        parameters: [{ type: 'payload', payload: choice.id }],
      }))
    : [];
  const listed = reminder.quickReplies ? [] : context.choices;
  const body: TemplateComponent[] =
    reminder.textParameter === false
      ? []
      : [{ type: 'body', parameters: [{ type: 'text', text: templateText(context.messages, listed, context.locale) }] }];
  const components = [...body, ...buttons];
  return { name: reminder.name, language, ...(components.length ? { components } : {}) };
}

/**
 * The messages' words as one template parameter: Meta refuses line breaks,
 * tabs and long runs of spaces in parameters. Choices follow on the same line
 * ("1. Confirm, 2. Cancel, 3. Reschedule. Reply 1, 2 or 3", or with letters "Reply C to confirm,
 * X to cancel or R to reschedule"), and are never the part cut.
 */
export function templateText(messages: OutboundMessage[], choices: SentChoice[] = [], locale: WhatsappLocale = 'en'): string {
  const keys = keysOf(choices);
  const listed = !choices.length
    ? ''
    : keys
      ? ` ${smsWords(locale).replyWithKeys(choices.map((choice, index) => ({ key: keys[index]!, label: oneLine(choice.label) })))}.`
      : ` ${choices.map((choice) => `${choice.position}. ${oneLine(choice.label)}`).join(', ')}. ${smsWords(locale).replyWith(choices.length)}.`;
  const words = oneLine(messages.map((message) => message.text).join(' '));
  return `${truncate(words, Math.max(maxParameter - listed.length, 100))}${listed}`.slice(0, maxParameter);
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
