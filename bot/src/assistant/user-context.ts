/** Who the assistant serves in this conversation, as the model's system prompt states it. */
export interface UserContext {
  userId: string;
  userName: string;
  /** `visitor`: an unverified web chat user, who may look but not book. */
  role: 'patient' | 'professional' | 'admin' | 'visitor';
  locale: string;
  timeZone: string;
  channel: string;
}

/**
 * The machine-readable line at the end of the system prompt. The local model
 * reads it for the clock and zone; an LLM reads it like any other context.
 */
export function contextLine(user: UserContext, now: Date): string {
  return `Context: ${JSON.stringify({ ...user, now: now.toISOString() })}`;
}
