/**
 * What the dialogue policy decides for one model turn: call skills, or say
 * something to the user (optionally with options to render as buttons).
 */
import type { SkillName } from './skill-contract';

/** An option the channel renders as a button or a numbered line. */
export interface Choice {
  label: string;
  value: string;
}

export interface SkillCall {
  name: SkillName;
  args: Record<string, unknown>;
}

export type Step =
  | { kind: 'call'; calls: SkillCall[] }
  | { kind: 'reply'; text: string; choices?: Choice[] };

export function call(name: SkillName, args: Record<string, unknown>): Step {
  return { kind: 'call', calls: [{ name, args }] };
}

export function reply(text: string, choices?: Choice[]): Step {
  return choices === undefined || choices.length === 0 ? { kind: 'reply', text } : { kind: 'reply', text, choices };
}

/** "1. Tue 8 Dec, 10:20" lines, so text-only channels still show the options. */
export function numbered(choices: Choice[]): string {
  return choices.map((choice, index) => `${index + 1}. ${choice.label}`).join('\n');
}
