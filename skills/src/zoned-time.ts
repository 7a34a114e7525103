/** An instant as the served user sees it: in their zone, in their language. */
export interface ZonedMoment {
  /** YYYY-MM-DD in the user's zone. */
  localDate: string;
  /** HH:mm in the user's zone. */
  localTime: string;
  /** Ready to show: "Tue 8 Dec, 10:20" (en), "mar 8 dic, 10:20" (es). */
  label: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions & { timeZone: string }): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = createFormatter(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

function createFormatter(locale: string, options: Intl.DateTimeFormatOptions) {
  try {
    return new Intl.DateTimeFormat(locale, options);
  } catch (error) {
    // A user locale Intl does not know should not cost the user their answer.
    if (error instanceof RangeError) return new Intl.DateTimeFormat('en', options);
    throw error;
  }
}

function partsOf(format: Intl.DateTimeFormat, instant: Date): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  return Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
}

/**
 * Describes an instant in the user's zone and language. The label is built
 * from parts in one fixed order so every language reads "weekday day month,
 * time" (plain `format` would give "Tue, Dec 8" in US English).
 */
export function describeInstant(instant: string | Date, user: { timeZone: string; locale: string }): ZonedMoment {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  const numeric = partsOf(
    formatter('en-US', { timeZone: user.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    at,
  );
  const words = partsOf(formatter(user.locale, { timeZone: user.timeZone, weekday: 'short', day: 'numeric', month: 'short' }), at);
  const localDate = `${numeric.year}-${numeric.month}-${numeric.day}`;
  const localTime = `${numeric.hour}:${numeric.minute}`;
  return { localDate, localTime, label: `${words.weekday} ${words.day} ${words.month}, ${localTime}` };
}

/** A YYYY-MM-DD date moved by whole days (calendar arithmetic, no zone involved). */
export function shiftLocalDate(localDate: string, days: number): string {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Today's date in a zone. */
export function localDateIn(timeZone: string, now: Date): string {
  return describeInstant(now, { timeZone, locale: 'en' }).localDate;
}

/** A local date in the user's language, "Fri 4 Dec" (en), "vie 4 dic" (es); no zone is involved. */
export function describeLocalDate(localDate: string, locale: string): string {
  const words = partsOf(formatter(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }), new Date(`${localDate}T12:00:00Z`));
  return `${words.weekday} ${words.day} ${words.month}`;
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(localDate: string): number {
  return new Date(`${localDate}T12:00:00Z`).getUTCDay() || 7;
}

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
