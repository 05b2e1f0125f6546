// The import wizard as a state machine: choose → preview → mapping →
// duplicates → running → summary. Every override (encoding, delimiter,
// a column's target, the duplicate policy) asks the core for a fresh
// preview; an answer to an older request is dropped. While the import runs,
// its progress is polled (`job_status`), which the core answers from its
// read connection.

import type { ImportOptions } from './bindings/ImportOptions';
import type { ImportReport } from './bindings/ImportReport';
import type { ImportTarget } from './bindings/ImportTarget';
import type { Mapping } from './bindings/Mapping';
import type { OnDuplicate } from './bindings/OnDuplicate';
import type { Preview } from './bindings/Preview';
import type { PreviewRow } from './bindings/PreviewRow';
import type { ContactDraft } from './bindings/ContactDraft';
import type { Progress } from './bindings/Progress';
import type { UndoSummary } from './bindings/UndoSummary';
import { importPreview, importRun, importUndo, jobCancel, jobStatus } from './client';

export type Step = 'choose' | 'preview' | 'mapping' | 'duplicates' | 'running' | 'summary';

export const STEPS: Step[] = ['choose', 'preview', 'mapping', 'duplicates', 'running', 'summary'];

export interface WizardState {
  step: Step;
  path: string | null;
  options: ImportOptions;
  preview: Preview | null;
  /** A preview request is running. */
  loading: boolean;
  error: string | null;
  progress: Progress | null;
  report: ImportReport | null;
  undone: UndoSummary | null;
}

/** Encodings offered in the override menu (WHATWG labels). */
export const ENCODINGS = ['UTF-8', 'UTF-16LE', 'UTF-16BE', 'GBK', 'gb18030', 'Big5', 'Shift_JIS', 'windows-1252'];

/** Delimiters offered in the override menu: the character, its sign, and its name's message (`import.delimiter.<name>`). */
export const DELIMITERS: Array<{ value: string; symbol: string; name: 'comma' | 'semicolon' | 'tab' | 'pipe' }> = [
  { value: ',', symbol: ',', name: 'comma' },
  { value: ';', symbol: ';', name: 'semicolon' },
  { value: '\t', symbol: '⇥', name: 'tab' },
  { value: '|', symbol: '|', name: 'pipe' },
];

/** Targets a column can be mapped to by hand, by `field`. */
export const TARGET_FIELDS = [
  'ignore', 'full_name', 'given_name', 'family_name', 'phonetic_name', 'company', 'title', 'email', 'phone',
  'address', 'birthday', 'anniversary', 'tags', 'notes', 'stage', 'source', 'do_not_contact', 'cadence', 'custom',
] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

export function defaultOptions(): ImportOptions {
  return {
    source: { encoding: null, sheet: null, delimiter: null, no_header: null },
    mapping: null,
    on_duplicate: 'skip',
    date_order: 'auto',
    region: null,
    chunk_rows: null,
  };
}

/** The target for a chosen field; slots of emails/phones/addresses follow the ones already mapped. */
export function targetFor(field: TargetField, column: string, mapping: Mapping, index: number): ImportTarget {
  const nextSlot = (f: string) =>
    mapping.columns.filter((c, i) => i !== index && c.target.field === f).length;
  switch (field) {
    case 'email':
      return { field: 'email', slot: nextSlot('email'), label: null };
    case 'phone':
      return { field: 'phone', slot: nextSlot('phone'), label: null };
    case 'address':
      return { field: 'address', slot: nextSlot('address'), part: 'formatted', label: null };
    case 'custom':
      return { field: 'custom', key: column };
    default:
      return { field } as ImportTarget;
  }
}

/** The mapping with column `index` retargeted. */
export function retarget(mapping: Mapping, index: number, field: TargetField): Mapping {
  const columns = mapping.columns.map((c, i) =>
    i === index ? { column: c.column, target: targetFor(field, c.column, mapping, index), guessed: false } : c,
  );
  return { profile: mapping.profile, columns };
}

