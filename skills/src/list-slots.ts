import { unwrap, type CoreApiClient } from '@consulta/core-api/client';
import type { SkillInput, SkillResults, SlotResult } from './contract';
import { loadServices } from './directory-lookup';
import { isInPartOfDay } from './part-of-day';
import type { SkillContext } from './skill-context';
import { SkillError } from './skill-error';
import { describeInstant, shiftLocalDate } from './zoned-time';

type Input = SkillInput<'list_slots'>;

interface OfferedSlot {
  start: string;
  end: string;
  professionalId: string;
  professionalName: string;
  serviceId: string;
}

/** The earliest bookable slots across professionals can be many per day: enough to filter by part of day. */
const earliestPoolSize = 100;
const longestRangeDays = 90;

/**
 * core-api reads from/to as the professional's local dates, the user means
 * their own: ask one day wider on each side, then keep the user's dates only.
 */
const widened = (input: Input) => ({ from: shiftLocalDate(input.from, -1), to: shiftLocalDate(input.to, 1) });

async function slotsOfProfessional(api: CoreApiClient, input: Input & { professionalId: string }): Promise<OfferedSlot[]> {
  const professional = await unwrap(api.GET('/api/v1/professionals/{id}', { params: { path: { id: input.professionalId } } }));
  const serviceId = input.serviceId ?? professional.serviceIds[0];
  if (!serviceId || !professional.serviceIds.includes(serviceId)) {
    throw new SkillError(
      'service_not_offered',
      `${professional.name} does not offer "${input.serviceId ?? 'any service'}".`,
      `Use a serviceId this professional offers: ${professional.serviceIds.join(', ') || 'none (choose another professional)'}.`,
    );
  }
  const answer = await unwrap(
    api.GET('/api/v1/professionals/{id}/slots', { params: { path: { id: professional.id }, query: { service: serviceId, ...widened(input) } } }),
  );
  return answer.slots.map((slot) => ({ ...slot, professionalId: professional.id, professionalName: professional.name, serviceId }));
}

async function earliestSlots(api: CoreApiClient, input: Input): Promise<OfferedSlot[]> {
  if (!input.specialty && !input.serviceId) {
    throw new SkillError('missing_filter', 'list_slots needs a professional, a specialty or a service.', 'Call list_slots again with professionalId, specialty or serviceId.');
  }
  const answer = await unwrap(
    api.GET('/api/v1/slots', { params: { query: { specialty: input.specialty, service: input.serviceId, limit: earliestPoolSize, ...widened(input) } } }),
  );
  // Each slot also carries the professional's zone: dropped, so the model only ever sees the user's.
  return answer.slots.map(({ start, end, professionalId, professionalName, serviceId }) => ({ start, end, professionalId, professionalName, serviceId }));
}

function checkRange(input: Input) {
  const days = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000;
  if (days < 0) throw new SkillError('invalid_range', '"to" is before "from".', 'Call list_slots again with from on or before to.');
  if (days > longestRangeDays) {
    throw new SkillError('range_too_long', `Ask for at most ${longestRangeDays} days at a time.`, `Call list_slots again with a range of at most ${longestRangeDays} days.`);
  }
}

/** Free times, earliest first, shown in the user's zone; `start` is kept as core-api gave it for booking. */
export async function run(input: Input, context: SkillContext): Promise<SkillResults['list_slots']> {
  checkRange(input);
  const [offered, services] = await Promise.all([
    input.professionalId ? slotsOfProfessional(context.api, { ...input, professionalId: input.professionalId }) : earliestSlots(context.api, input),
    loadServices(context.api),
  ]);
  const slots: SlotResult[] = [];
  for (const slot of offered) {
    const moment = describeInstant(slot.start, context.user);
    if (moment.localDate < input.from || moment.localDate > input.to) continue;
    if (input.partOfDay && !isInPartOfDay(moment.localTime, input.partOfDay)) continue;
    slots.push({ ...slot, serviceName: services.get(slot.serviceId)?.name ?? slot.serviceId, ...moment });
    if (slots.length >= input.limit) break;
  }
  return { slots, timeZone: context.user.timeZone };
}
