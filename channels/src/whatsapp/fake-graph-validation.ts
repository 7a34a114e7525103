import { whatsappLimits as limits } from './graph-types';

/** A refusal as the Cloud API words it: its code and the detail it gives. */
export interface GraphProblem {
  code: number;
  message: string;
  details: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (details: string): GraphProblem => ({
  code: 131009,
  message: '(#131009) Parameter value is not valid',
  details,
});
const missing = (name: string): GraphProblem => ({
  code: 100,
  message: `(#100) The parameter ${name} is required.`,
  details: `${name} is required`,
});

function length(value: unknown, name: string, min: number, max: number): GraphProblem | undefined {
  if (typeof value !== 'string') return missing(name);
  if (value.length < min || value.length > max)
    return invalid(`${name} length invalid. Min length: ${min}, Max length: ${max}`);
  return undefined;
}

function firstOf(...checks: Array<() => GraphProblem | undefined>): GraphProblem | undefined {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return undefined;
}

/**
 * What the Cloud API would refuse in a message body, as far as this channel
 * sends them: text, reply buttons, lists and templates, with WhatsApp's
 * limits. A fake that accepted anything would let the builder's bugs through.
 */
export function graphMessageProblem(body: unknown): GraphProblem | undefined {
  if (!isObject(body)) return missing('messaging_product');
  if (body.messaging_product !== 'whatsapp') return missing('messaging_product');
  if (typeof body.to !== 'string' || !/^\+?\d{6,15}$/.test(body.to)) return missing('to');
  if (body.type === 'text') {
    return isObject(body.text) ? length(body.text.body, 'text.body', 1, limits.text) : missing('text');
  }
  if (body.type === 'template') return templateProblem(body.template);
  if (body.type === 'interactive') return interactiveProblem(body.interactive);
  return invalid(`Unsupported message type ${String(body.type)}`);
}

function templateProblem(template: unknown): GraphProblem | undefined {
  if (!isObject(template)) return missing('template');
  if (typeof template.name !== 'string' || !template.name) return missing('template.name');
  if (!isObject(template.language) || typeof template.language.code !== 'string')
    return missing('template.language.code');
  for (const component of Array.isArray(template.components) ? template.components : []) {
    for (const parameter of isObject(component) && Array.isArray(component.parameters)
      ? component.parameters
      : []) {
      const text = isObject(parameter) ? parameter.text : undefined;
      if (typeof text === 'string' && (/[\n\t]/.test(text) || / {5,}/.test(text) || !text.trim()))
        return {
          code: 132018,
          message: 'There was an issue with the parameters in your template.',
          details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
        };
    }
  }
  return undefined;
}

function interactiveProblem(interactive: unknown): GraphProblem | undefined {
  if (!isObject(interactive)) return missing('interactive');
  const action = isObject(interactive.action) ? interactive.action : undefined;
  if (!action) return missing('interactive.action');
  const body = isObject(interactive.body) ? interactive.body.text : undefined;
  const footer = isObject(interactive.footer) ? interactive.footer.text : undefined;
  return firstOf(
    () => length(body, 'Body text', 1, limits.body),
    () => (footer === undefined ? undefined : length(footer, 'Footer text', 1, limits.footer)),
    () =>
      interactive.type === 'button'
        ? buttonsProblem(action.buttons)
        : interactive.type === 'list'
          ? listProblem(action)
          : invalid(`Unsupported interactive type ${String(interactive.type)}`),
  );
}

function buttonsProblem(buttons: unknown): GraphProblem | undefined {
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > limits.buttons)
    return invalid(`Buttons count invalid. Min: 1, Max: ${limits.buttons}`);
  const replies = buttons.map((button) => (isObject(button) && isObject(button.reply) ? button.reply : {}));
  for (const reply of replies) {
    const problem = firstOf(
      () => length(reply.title, 'Button title', 1, limits.buttonTitle),
      () => length(reply.id, 'Button id', 1, limits.replyId),
    );
    if (problem) return problem;
  }
  if (new Set(replies.map((reply) => reply.title)).size !== replies.length)
    return invalid('Button title is not unique');
  if (new Set(replies.map((reply) => reply.id)).size !== replies.length)
    return invalid('Button id is not unique');
  return undefined;
}

function listProblem(action: Json): GraphProblem | undefined {
  const sections = Array.isArray(action.sections) ? action.sections.filter(isObject) : [];
  const rows = sections.flatMap((section) =>
    Array.isArray(section.rows) ? section.rows.filter(isObject) : [],
  );
  const problem = firstOf(
    () => length(action.button, 'Button text', 1, limits.listButton),
    () =>
      sections.length < 1 || sections.length > 10
        ? invalid('Sections count invalid. Min: 1, Max: 10')
        : undefined,
    () =>
      rows.length < 1 || rows.length > limits.rows
        ? invalid(`Total row count exceed max allowed count: ${limits.rows}`)
        : undefined,
    () =>
      sections.length > 1 && sections.some((section) => typeof section.title !== 'string')
        ? missing('section.title')
        : undefined,
    ...sections.map(
      (section) => () =>
        section.title === undefined
          ? undefined
          : length(section.title, 'Section title', 1, limits.sectionTitle),
    ),
  );
  if (problem) return problem;
  for (const row of rows) {
    const rowProblem = firstOf(
      () => length(row.title, 'Row title', 1, limits.rowTitle),
      () => length(row.id, 'Row id', 1, limits.rowId),
      () =>
        row.description === undefined
          ? undefined
          : length(row.description, 'Row description', 1, limits.rowDescription),
    );
    if (rowProblem) return rowProblem;
  }
  if (new Set(rows.map((row) => row.id)).size !== rows.length) return invalid('Row id is not unique');
  return undefined;
}
