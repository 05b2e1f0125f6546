// The import wizard on the real core: real files from tests/fixtures, and a
// generated one large enough to report progress and be cancelled.
import { beforeAll, describe, expect, it } from 'vitest';
import { addContact, countContacts, importBatches, search, todayList } from '../src/lib/client';
import { ImportWizard, columnExamples, fieldOf, retarget, type WizardState } from '../src/lib/importWizard';
import type { Progress } from '../src/lib/bindings/Progress';
import { draft, emptyBookPerTest, fixture, generatedCsv, listQuery } from './core/book';

const GOOGLE = fixture('import/google_contacts.csv');
const CHINESE = fixture('import/chinese_gbk.csv');
const count = () => countContacts(listQuery());

/** Resolves once the wizard's state passes `test`. */
function reached(w: ImportWizard, states: WizardState[], test: (s: WizardState) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const look = () => {
      if (states.some(test) || test(w.state)) resolve();
      else if (Date.now() - started > 15_000) reject(new Error(`the wizard never got there (at ${w.state.step})`));
      else setTimeout(look, 5);
    };
    look();
  });
}

describe('import wizard on the core', () => {
  emptyBookPerTest();

  it('gives each column the values it brings the first rows, where they can be told apart', async () => {
    const w = new ImportWizard(() => {}, 10);
    await w.choose(CHINESE);
    const p = w.state.preview!;
    const examples = columnExamples(p.mapping, p.sample);
    const of = (column: string) => examples[p.mapping.columns.findIndex((c) => c.column === column)];
    expect(examples).toHaveLength(p.mapping.columns.length);
    expect(of('姓名').slice(0, 2)).toEqual(['张伟明', '欧阳娜娜']);
    expect(of('公司').slice(0, 2)).toEqual(['北京科技有限公司', '上海贸易公司']);
    expect(of('职位')[0]).toBe('销售总监');
    expect(of('邮箱').slice(0, 2)).toEqual(['zwm@example.cn', 'nana@example.cn']);
    expect(of('微信')[0]).toBe('zwm_88');
    expect(of('标签')[0]).toBe('VIP, 客户');
    expect(of('备注')[0]).toBe('老客户，喜欢喝茶');
    // Two columns are phones: which number came from which cannot be told, so neither shows one.
    expect(of('手机')).toEqual([]);
    expect(of('座机')).toEqual([]);
    expect(examples.every((x) => x.length <= 3)).toBe(true);
    // An ignored column brings nothing.
    const ignored = retarget(p.mapping, p.mapping.columns.findIndex((c) => c.column === '职位'), 'ignore');
    expect(columnExamples(ignored, p.sample)[5]).toEqual([]);
  });

  it('walks choose → preview → mapping → duplicates → running → summary, then undoes', async () => {
    // Ada is already in the book, with the email the file has for her.
    await addContact({ draft: draft('Ada Lovelace', { emails: [{ address: 'ada@engines.example', label: null }] }) });
    const steps: string[] = [];
    const w = new ImportWizard((s) => void (steps.at(-1) !== s.step && steps.push(s.step)), 10);
    expect(w.canNext()).toBe(false);
    await w.choose(GOOGLE);
    const p = w.state.preview!;
    expect(p.source.encoding?.name).toBe('UTF-8');
    expect(p.source.delimiter).toBe(',');
    expect(p.mapping.profile).toBe('Google Contacts');
    expect(p.sample.map((r) => r.draft?.display_name)).toEqual(['Ada Lovelace', '张伟明', 'Grace Brewster Hopper']);
    w.next();
    expect(w.state.step).toBe('mapping');
    w.next();
    expect(w.state.step).toBe('duplicates');
    expect(w.state.preview!.report.duplicates.map((d) => d.name)).toEqual(['Ada Lovelace']);
    expect(w.state.preview!.report.counts).toMatchObject({ rows: 3, created: 2, skipped: 1 });
    await w.start();
    expect(w.state.step).toBe('summary');
    expect(w.state.report!.counts).toEqual({ rows: 3, created: 2, merged: 0, skipped: 1, errors: 0 });
    expect(steps).toEqual(['choose', 'preview', 'mapping', 'duplicates', 'running', 'summary']);
    expect(await count()).toBe(3);
    expect((await search({ query: 'zwm', limit: 5 })).map((h) => h.display_name)).toContain('张伟明');
    await w.undo();
    expect(w.state.undone!.removed).toBe(2);
    expect(await count()).toBe(1);
    expect((await importBatches({}))[0].status).toBe('undone');
  });

  it('re-renders the preview when the encoding or delimiter is overridden', async () => {
    const w = new ImportWizard();
    await w.choose(CHINESE);
    expect(w.state.preview!.source.encoding?.name).toBe('GBK');
    expect(w.state.preview!.source.delimiter).toBe(',');
    expect(w.state.preview!.sample[0].draft?.display_name).toBe('张伟明');
    await w.setEncoding('windows-1252');
    expect(w.state.preview!.source.encoding?.name).toBe('windows-1252');
    expect(w.state.preview!.sample[0].draft?.display_name).not.toBe('张伟明');
    await w.setEncoding(null);
    await w.setDelimiter(';');
    expect(w.state.preview!.source.delimiter).toBe(';');
    expect(w.state.step).toBe('preview');
    await w.setDelimiter(null);
    expect(w.state.preview!.source.delimiter).toBe(',');
  });

  it('reads the first row as data or as headers when told', async () => {
    const w = new ImportWizard();
    await w.choose(fixture('import/no_header.csv'));
    // Detected: the first row holds an address and a phone, so it is data.
    expect(w.state.preview!.source.no_header).toBe(true);
    expect(w.state.preview!.sample.map((r) => r.draft?.display_name)).toEqual(['Grace Hopper', 'Alan Turing']);
    await w.setNoHeader(false);
    expect(w.state.preview!.source.no_header).toBe(false);
    expect(w.state.preview!.source.headers).toContain('Grace Hopper');
    expect(w.state.preview!.sample).toHaveLength(1);
    await w.setNoHeader(null);
    expect(w.state.preview!.sample).toHaveLength(2);
  });

  it('maps a column by hand and previews with it', async () => {
    const w = new ImportWizard();
    await w.choose(CHINESE);
    const i = w.state.preview!.mapping.columns.findIndex((c) => c.column === '备注');
    expect(fieldOf(w.state.preview!.mapping.columns[i].target)).toBe('notes');
    await w.setTarget(i, 'custom');
    expect(w.state.options.mapping!.columns[i].target).toEqual({ field: 'custom', key: '备注' });
    expect(w.state.preview!.sample[0].draft?.custom_fields).toContainEqual({ key: '备注', value: '老客户，喜欢喝茶' });
  });

  it('a file that cannot be read stays on the first step with the reason', async () => {
    const w = new ImportWizard();
    await w.choose('/nope.csv');
    expect(w.state.step).toBe('choose');
    expect(w.state.error).toMatch(/No such file/);
  });
});

