/** A day as `YYYY-MM-DD` in the browser's zone. */
export function localDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The default range: the last 30 days up to today, in the browser's zone. */
export function lastThirtyDays(today = new Date()): { from: string; to: string } {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29);
  return { from: localDay(start), to: localDay(today) };
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** Why a range cannot be asked for (core-api takes at most 366 days, first day first), or null. */
export function rangeProblem(from: string, to: string): string | null {
  if (!dayPattern.test(from) || !dayPattern.test(to)) return 'Pick both the first and the last day.';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) return 'The first day must not be after the last.';
  if (days > 366) return 'Pick at most 366 days.';
  return null;
}

/** A share as a percentage, or a dash when it has no denominator. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(rate < 0.1 && rate > 0 ? 1 : 0)}%`;
}

/** A duration in minutes, readable: "45 min", "3 h 20 min", "2 d 4 h". */
export function duration(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return '—';
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${rounded} min`;
  if (rounded < 24 * 60) return `${Math.floor(rounded / 60)} h${rounded % 60 ? ` ${rounded % 60} min` : ''}`;
  const hours = Math.round(rounded / 60);
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}
