/**
 * An LLM plays the user from the scenario's `goal` (when a model is
 * configured): any OpenAI-compatible endpoint, from the same OPENAI_*
 * variables as the bot (EVALS_USER_MODEL picks another model for the user).
 */
import { ChatOpenAI } from '@langchain/openai';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import type { SimulatedUser } from './simulated-user';

export const doneWord = 'DONE';

export interface LlmUserOptions {
  goal: string;
  locale: string;
  model: Runnable<BaseMessage[], BaseMessage>;
}

export function userInstructions(goal: string, locale: string): string {
  const language = locale.startsWith('es') ? 'Spanish' : locale.startsWith('fr') ? 'French' : 'English';
  return [
    'You are role-playing a person who writes to the booking assistant of a clinic and law practice.',
    `Your situation and goal: ${goal.trim()}`,
    `Write in ${language}, like a real person in a chat: short messages, one at a time, only what this person would type.`,
    'Do not reveal everything at once unless the goal says so; answer the questions you are asked.',
    'Never invent facts that contradict the goal. Never play the assistant.',
    `When your goal is reached, or the assistant clearly cannot reach it, answer with the single word ${doneWord}.`,
  ].join('\n');
}

/**
 * @example
 * const user = createLlmUser({ goal: scenario.user.goal, locale: 'en', model: userModelFromEnvironment(process.env) });
 */
export function createLlmUser(options: LlmUserOptions): SimulatedUser {
  const history: BaseMessage[] = [];
  return {
    kind: 'llm',
    async next(lastReplies) {
      // Roles are flipped: to the simulated user, the assistant is the one talking to it.
      if (lastReplies.length > 0) history.push(new HumanMessage(lastReplies.join('\n\n')));
      const prompt = history.length === 0 ? [new HumanMessage('(The assistant is waiting for your first message.)')] : history;
      const answer = await options.model.invoke([new SystemMessage(userInstructions(options.goal, options.locale)), ...prompt]);
      const text = (typeof answer.content === 'string' ? answer.content : answer.content.map((part) => ('text' in part ? String(part.text) : '')).join('')).trim();
      if (!text || text === doneWord || text.replace(/[.!\s]+$/, '') === doneWord) return null;
      const message = text.endsWith(doneWord) ? text.slice(0, -doneWord.length).trim() : text;
      history.push(new AIMessage(message));
      return message;
    },
  };
}

/** The user's model from OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL (EVALS_USER_MODEL overrides the model). */
export function userModelFromEnvironment(environment: Record<string, string | undefined>): ChatOpenAI {
  if (!environment.OPENAI_API_KEY && !environment.OPENAI_BASE_URL) {
    throw new Error('--model openai needs OPENAI_API_KEY or OPENAI_BASE_URL');
  }
  return new ChatOpenAI({
    model: environment.EVALS_USER_MODEL || environment.OPENAI_MODEL || 'gpt-4o-mini',
    apiKey: environment.OPENAI_API_KEY || 'not-needed',
    temperature: 0.7,
    timeout: Number(environment.OPENAI_TIMEOUT_MS) || 60_000,
    maxRetries: 2,
    configuration: environment.OPENAI_BASE_URL ? { baseURL: environment.OPENAI_BASE_URL } : undefined,
  });
}
