import { AIMessage } from '@langchain/core/messages';
import type { Regarding } from '@consulta/channels';

/**
 * The reminder a user answers in their own words, as the assistant's earlier
 * message in the conversation: an LLM reads which appointment "can we do 4pm
 * instead?" is about (id included, for the tools), and the local model reads
 * the id from `additional_kwargs`. The reminder itself went out through the
 * notifications engine, outside the conversation, so it is written in only
 * when it is answered.
 */
export function reminderMessage(regarding: Regarding, locale: string): AIMessage {
  const { appointmentId, description } = regarding;
  const content = locale.startsWith('es')
    ? `Recordatorio: tu cita ${description} (cita ${appointmentId}). Puedes confirmarla, anularla o cambiarla.`
    : `Reminder: your appointment ${description} (appointment ${appointmentId}). You can confirm, cancel or move it.`;
  return new AIMessage({ content, additional_kwargs: { regarding: { appointmentId } } });
}
