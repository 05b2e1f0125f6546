import { describe, expect, it } from 'vitest';
import { ImportWizard, fieldOf, retarget } from '../src/lib/importWizard';
import { createMockBackend } from '../src/lib/mock/backend';
import type { Progress } from '../src/lib/bindings/Progress';
import { TODAY } from './helpers';

const GOOGLE = '/home/me/Downloads/google-contacts.csv';
const CHINESE = '/home/me/Downloads/通讯录.csv';

describe('import wizard', () => {
  it('walks choose → preview → mapping → duplicates → running → summary, then undoes', async () => {
    const b = createMockBackend({ today: TODAY });
    const before = await b.countContacts({ query: { tag: null, stage: null, tier: null, never_contacted: false, include_archived: false, sort: 'name', limit: null, offset: 0 }, overdue: false });
    const steps: string[] = [];
    const w = new ImportWizard(b, (s) => steps.at(-1) !== s.step && steps.push(s.step));
    expect(w.canNext()).toBe(false);
    await w.choose(GOOGLE);
    const p = w.state.preview!;
    expect(p.source.encoding?.name).toBe('UTF-8');
    expect(p.source.delimiter).toBe(',');
    expect(p.mapping.profile).toBe('Google Contacts');
    expect(p.report.counts.rows).toBe(5);
    expect(p.sample[4].draft?.display_name).toBe('Smith, John');
    w.next();
    expect(w.state.step).toBe('mapping');
    w.next();
    expect(w.state.step).toBe('duplicates');
    // Ada Lovelace is already in the book (same email and phone).
    expect(w.state.preview!.report.duplicates.map((d) => d.name)).toEqual(['Ada Lovelace']);
    const progress: Progress[] = [];
    await b.onImportProgress((x) => progress.push(x));
    await w.start();
    expect(w.state.step).toBe('summary');
    expect(w.state.report!.counts).toEqual({ rows: 5, created: 4, merged: 0, skipped: 1, errors: 0 });
    expect(w.state.report!.issues.map((i) => [i.row, i.column])).toEqual([
      [5, 'E-mail 1 - Value'],
      [5, 'Birthday'],
    ]);
    expect(progress.at(-1)!.rows_done).toBe(5);
    expect(progress.length).toBeGreaterThan(1);
    expect(steps).toEqual(['choose', 'preview', 'mapping', 'duplicates', 'running', 'summary']);
    const q = { query: { tag: null, stage: null, tier: null, never_contacted: false, include_archived: false, sort: 'name' as const, limit: null, offset: 0 }, overdue: false };
    expect(await b.countContacts(q)).toBe(before + 4);
    await w.undo();
    expect(w.state.undone!.removed).toBe(4);
    expect(await b.countContacts(q)).toBe(before);
    expect((await b.importBatches())[0].status).toBe('undone');
  });

  it('re-renders the preview when the encoding or delimiter is overridden', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    const w = new ImportWizard(b);
    await w.choose(CHINESE);
    expect(w.state.preview!.source.delimiter).toBe(';');
    expect(w.state.preview!.sample[0].draft?.display_name).toBe('张伟明');
    await w.setEncoding('windows-1252');
    expect(w.state.preview!.source.encoding?.name).toBe('windows-1252');
    expect(w.state.preview!.sample[0].draft?.display_name).not.toBe('张伟明');
    await w.setEncoding(null);
    await w.setDelimiter(',');
    expect(w.state.preview!.source.headers).toHaveLength(1);
    expect(w.state.step).toBe('preview');
  });

  it('maps a column by hand and previews with it', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    const w = new ImportWizard(b);
    await w.choose(CHINESE);
    const i = w.state.preview!.mapping.columns.findIndex((c) => c.column === '备注');
    expect(fieldOf(w.state.preview!.mapping.columns[i].target)).toBe('notes');
    await w.setTarget(i, 'custom');
    expect(w.state.options.mapping!.columns[i].target).toEqual({ field: 'custom', key: '备注' });
    expect(w.state.preview!.sample[0].draft?.custom_fields).toEqual([{ key: '备注', value: '老朋友' }]);
  });

  it('gives email and phone columns their own slots', () => {
    const m = { profile: null, columns: [
      { column: 'a', target: { field: 'email' as const, slot: 0, label: null }, guessed: false },
      { column: 'b', target: { field: 'ignore' as const }, guessed: false },
    ] };
    expect(retarget(m, 1, 'email').columns[1].target).toEqual({ field: 'email', slot: 1, label: null });
  });

  it('cancelling keeps nothing', async () => {
    const b = createMockBackend({ today: TODAY, count: 0, importChunk: 1, latencyMs: 5 });
    const w = new ImportWizard(b);
    await w.choose(GOOGLE);
    w.next();
    w.next();
    const run = w.start();
    await new Promise((r) => setTimeout(r, 12));
    await w.cancel();
    await run;
    expect(w.state.report!.status).toBe('cancelled');
    expect(b.data.contacts.size).toBe(0);
  });

  it('a file that cannot be read stays on the first step with the reason', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    const w = new ImportWizard(b);
    await w.choose('/nope.csv');
    expect(w.state.step).toBe('choose');
    expect(w.state.error).toMatch(/No such file/);
  });
});
