// Calendar dates as `YYYY-MM-DD` strings, computed in UTC so that adding days
// never trips over daylight-saving changes.

/** `date` plus `n` days (`n` may be negative). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = a.split('-').map(Number);
  const [by, bm, bd] = b.split('-').map(Number);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** The local calendar date of an instant. */
export function localDate(instant: Date | string): string {
  const t = typeof instant === 'string' ? new Date(instant) : instant;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}

/** Local `HH:MM` of an instant. */
export function localTime(instant: Date | string): string {
  const t = typeof instant === 'string' ? new Date(instant) : instant;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getHours())}:${p(t.getMinutes())}`;
}

/** True in leap years. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Monday of the ISO week `date` falls in. */
export function weekStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((dow + 6) % 7));
}

/** A value for `<input type="datetime-local">` from an instant, in local time. */
export function toLocalInput(instant: Date): string {
  return `${localDate(instant)}T${localTime(instant)}`;
}
