import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { conversationDomain } from './conversation-domain';

const tool = (name: string, result: unknown, id = name) => new ToolMessage({ tool_call_id: id, name, content: typeof result === 'string' ? result : JSON.stringify(result) });
const found = (...domains: string[]) => tool('find_professionals', { professionals: domains.map((domain, index) => ({ id: `p${index}`, domain })) });

describe('the domain a conversation is about', () => {
  it('is the one the latest search or intake named', () => {
    expect(conversationDomain([new HumanMessage('dermatologist?'), found('medical', 'medical'), new AIMessage('Dr. López')])).toBe('medical');
    expect(conversationDomain([found('medical'), tool('get_intake_questions', { serviceId: 'family-law-consult', domain: 'legal', fields: [] })])).toBe('legal');
    expect(conversationDomain([found('legal'), tool('list_slots', { slots: [] }), new AIMessage('Tuesday?')])).toBe('legal');
  });

  it('is none before anything named one, after a search across domains, or for a failed search', () => {
    expect(conversationDomain([new HumanMessage('hello'), new AIMessage('Hi!')])).toBeUndefined();
    expect(conversationDomain([found('legal'), found('medical', 'legal')])).toBeUndefined();
    expect(conversationDomain([found('legal'), tool('find_professionals', { error: { code: 'invalid_input' } })])).toBe('legal');
    expect(conversationDomain([found('legal'), tool('find_professionals', 'not json')])).toBe('legal');
    expect(conversationDomain([found('legal'), found()])).toBe('legal');
  });

  it('reads only the recent messages of a long conversation', () => {
    const chatter: BaseMessage[] = Array.from({ length: 40 }, (_, index) => new HumanMessage(`message ${index}`));
    expect(conversationDomain([found('medical'), ...chatter])).toBeUndefined();
    expect(conversationDomain([...chatter, found('medical'), ...chatter.slice(0, 10)])).toBe('medical');
  });
});
