/** The one source of "now" in the application, so demos, evals and tests can freeze time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that always answers the same instant.
 *
 * @example
 * const clock = fixedClock('2026-12-01T09:00:00Z');
 */
export function fixedClock(instant: string | Date): Clock {
  const time = new Date(instant).getTime();
  if (Number.isNaN(time)) throw new RangeError(`Not an ISO instant: ${String(instant)}`);
  return { now: () => new Date(time) };
}

export function clockFromConfig(fixedNow: string | undefined): Clock {
  return fixedNow ? fixedClock(fixedNow) : systemClock;
}
