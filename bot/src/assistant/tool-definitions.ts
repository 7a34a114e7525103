import { z } from 'zod';
import { skillDescriptions, skillInputs, type SkillName } from '@consulta/skills';

/**
 * The skills in OpenAI's function-tool format, for binding to any chat model.
 * The graph runs the calls itself (with the served user's token), so binding
 * needs only names, descriptions and JSON Schemas.
 */
export function skillToolDefinitions() {
  return (Object.keys(skillInputs) as SkillName[]).map((name) => ({
    type: 'function' as const,
    function: {
      name,
      description: skillDescriptions[name],
      parameters: z.toJSONSchema(skillInputs[name], { io: 'input' }) as Record<string, unknown>,
    },
  }));
}
