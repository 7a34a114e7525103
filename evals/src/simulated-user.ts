/** Who plays the patient: the scenario's scripted turns, or an LLM given its goal. */
export interface SimulatedUser {
  readonly kind: 'scripted' | 'llm';
  /**
   * The user's next message after the assistant's last replies (empty before
   * the first message), or null when the user is done.
   */
  next(lastReplies: string[]): Promise<string | null>;
}

/**
 * Sends the turns in order, one per assistant reply; when they run out the
 * conversation ends.
 *
 * @example
 * const user = scriptedUser(['I need a dermatologist', 'yes']);
 */
export function scriptedUser(turns: string[]): SimulatedUser {
  let index = 0;
  return {
    kind: 'scripted',
    next: async () => turns[index++] ?? null,
  };
}
