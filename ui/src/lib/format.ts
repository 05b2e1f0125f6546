// Display formatting in the UI language (dates arrive from the core as ISO strings).

import type { Language } from './bindings/Language';
import { daysBetween } from './dates';

const locale = (lang: Language) => (lang === 'zh-CN' ? 'zh-CN' : 'en-GB');

// Building an Intl formatter costs far more than using one; list rows format on every scroll frame.
const cache = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: Language, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lang), opts);
    cache.set(key, f);
  }
  return f;
}

/** `2026-03-10` → "10 Mar" / "3月10日" (with the year when it is not `thisYear`). */
export function formatDate(date: string, lang: Language, thisYear?: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  const withYear = thisYear !== undefined && String(y) !== thisYear.slice(0, 4);
  return dateFormat(lang, { day: 'numeric', month: 'short', year: withYear ? 'numeric' : undefined, timeZone: 'UTC' }).format(t);
}

/** A long date for headings: "Tuesday 10 March 2026". */
export function formatLongDate(date: string, lang: Language): string {
  const [y, m, d] = date.split('-').map(Number);
  return dateFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant in local time: "10 Mar 14:05". */
export function formatInstant(at: string, lang: Language): string {
  return dateFormat(lang, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
}

/** "3 d ago" style distance from `today`. */
export function daysAgo(date: string, today: string, lang: Language): string {
  const n = daysBetween(date.slice(0, 10), today);
  return new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' }).format(-n, 'day');
}

/** A plain amount with grouping (currency shown elsewhere or unknown). */
export function formatAmount(n: number, lang: Language): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 }).format(n);
}

/** A money amount. */
export function formatMoney(n: number, currency: string, lang: Language): string {
  try {
    return new Intl.NumberFormat(locale(lang), { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
  } catch {
    return `${n} ${currency}`;
  }
}
