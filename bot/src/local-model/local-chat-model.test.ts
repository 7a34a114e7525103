import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { LocalChatModel } from './local-chat-model';
import { ConversationDriver, onlyCall } from './testing/conversation-driver';
import { directory, skillTools, slots } from './testing/demo-directory';

const system = new SystemMessage(
  'You are the Consulta assistant.\nContext: {"userId":"patient-ana","userName":"Ana García","locale":"es","timeZone":"Europe/Madrid","now":"2026-12-01T09:00:00.000Z","channel":"webchat","role":"patient"}',
);

describe('LocalChatModel', () => {
  it('is a LangChain chat model: bindTools carries the tools and invoke returns an AIMessage with tool calls', async () => {
    const model = new LocalChatModel();
    expect(model._llmType()).toBe('consulta-local');
    const bound = model.bindTools(skillTools);
    const message = await bound.invoke([system, new HumanMessage('What appointments do I have coming up?')]);
    expect(AIMessage.isInstance(message)).toBe(true);
    expect(message.tool_calls).toEqual([{ id: 'local-2-0', name: 'list_my_appointments', args: { status: 'upcoming' }, type: 'tool_call' }]);
  });

  it('accepts tools in OpenAI format too', async () => {
    const bound = new LocalChatModel().bindTools([
      { type: 'function', function: { name: 'list_my_appointments', description: '', parameters: {} } },
    ]);
    const message = await bound.invoke([system, new HumanMessage('What appointments do I have coming up?')]);
    expect(message.tool_calls?.[0]?.name).toBe('list_my_appointments');
  });

  it('calls no tool that is not bound, and says so', async () => {
    const message = await new LocalChatModel().invoke([system, new HumanMessage('What appointments do I have coming up?')]);
    expect(message.tool_calls ?? []).toEqual([]);
    expect(message.text).toMatch(/person at the practice/);
  });

  it('continues a conversation restored from a checkpoint with a fresh instance', async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user("I'd like a dermatology appointment next Tuesday morning");
    await chat.result(directory);
    const offer = await chat.result(slots('dr-lopez', 'derm-consult', '2026-12-08', ['09:40', '10:20']));
    const restored = [...chat.messages.slice(0, -1)];
    const again = await new LocalChatModel().bindTools(skillTools).invoke(restored);
    expect(again.text).toBe(offer.text);
    expect(again.additional_kwargs).toEqual(offer.additional_kwargs);
  });

  it("ignores the user's yes to the graph's confirmation question and replies to the result", async () => {
    const chat = new ConversationDriver({ locale: 'en' });
    await chat.user('Cancel my appointment with Dr. Chen please');
    const call = await chat.result({
      appointments: [{ id: 'x1', status: 'requested', professionalId: 'dr-chen', professionalName: 'Dr. Wei Chen',
        serviceId: 'gp-visit', serviceName: 'General practice visit', start: '2026-12-02T13:00:00Z', label: 'Wed 2 Dec, 14:00' }],
      timeZone: 'Europe/Madrid',
    });
    const { name } = onlyCall(call);
    expect(name).toBe('cancel_appointment');
    const toolCallId = call.tool_calls?.[0]?.id ?? '';
    chat.messages.push(new AIMessage('Cancel your General practice visit on Wed 2 Dec, 14:00?'), new HumanMessage('yes, cancel it'));
    chat.messages.push(new ToolMessage({ content: JSON.stringify({ error: { code: 'declined_by_user', message: '', hint: '' } }), tool_call_id: toolCallId }));
    const message = await new LocalChatModel().bindTools(skillTools).invoke(chat.messages);
    expect(message.text).toBe('OK, nothing was changed. Anything else I can do?');
  });

  it('stops at six calls in a row by default', async () => {
    const history: BaseMessage[] = [system, new HumanMessage('I need a dermatology appointment next Tuesday')];
    for (let index = 0; index < 6; index++) {
      history.push(new AIMessage({ content: '', tool_calls: [{ id: `c${index}`, name: 'find_professionals', args: { index }, type: 'tool_call' }] }));
      history.push(new ToolMessage({ content: '{"professionals":[]}', tool_call_id: `c${index}` }));
    }
    const message = await new LocalChatModel().bindTools(skillTools).invoke(history);
    expect(message.tool_calls ?? []).toEqual([]);
    expect(message.text).toMatch(/^Sorry, I'm having trouble/);
  });
});
