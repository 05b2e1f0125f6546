// Display formatting in the UI language (dates arrive from the core as ISO strings).

import type { Language } from './ipc';
import { daysBetween } from './dates';

const locale = (lang: Language) => (lang === 'zh-CN' ? 'zh-CN' : 'en-GB');

/** `2026-03-10` → "10 Mar" / "3月10日" (with the year when it is not `thisYear`). */
export function formatDate(date: string, lang: Language, thisYear?: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  const withYear = thisYear !== undefined && String(y) !== thisYear.slice(0, 4);
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: withYear ? 'numeric' : undefined, timeZone: 'UTC' }).format(t);
}

/** A long date for headings: "Tuesday 10 March 2026". */
export function formatLongDate(date: string, lang: Language): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant in local time: "10 Mar 14:05". */
export function formatInstant(at: string, lang: Language): string {
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
}

/** "3 d ago" style distance from `today`. */
export function daysAgo(date: string, today: string, lang: Language): string {
  const n = daysBetween(date.slice(0, 10), today);
  return new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' }).format(-n, 'day');
}

/** A money amount. */
export function formatMoney(n: number, currency: string, lang: Language): string {
  try {
    return new Intl.NumberFormat(locale(lang), { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
  } catch {
    return `${n} ${currency}`;
  }
}
