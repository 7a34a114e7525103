import { Liquid } from 'liquidjs';
import { invalid } from '../../platform/errors';
import { sampleVariables, type TemplateContent, type TemplateVariables } from './default-templates';

export interface RenderedMessage {
  subject: string | null;
  text: string;
  html: string | null;
}

// Liquid has no code execution; on top of that: strict names (a typo is an error, not an empty
// string), own properties only (no reaching into prototypes), no file system (an empty in-memory
// map makes `include` and `render` fail), and limits so an admin's loop cannot stall a worker.
const safety = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  templates: {},
  parseLimit: 20_000,
  renderLimit: 200,
  memoryLimit: 1_000_000,
} as const;
const plain = new Liquid(safety);
// For HTML every output is escaped unless a template says `| raw` explicitly.
const escaped = new Liquid({ ...safety, outputEscape: 'escape' });

/**
 * Renders a template with the notification's variables: the subject and text
 * as plain text, the HTML part with every variable escaped. E-mail without an
 * HTML template gets the text, escaped, in paragraphs.
 *
 * @example
 * await renderTemplate({ subject: 'Hi', text: 'Hi {{ recipientName }}', html: null, urgent: false }, variables, { html: true });
 */
export async function renderTemplate(content: TemplateContent, variables: TemplateVariables, options: { html: boolean }): Promise<RenderedMessage> {
  const subject = content.subject === null ? null : oneLine(await plain.parseAndRender(content.subject, variables));
  const text = (await plain.parseAndRender(content.text, variables)).trim();
  if (!options.html) return { subject, text, html: null };
  const body = content.html !== null ? await escaped.parseAndRender(content.html, variables) : paragraphs(await escaped.parseAndRender(content.text, variables));
  return { subject, text, html: layout(body, subject) };
}

/** Refuses a template that does not parse or uses a variable or filter that does not exist. */
export async function checkTemplate(content: Pick<TemplateContent, 'subject' | 'text' | 'html'>): Promise<void> {
  for (const [field, source] of Object.entries({ subject: content.subject, text: content.text, html: content.html })) {
    if (source === null || source === undefined) continue;
    try {
      await (field === 'html' ? escaped : plain).parseAndRender(source, sampleVariables);
    } catch (error) {
      throw invalid('invalid_template', `The ${field} template does not render: ${firstLine(error)}`, { field });
    }
  }
}

const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);

/** Already-escaped text into paragraphs: blank lines split them, single line breaks stay. */
function paragraphs(escapedText: string): string {
  return escapedText
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${paragraph.trim().replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function layout(body: string, subject: string | null): string {
  const title = subject === null ? '' : `<title>${escapeHtml(subject)}</title>`;
  return `<!doctype html><html><head><meta charset="utf-8">${title}</head><body style="font-family: sans-serif; line-height: 1.5">\n${body}\n</body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
