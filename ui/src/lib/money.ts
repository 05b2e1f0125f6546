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
