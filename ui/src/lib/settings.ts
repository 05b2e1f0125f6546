// The Settings screen's display logic: the order of cadence rules and default export file names.
// Values are checked (and normalised) by the core.

import type { CadenceRule } from './bindings/CadenceRule';
import type { ExportFormat } from './bindings/ExportFormat';

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

/**
 * A time of day as typed (`0552`, `552`, `5:52`, `05:52`, `5.52`, `5：52`, `7`) in the core's
 * `HH:MM`; `null` when it is not one (then the core is sent the text, and says why it refuses it).
 */
export function parseTime(typed: string): string | null {
  const s = typed.trim();
  const m = /^(\d{1,2})(?:[:.：hH](\d{2})(?::\d{2})?)?$/.exec(s) ?? /^(\d{1,2})(\d{2})$/.exec(s);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? 0);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
