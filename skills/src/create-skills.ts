import { ToolMessage, type ToolCall } from '@langchain/core/messages';
import { tool, ToolInputParsingException, type StructuredToolInterface } from '@langchain/core/tools';
import { skillDescriptions, skillInputs, type SkillName } from './contract';
import { runSkill } from './run-skill';
import type { SkillContext } from './skill-context';

export { runSkill } from './run-skill';

const isToolCall = (value: unknown): value is ToolCall =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'tool_call';

/**
 * LangChain checks the arguments against the schema before our function runs
 * and throws when they do not fit. That check is caught here and answered
 * like any other failure, so the model reads how to fix the call.
 */
function answerInvalidArguments(skill: StructuredToolInterface, name: SkillName, context: SkillContext) {
  const checkedCall = skill.call.bind(skill);
  const call = async (arg: unknown, config?: { toolCall?: ToolCall }, tags?: string[]) => {
    try {
      return await checkedCall(arg as never, config as never, tags);
    } catch (error) {
      if (!(error instanceof ToolInputParsingException)) throw error;
      const toolCall = isToolCall(arg) ? arg : config?.toolCall;
      const content = await runSkill(name, toolCall ? toolCall.args : arg, context);
      return toolCall?.id ? new ToolMessage({ content, tool_call_id: toolCall.id, name, status: 'error' }) : content;
    }
  };
  return Object.assign(skill, { call: call as typeof skill.call });
}

function createSkillTool(name: SkillName, context: SkillContext): StructuredToolInterface {
  const skill = tool((input: unknown) => runSkill(name, input, context), {
    name,
    description: skillDescriptions[name],
    schema: skillInputs[name],
  });
  return answerInvalidArguments(skill, name, context);
}

/** One LangChain tool per skill of the contract, each acting as the served user. */
export function createSkills(context: SkillContext): StructuredToolInterface[] {
  return (Object.keys(skillInputs) as SkillName[]).map((name) => createSkillTool(name, context));
}
