/** Whether the runtime knows `zone` as an IANA time zone ("Europe/Madrid"; not "Mars/Olympus"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