describe('a long import on the core', () => {
  emptyBookPerTest();
  let big = '';
  beforeAll(() => {
    big = generatedCsv(4000);
  });

  it('shows progress while it runs, and Today and search answer meanwhile', async () => {
    const states: WizardState[] = [];
    const w = new ImportWizard((s) => states.push(s), 10);
    await w.choose(big);
    w.next();
    w.next();
    // Small chunks: progress after every 200 rows.
    w.state.options = { ...w.state.options, chunk_rows: 200 };
    const run = w.start();
    await reached(w, states, (s) => (s.progress?.rows_done ?? 0) > 0 || s.step === 'summary');
    const [today, hits] = await Promise.all([todayList({ date: null, rows_per_section: null, past_workload: false }), search({ query: 'a', limit: 5 })]);
    // The reads did not wait for the import: it is still running when they answer.
    expect(w.state.step).toBe('running');
    expect(today.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Array.isArray(hits)).toBe(true);
    await run;
    const seen = states.map((s) => s.progress).filter((p): p is Progress => p !== null);
    expect(w.state.step).toBe('summary');
    expect(w.state.report!.counts.rows).toBe(4000);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.rows_done <= 4000 && p.bytes_total > 0)).toBe(true);
    // Rows done only grow.
    expect(seen.map((p) => p.rows_done)).toEqual([...seen.map((p) => p.rows_done)].sort((a, b) => a - b));
  });

  it('cancelling keeps nothing', async () => {
    const states: WizardState[] = [];
    const w = new ImportWizard((s) => states.push(s), 10);
    await w.choose(big);
    w.next();
    w.next();
    w.state.options = { ...w.state.options, chunk_rows: 100 };
    const run = w.start();
    await reached(w, states, (s) => (s.progress?.rows_done ?? 0) > 0);
    await w.cancel();
    await run;
    expect(w.state.report!.status).toBe('cancelled');
    expect(await count()).toBe(0);
  });
});

describe('mapping edits', () => {
  it('gives email and phone columns their own slots', () => {
    const m = { profile: null, columns: [
      { column: 'a', target: { field: 'email' as const, slot: 0, label: null }, guessed: false },
      { column: 'b', target: { field: 'ignore' as const }, guessed: false },
    ] };
    expect(retarget(m, 1, 'email').columns[1].target).toEqual({ field: 'email', slot: 1, label: null });
  });
});
