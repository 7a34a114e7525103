import { Annotation, END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import { unwrap, type CoreApiClient } from '@consulta/core-api/client';
import type { InboundMessage, OutboundMessage } from '@consulta/channels';
import { detectLocale, extractIntakeAnswer } from '../local-model/understanding';

const RegistrationState = Annotation.Root({
  input: Annotation<string>({ reducer: (_current, update) => update, default: () => '' }),
  locale: Annotation<'en' | 'es'>({ reducer: (_current, update) => update, default: () => 'en' }),
  step: Annotation<'start' | 'name' | 'date_of_birth' | 'done'>({ reducer: (_current, update) => update, default: () => 'start' }),
  name: Annotation<string | null>({ reducer: (_current, update) => update, default: () => null }),
  reply: Annotation<string>({ reducer: (_current, update) => update, default: () => '' }),
  channel: Annotation<InboundMessage['channel']>({ reducer: (_current, update) => update, default: () => 'sms' }),
  senderId: Annotation<string>({ reducer: (_current, update) => update, default: () => '' }),
});
type State = typeof RegistrationState.State;

const words = {
  en: {
    welcome: (organization: string) => `Welcome to ${organization}! I don't know this number yet. To book for you I need two things. What is your full name?`,
    badName: 'Please write your full name (first and last name).',
    askBirth: (name: string) => `Thank you, ${name}. What is your date of birth? (for example 12 April 1988)`,
    badBirth: (reason: string) => `${reason} What is your date of birth? (for example 12 April 1988)`,
    done: (name: string) => `You're registered, ${name}. How can I help? You can book, move or cancel an appointment.`,
  },
  es: {
    welcome: (organization: string) => `¡Bienvenido/a a ${organization}! Aún no conozco este número. Para reservar necesito dos datos. ¿Cuál es tu nombre completo?`,
    badName: 'Escribe tu nombre completo (nombre y apellido), por favor.',
    askBirth: (name: string) => `Gracias, ${name}. ¿Cuál es tu fecha de nacimiento? (por ejemplo, 12 de abril de 1988)`,
    badBirth: () => 'No he podido leer esa fecha. ¿Cuál es tu fecha de nacimiento? (por ejemplo, 12 de abril de 1988)',
    done: (name: string) => `Ya estás registrado/a, ${name}. ¿En qué te ayudo? Puedes pedir, cambiar o anular una cita.`,
  },
};

/** A plausible full name: two words or more of letters, at most 100 characters. */
function readName(text: string): string | null {
  const name = text.trim().replace(/\s+/g, ' ').replace(/^(my name is|i am|i'm|me llamo|soy)\s+/i, '');
  return /^[\p{L}'’.-]+( [\p{L}'’.-]+)+$/u.test(name) && name.length <= 100 ? name : null;
}

export interface RegistrationDependencies {
  checkpointer?: BaseCheckpointSaver;
  now: () => Date;
  /** Registers the patient through core-api (as the assistant's service). */
  register: (input: { channel: InboundMessage['channel']; externalId: string; name: string; dateOfBirth: string; locale: string }) => Promise<void>;
  organizationName: () => Promise<string>;
}

/**
 * A message from an unknown phone (SMS, WhatsApp) starts a registration: the
 * assistant asks the name and the date of birth, then creates a patient bound
 * to that number. Progress is checkpointed like any conversation, so it may
 * continue on any replica.
 */
export function createRegistration(dependencies: RegistrationDependencies) {
  async function step(state: State): Promise<Partial<State>> {
    const text = words[state.locale];
    if (state.step === 'start' || state.step === 'done') return { step: 'name', reply: text.welcome(await dependencies.organizationName()) };
    if (state.step === 'name') {
      const name = readName(state.input);
      return name ? { step: 'date_of_birth', name, reply: text.askBirth(name) } : { reply: text.badName };
    }
    const answer = extractIntakeAnswer(state.input, { key: 'date_of_birth', label: 'Date of birth', type: 'date', required: true }, { locale: state.locale, now: dependencies.now() });
    if (!answer.ok) return { reply: text.badBirth(answer.reason) };
    await dependencies.register({ channel: state.channel, externalId: state.senderId, name: state.name!, dateOfBirth: answer.value, locale: state.locale });
    return { step: 'done', reply: text.done(state.name!) };
  }

  const graph = new StateGraph(RegistrationState)
    .addNode('register', step)
    .addEdge(START, 'register')
    .addEdge('register', END)
    .compile({ checkpointer: dependencies.checkpointer });

  return {
    async handleTurn(message: InboundMessage): Promise<OutboundMessage[]> {
      const thread = { configurable: { thread_id: `registration:${message.channel}:${message.senderId}` } };
      const previous = (await graph.getState(thread)).values as Partial<State> | undefined;
      const locale = detectLocale(message.text, previous?.locale ?? (message.locale?.startsWith('es') ? 'es' : 'en'));
      const state = await graph.invoke({ input: message.text, locale, channel: message.channel, senderId: message.senderId }, thread);
      return [{ text: state.reply }];
    },
  };
}

/** core-api's registration route, called with the assistant's service token. */
export function registerThroughCoreApi(api: CoreApiClient, serviceToken: () => Promise<string>): RegistrationDependencies['register'] {
  return async (input) => {
    await unwrap(
      api.POST('/api/v1/channel-identities/registrations', {
        body: { channel: input.channel as 'sms', externalId: input.externalId, name: input.name, dateOfBirth: input.dateOfBirth, locale: input.locale },
        headers: { authorization: `Bearer ${await serviceToken()}` },
      }),
    );
  };
}
