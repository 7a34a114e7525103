/** Opening hours of one day as HH:mm windows, and what is left of them after closing a range. */
export interface Window {
  start: string;
  end: string;
}

export type PartOfDayName = 'morning' | 'afternoon' | 'evening';

/**
 * What "block the afternoon" closes. Lunch, not noon, divides a working day
 * (a 09:00–13:00 morning is one window), and an afternoon off runs to the
 * end of the day.
 */
export const partOfDayRanges: Record<PartOfDayName, Window> = {
  morning: { start: '00:00', end: '13:00' },
  afternoon: { start: '13:00', end: '24:00' },
  evening: { start: '18:00', end: '24:00' },
};

interface WeeklyRule {
  weekday: number;
  start: string;
  end: string;
}

interface DateException {
  date: string;
  closed: boolean;
  start?: string;
  end?: string;
}

const byStart = (left: Window, right: Window) => left.start.localeCompare(right.start);

/**
 * The open windows of a date under core-api's slot rule: that date's
 * exceptions if it has any (a closed one wins), else its weekday's rules.
 */
export function windowsOn(date: string, weekday: number, weekly: WeeklyRule[], exceptions: DateException[]): Window[] {
  const ofDate = exceptions.filter((exception) => exception.date === date);
  if (ofDate.length > 0) {
    if (ofDate.some((exception) => exception.closed)) return [];
    return ofDate.flatMap((exception) => (exception.start && exception.end ? [{ start: exception.start, end: exception.end }] : [])).sort(byStart);
  }
  return weekly.filter((rule) => rule.weekday === weekday).map(({ start, end }) => ({ start, end })).sort(byStart);
}

/** The windows minus a range (HH:mm strings compare in time order, "24:00" last). */
export function subtractRange(windows: Window[], blocked: Window): Window[] {
  return windows.flatMap((window) => {
    if (blocked.end <= window.start || blocked.start >= window.end) return [window];
    const left = window.start < blocked.start ? [{ start: window.start, end: blocked.start }] : [];
    const right = blocked.end < window.end ? [{ start: blocked.end, end: window.end }] : [];
    return [...left, ...right];
  });
}

export const sameWindows = (left: Window[], right: Window[]) =>
  left.length === right.length && left.every((window, index) => window.start === right[index]?.start && window.end === right[index]?.end);

export const describeWindows = (windows: Window[]) => windows.map((window) => `${window.start}–${window.end}`).join(', ');