/** Which menu entry a target shows as. */
export function fieldOf(t: ImportTarget): TargetField | 'other' {
  return (TARGET_FIELDS as readonly string[]).includes(t.field) ? (t.field as TargetField) : 'other';
}

/** What a column gives a contact of the preview, for the targets whose value comes from one column alone. */
const EXAMPLE_OF: Partial<Record<ImportTarget['field'], (d: ContactDraft, r: PreviewRow) => string | number | null>> = {
  full_name: (d) => d.display_name,
  display_name: (d) => d.display_name,
  given_name: (d) => d.given_name,
  family_name: (d) => d.family_name,
  phonetic_name: (d) => d.phonetic_name,
  company: (d) => d.company,
  title: (d) => d.title,
  email: (d) => d.emails.map((e) => e.address).join(', '),
  phone: (d) => d.phones.map((p) => p.raw).join(', '),
  birthday: (d) => d.birthday,
  anniversary: (d) => d.anniversary,
  tags: (d) => d.tags.join(', '),
  notes: (_, r) => r.note,
  source: (d) => d.source,
  cadence: (d) => d.cadence_days,
};

/**
 * Example values of each column (by index of `mapping.columns`): what it gave the first
 * `max` rows of the preview that have one. The preview carries the contacts the rows become,
 * not the cells, so a column shows examples only when its target takes nothing from another
 * column (one column of phones, not two; a custom field by its key) and nothing when ignored.
 */
export function columnExamples(mapping: Mapping, sample: PreviewRow[], max = 3): string[][] {
  const field = (t: ImportTarget) => (t.field === 'full_name' ? 'display_name' : t.field === 'custom' ? `custom:${t.key}` : t.field);
  const count = new Map<string, number>();
  for (const c of mapping.columns) count.set(field(c.target), (count.get(field(c.target)) ?? 0) + 1);
  return mapping.columns.map(({ target }) => {
    if (count.get(field(target)) !== 1) return [];
    const of: ((d: ContactDraft, r: PreviewRow) => string | number | null) | undefined =
      target.field === 'custom' ? (d) => d.custom_fields.find((f) => f.key === target.key)?.value ?? null : EXAMPLE_OF[target.field];
    if (!of) return [];
    const out: string[] = [];
    for (const r of sample) {
      const v = r.draft ? of(r.draft, r) : null;
      if (v !== null && v !== '') out.push(String(v));
      if (out.length === max) break;
    }
    return out;
  });
}

/** How often the running import's progress is asked for. */
export const PROGRESS_POLL_MS = 150;

/** Rows a preview shows. */
export const PREVIEW_ROWS = 20;

export class ImportWizard {
  state: WizardState = {
    step: 'choose',
    path: null,
    options: defaultOptions(),
    preview: null,
    loading: false,
    error: null,
    progress: null,
    report: null,
    undone: null,
  };
  private seq = 0;

  constructor(
    private onChange: (s: WizardState) => void = () => {},
    private pollMs = PROGRESS_POLL_MS,
  ) {}

