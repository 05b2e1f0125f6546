// Settings logic: validation before anything is sent, and export file names.

import type { CadenceRule } from './bindings/CadenceRule';
import type { ExportFormat } from './ipc';

/** `HH:MM` (24 h) or empty for "off". */
export function parseReminder(text: string): { ok: true; time: string | null } | { ok: false } {
  const v = text.trim();
  if (!v) return { ok: true, time: null };
  const m = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (!m) return { ok: false };
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return { ok: false };
  return { ok: true, time: `${String(h).padStart(2, '0')}:${m[2]}` };
}

/** A two-letter region code, upper-cased, or `null`. */
export function parseRegion(text: string): string | null {
  const v = text.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(v) ? v : null;
}

/** Rules sorted for display: stages first, then tags, by name. */
export function sortRules(rules: CadenceRule[]): CadenceRule[] {
  return [...rules].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'stage' ? -1 : 1));
}

const EXTENSIONS: Record<ExportFormat, string> = {
  csv: 'csv',
  google_csv: 'csv',
  vcard3: 'vcf',
  vcard4: 'vcf',
  ics: 'ics',
};

/** A default file name for an export made on `date`. */
export function exportFileName(format: ExportFormat, date: string, tag: string | null): string {
  const what = format === 'ics' ? 'follow-ups' : tag ? `contacts-${tag.replace(/[^\p{L}\p{N}_-]+/gu, '-')}` : 'contacts';
  const suffix = format === 'google_csv' ? '-google' : format === 'vcard3' ? '-v3' : '';
  return `rapport-${what}${suffix}-${date}.${EXTENSIONS[format]}`;
}
