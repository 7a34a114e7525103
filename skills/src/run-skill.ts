import { skillInputs, type SkillFailure, type SkillInput, type SkillName, type SkillResults } from './contract';
import type { SkillContext } from './skill-context';
import { toSkillFailure } from './skill-failure';
import { skillRunners, type SkillRunner } from './skill-registry';

const isSkillName = (name: string): name is SkillName => Object.hasOwn(skillInputs, name);

async function execute<Name extends SkillName>(name: Name, rawInput: unknown, context: SkillContext): Promise<SkillResults[Name]> {
  const input = skillInputs[name].parse(rawInput) as SkillInput<Name>;
  const runner: SkillRunner<Name> = skillRunners[name];
  return runner(input, context);
}

/**
 * Runs a skill from raw tool-call arguments and answers the tool message: the
 * result as JSON, or a `SkillFailure` whose hint tells the model how to fix
 * the call. It never throws, so a bad call cannot break the graph.
 */
export async function runSkill(name: SkillName | string, rawInput: unknown, context: SkillContext): Promise<string> {
  if (!isSkillName(name)) {
    const failure: SkillFailure = {
      error: { code: 'unknown_skill', message: `There is no skill "${name}".`, hint: `Call one of: ${Object.keys(skillInputs).join(', ')}.` },
    };
    return JSON.stringify(failure);
  }
  try {
    return JSON.stringify(await execute(name, rawInput, context));
  } catch (error) {
    return JSON.stringify(toSkillFailure(error, name));
  }
}