  private set(patch: Partial<WizardState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  /** A file was chosen (dialog, drop, or a typed path): preview it. */
  async choose(path: string): Promise<void> {
    this.set({ path, options: defaultOptions(), preview: null, report: null, undone: null, error: null });
    await this.refresh('preview');
  }

  /** Asks for a preview with the current options; moves to `step` when it arrives. */
  private async refresh(step?: Step): Promise<void> {
    const path = this.state.path;
    if (!path) return;
    const seq = ++this.seq;
    this.set({ loading: true, error: null });
    try {
      const preview = await importPreview({ path, options: this.state.options, sample_rows: PREVIEW_ROWS });
      if (seq !== this.seq) return;
      this.set({ preview, loading: false, step: step ?? this.state.step });
    } catch (e) {
      if (seq !== this.seq) return;
      const message = e instanceof Error ? e.message : String(e);
      this.set({ loading: false, error: message, step: step === 'preview' && !this.state.preview ? 'choose' : this.state.step });
    }
  }

  /** Overrides the encoding (`null`: detect); the preview re-renders. */
  async setEncoding(label: string | null): Promise<void> {
    this.set({ options: { ...this.state.options, source: { ...this.state.options.source, encoding: label }, mapping: null } });
    await this.refresh();
  }

  /** Overrides the delimiter (`null`: detect); the preview re-renders. */
  async setDelimiter(delimiter: string | null): Promise<void> {
    this.set({ options: { ...this.state.options, source: { ...this.state.options.source, delimiter }, mapping: null } });
    await this.refresh();
  }

  /** Whether the first row holds data rather than headers (`null`: detect); the preview re-renders. */
  async setNoHeader(no_header: boolean | null): Promise<void> {
    this.set({ options: { ...this.state.options, source: { ...this.state.options.source, no_header }, mapping: null } });
    await this.refresh();
  }

  /** Maps column `index` to `field` by hand. */
  async setTarget(index: number, field: TargetField): Promise<void> {
    const base = this.state.options.mapping ?? this.state.preview?.mapping;
    if (!base) return;
    this.set({ options: { ...this.state.options, mapping: retarget(base, index, field) } });
    await this.refresh();
  }

  /** What to do with duplicates. */
  async setOnDuplicate(on_duplicate: OnDuplicate): Promise<void> {
    this.set({ options: { ...this.state.options, on_duplicate } });
    await this.refresh();
  }

  /** The step after this one, when the wizard may move on. */
  canNext(): boolean {
    const s = this.state;
    if (s.loading || !s.preview) return false;
    return s.step === 'preview' || s.step === 'mapping';
  }

  next(): void {
    if (!this.canNext()) return;
    this.set({ step: this.state.step === 'preview' ? 'mapping' : 'duplicates' });
  }

  back(): void {
    const s = this.state.step;
    const prev: Partial<Record<Step, Step>> = { preview: 'choose', mapping: 'preview', duplicates: 'mapping' };
    if (prev[s]) this.set({ step: prev[s] });
  }

  /** Runs the import, following its progress, then shows the summary. */
  async start(): Promise<void> {
    const path = this.state.path;
    if (!path || this.state.step !== 'duplicates') return;
    this.set({ step: 'running', progress: null, error: null });
    let running = true;
    const poll = async () => {
      while (running) {
        try {
          const job = await jobStatus({});
          if (running && job?.progress) this.set({ progress: job.progress });
        } catch {
          // Progress is a nicety: the import's own answer says how it went.
        }
        await new Promise((r) => setTimeout(r, this.pollMs));
      }
    };
    const polling = poll();
    try {
      const report = await importRun({ path, options: this.state.options, sample_rows: null });
      running = false;
      this.set({ report, step: 'summary' });
    } catch (e) {
      running = false;
      const message = e instanceof Error ? e.message : String(e);
      this.set({ error: message, step: 'duplicates' });
    } finally {
      running = false;
      await polling;
    }
  }

  async cancel(): Promise<void> {
    if (this.state.step === 'running') await jobCancel({});
  }

  /** Undoes the import just run. */
  async undo(): Promise<void> {
    const batch = this.state.report?.batch;
    if (batch === null || batch === undefined) return;
    const undone = await importUndo({ batch });
    this.set({ undone });
  }

  reset(): void {
    this.seq++;
    this.set({ step: 'choose', path: null, options: defaultOptions(), preview: null, report: null, undone: null, error: null, progress: null, loading: false });
  }
}

/** Calendars by their extension (.ics and kin). */
export function isCalendar(p: string): boolean {
  return /\.(ics|ical|ifb|icalendar)$/i.test(p.trim());
}

/** Mail and calendar files by their extension: the mail import's, not the contacts'. */
export function isMailOrCalendar(p: string): boolean {
  return /\.(mbox|mbx|eml)$/i.test(p.trim()) || isCalendar(p);
}
