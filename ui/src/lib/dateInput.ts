// A date typed into a text field, read and shown in the UI language. The value
// behind the field is always ISO `YYYY-MM-DD` (what the core takes), or '' when
// the field is empty. The webview's native date input takes its format from the
// system locale, not the page, hence this.

import type { Language } from './bindings/Language';
import { isLeapYear } from './dates';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Days in month `m` (1–12) of year `y`. */
function daysIn(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** The ISO date, or null when there is no such day. */
function iso(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** A year as typed: four digits, or two (`26` → 2026). */
function year(text: string): number {
  const n = Number(text);
  return text.length === 2 ? 2000 + n : n;
}

/** The month of an English name or its abbreviation (`dec`, `Dec.`, `December`), or 0. */
function monthOf(name: string): number {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n.length < 3) return 0;
  return MONTHS.findIndex((m) => m.startsWith(n)) + 1;
}

/** True when `value` is an ISO date of a real day. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return !!m && iso(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/**
 * How a field shows an ISO date: `2026-12-04` in Chinese, `4 Dec 2026` in
 * English (the UI's English dates are day-first, and a month name cannot be
 * misread as a day). '' for ''; anything else is shown as it is.
 */
export function formatDateInput(value: string, lang: Language): string {
  if (!isIsoDate(value)) return value;
  if (lang === 'zh-CN') return value;
  const [y, m, d] = value.split('-').map(Number);
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

/** What the field shows as a hint of the form it takes. */
export function dateInputExample(lang: Language): string {
  return lang === 'zh-CN' ? '2026-12-04' : '4 Dec 2026';
}

/**
 * Reads a typed date; `today` (ISO) gives the year when none is typed. Returns
 * the ISO date, '' for an empty field, or null when it cannot be read.
 *
 * Taken in either language: ISO `2026-12-04`; `2026/12/4`, `2026.12.4`;
 * `2026年12月4日`, `12月4日`; month first with slashes, `12/4`, `12/4/2026`,
 * `12/4/26`; a month by name, `4 Dec 2026`, `Dec 4, 2026`, `4 Dec`, `December 4`.
 * `lang` is taken for what is shown; reading does not depend on it, so a date
 * typed in the other language's form is read too.
 */
export function parseDateInput(text: string, _lang: Language, today: string): string | null {
  const s = text.trim().replace(/\s+/g, ' ');
  if (s === '') return '';
  const thisYear = Number(today.slice(0, 4));
  let m: RegExpExecArray | null;

  // Year first: 2026-12-04, 2026/12/4, 2026.12.4, 2026 12 4.
  if ((m = /^(\d{4})\s?[-/.\s]\s?(\d{1,2})\s?[-/.\s]\s?(\d{1,2})$/.exec(s))) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  // Chinese: 2026年12月4日, 12月4日 (日 or 号 optional).
  if ((m = /^(?:(\d{4}|\d{2})\s?年\s?)?(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]?$/.exec(s))) return iso(m[1] ? year(m[1]) : thisYear, Number(m[2]), Number(m[3]));
  // Month first: 12/4, 12-4, 12/4/2026, 12/4/26.
  if ((m = /^(\d{1,2})\s?[/\-.]\s?(\d{1,2})(?:\s?[/\-.]\s?(\d{4}|\d{2}))?$/.exec(s))) return iso(m[3] ? year(m[3]) : thisYear, Number(m[1]), Number(m[2]));
  // Day, month name: 4 Dec 2026, 4 December, 4-Dec-2026.
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/]?([a-z]+\.?)[\s\-/,]*(\d{4})?$/i.exec(s))) {
    const mo = monthOf(m[2]);
    return mo ? iso(m[3] ? Number(m[3]) : thisYear, mo, Number(m[1])) : null;
  }
  // Month name, day: Dec 4, 2026, December 4.
  if ((m = /^([a-z]+\.?)[\s\-/]?(\d{1,2})(?:st|nd|rd|th)?(?:[\s,]+(\d{4}))?$/i.exec(s))) {
    const mo = monthOf(m[1]);
    return mo ? iso(m[3] ? Number(m[3]) : thisYear, mo, Number(m[2])) : null;
  }
  return null;
}
