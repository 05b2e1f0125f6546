// Money as the core stores it: whole minor units of an ISO 4217 currency
// (`123450` CNY is ¥1,234.50). Only display: amounts the user types go to the
// core as text, and the core parses them.

import type { Language } from './bindings/Language';

const cache = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, lang: Language): Intl.NumberFormat | null {
  const key = `${lang}:${currency}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', { style: 'currency', currency });
    } catch {
      return null;
    }
    cache.set(key, f);
  }
  return f;
}

/** `123450`, `CNY` → "CN¥1,234.50" (the currency's own number of decimals: none for JPY). */
export function formatMinor(minor: number, currency: string, lang: Language): string {
  const f = currencyFormat(currency, lang);
  if (!f) return `${minor} ${currency}`;
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}

/** Digits of `currency`'s minor unit, as ISO 4217 (and so Intl) has them: 2 for CNY, 0 for JPY. */
export function minorDigits(currency: string): number {
  return currencyFormat(currency, 'en')?.resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as major ones (`123450` CNY → 1234.5; `1200` JPY → 1200), for charts and sums. */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/** An amount typed in major units as minor units of `currency` (`12.5` CNY → 1250, `600` JPY → 600); empty is none, anything else NaN. */
export function minorOfText(text: string, currency: string): number | null {
  const s = text.trim().replace(/[,\s]/g, '');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? Math.round(n * 10 ** minorDigits(currency)) : NaN;
}

/** Minor units as the text of an amount input. */
export function majorTextOf(minor: number | null, currency: string): string {
  return minor === null ? '' : String(toMajor(minor, currency));
}
