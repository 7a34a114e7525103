export type PartOfDay = 'morning' | 'afternoon' | 'evening';

const minutesOf = (localTime: string) => Number(localTime.slice(0, 2)) * 60 + Number(localTime.slice(3, 5));

/**
 * Whether an HH:mm in the user's zone falls in a part of the day. Afternoon and
 * evening overlap on purpose: people call 17:30 either.
 */
export function isInPartOfDay(localTime: string, part: PartOfDay): boolean {
  const minutes = minutesOf(localTime);
  if (part === 'morning') return minutes < 12 * 60;
  if (part === 'afternoon') return minutes >= 12 * 60 && minutes < 18 * 60;
  return minutes >= 17 * 60;
}
