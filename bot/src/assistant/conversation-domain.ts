import type { BaseMessage, ToolMessage } from '@langchain/core/messages';

// Tool results that say which domain (medical, legal, …) the conversation is about.
const domainsIn: Record<string, (result: Record<string, unknown>) => string[] | undefined> = {
  find_professionals: (result) =>
    Array.isArray(result.professionals) ? (result.professionals as Array<{ domain?: unknown }>).map((p) => String(p.domain ?? '')) : undefined,
  get_intake_questions: (result) => (typeof result.domain === 'string' ? [result.domain] : undefined),
};

// Enough to reach the last search of a long conversation without reading all of it on every model step.
const lookBack = 30;

/**
 * The domain the conversation is about, for picking the domain's prompt: the one the latest
 * professional search or intake named. A search that found professionals of several domains
 * makes the conversation general again, as does having neither.
 */
export function conversationDomain(messages: BaseMessage[]): string | undefined {
  for (let index = messages.length - 1; index >= Math.max(0, messages.length - lookBack); index--) {
    const message = messages[index]!;
    if (message.getType() !== 'tool') continue;
    const read = domainsIn[(message as ToolMessage).name ?? ''];
    if (!read || typeof message.content !== 'string') continue;
    let result: unknown;
    try {
      result = JSON.parse(message.content);
    } catch {
      continue;
    }
    if (typeof result !== 'object' || result === null || 'error' in result) continue;
    const domains = read(result as Record<string, unknown>);
    if (!domains || domains.length === 0) continue;
    const distinct = new Set(domains);
    return distinct.size === 1 && domains[0] ? domains[0] : undefined;
  }
  return undefined;
}
