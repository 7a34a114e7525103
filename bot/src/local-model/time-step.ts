/**
 * The shared middle of booking and rescheduling: search slots for a target,
 * widen an empty search once, offer times, and hand back the chosen slot.
 */
import type { Target } from './directory';
import type { OfferReason } from './phrases';
import { OFFER_HANDOFF, decided, type Decision, type PolicyContext } from './policy-context';
import type { SlotResult } from './skill-contract';
import { chosenSlot, offeredOptions, sameArgs, searchArgs, slotChoices, slotsOf, slotsToOffer, widenedArgs } from './slot-search';
import { call, numbered, reply } from './steps';
import { errorCode, errorMessage, latest, type Task } from './tasks';

/** Either the next step towards a time, or the slot the user has settled on. */
export type TimeProgress = { decision: Decision } | { slot: SlotResult };

export function timeStep(task: Task, target: Target, context: PolicyContext): TimeProgress {
  const wanted = searchArgs(target, task.request, context.clock);
  const widened = widenedArgs(wanted);
  const search = latest(task, 'list_slots');
  const answers = (args: Record<string, unknown>) => search !== undefined && sameArgs(search.args, args);
  if (search === undefined || task.staleSearch || !(answers(wanted) || (widened !== null && answers(widened))))
    return { decision: decided(call('list_slots', wanted)) };
  if (errorCode(search.result) !== null)
    return { decision: decided(reply(context.phrases.failed(errorMessage(search.result))), OFFER_HANDOFF) };

  const slots = slotsOf(search.result) ?? [];
  if (slots.length === 0) {
    if (widened !== null && answers(wanted)) return { decision: decided(call('list_slots', widened)) };
    return { decision: decided(reply(context.phrases.noSlots()), { kind: 'offer', what: 'waitlist' }) };
  }

  const slot = chosenSlot(task);
  if (slot !== null) return { slot };
  const offer = slotsToOffer(task);
  const choices = slotChoices(offer);
  const reason = offerReason(task, widened !== null && answers(widened) && !answers(wanted));
  const intro = context.phrases.offer(reason, sameValue(offer, 'serviceName'), sameValue(offer, 'professionalName'));
  const text = `${intro}\n${numbered(choices)}\n${context.phrases.pickOne()}`;
  return { decision: decided(reply(text, choices), { kind: 'slot', options: offeredOptions(task, context.shownChoices) }) };
}

function offerReason(task: Task, widened: boolean): OfferReason {
  if (task.notice === 'slot-gone') return { kind: 'slot-gone' };
  if (task.notice === 'unclear') return { kind: 'unclear' };
  if (widened) return { kind: 'day-empty' };
  if (task.request.time !== undefined) return { kind: 'time-taken', time: task.request.time };
  return { kind: 'first' };
}

// Naming the professional in the offer only makes sense when every slot is theirs.
function sameValue(slots: SlotResult[], key: 'serviceName' | 'professionalName'): string | undefined {
  const values = new Set(slots.map((slot) => slot[key]));
  return values.size === 1 ? slots[0]?.[key] : undefined;
}
