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
