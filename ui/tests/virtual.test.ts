// The contact list's windowing (pure) and its paging, on a real core.
import { describe, expect, it } from 'vitest';
import { countContacts, importRun, listContacts } from '../src/lib/client';
import { defaultOptions } from '../src/lib/importWizard';
import { PagedRows, aheadOf, pagesFor, scrollToRow, visibleWindow } from '../src/lib/virtual';
import { emptyBookPerFile, generatedCsv, listQuery } from './core/book';

describe('visibleWindow', () => {
  it('renders only the rows in view plus the overscan', () => {
    const w = visibleWindow(3200, 640, 32, 100_000, 6);
    // first visible row 100, 21 rows fill 640 px (+1 partial), 6 either side
    expect(w).toEqual({ start: 94, end: 127, offsetY: 94 * 32, totalHeight: 3_200_000 });
  });

  it('clamps at the top and the bottom', () => {
    expect(visibleWindow(-50, 320, 32, 1000, 2)).toMatchObject({ start: 0, end: 13 });
    const end = visibleWindow(1e9, 320, 32, 1000, 2);
    expect(end.end).toBe(1000);
    expect(end.start).toBe(1000 - 10 - 2);
  });

  it('handles short and empty lists', () => {
    expect(visibleWindow(0, 600, 32, 3)).toEqual({ start: 0, end: 3, offsetY: 0, totalHeight: 96 });
    expect(visibleWindow(0, 600, 32, 0)).toEqual({ start: 0, end: 0, offsetY: 0, totalHeight: 0 });
  });

  it('keeps the rendered count flat however long the list is', () => {
    for (const total of [1_000, 100_000, 1_000_000]) {
      const w = visibleWindow(total * 16, 800, 32, total);
      expect(w.end - w.start).toBeLessThanOrEqual(26 + 12);
    }
  });

  it('scrolls a row into view only when it is out of view', () => {
    expect(scrollToRow(10, 0, 320, 32)).toBe(32); // row 10 bottom at 352 → scroll 32
    expect(scrollToRow(3, 0, 320, 32)).toBe(0);
    expect(scrollToRow(2, 200, 320, 32)).toBe(64);
  });

  it('fetches a page ahead in the direction of the scroll, none when it stands', () => {
    const down = visibleWindow(3200, 640, 32, 100_000);
    expect(aheadOf(down, 0, 100_000, 200)).toEqual([down.end, down.end + 200]);
    const up = visibleWindow(32_000, 640, 32, 100_000);
    expect(aheadOf(up, 2000, 100_000, 200)).toEqual([up.start - 200, up.start]);
    expect(aheadOf(visibleWindow(64, 640, 32, 100_000), 50, 100_000, 200)).toEqual([0, 0]);
    expect(aheadOf(up, up.start, 100_000, 200)).toEqual([up.end, up.end]);
    const end = visibleWindow(1e9, 640, 32, 1000);
    expect(aheadOf(end, 0, 1000, 200)).toEqual([1000, 1000]);
    expect(pagesFor(...aheadOf(end, 0, 1000, 200), 200)).toEqual([]);
  });

  it('lists the pages a range needs', () => {
    expect(pagesFor(0, 200, 200)).toEqual([0]);
    expect(pagesFor(150, 450, 200)).toEqual([0, 1, 2]);
    expect(pagesFor(5, 5, 200)).toEqual([]);
  });
});

describe('PagedRows', () => {
  it('fetches each page once, even when asked twice at the same time', async () => {
    const calls: number[] = [];
    const rows = new PagedRows<number>(async (offset, limit) => {
      calls.push(offset);
      return Array.from({ length: limit }, (_, i) => offset + i);
    }, 100);
    await Promise.all([rows.ensure(0, 150), rows.ensure(50, 120)]);
    expect(calls).toEqual([0, 100]);
    expect(rows.get(149)).toBe(149);
    expect(rows.get(250)).toBeUndefined();
  });

  it('drops the oldest pages past its limit', async () => {
    const rows = new PagedRows<number>(async (o, l) => Array.from({ length: l }, (_, i) => o + i), 10, 3);
    for (let p = 0; p < 5; p++) await rows.ensure(p * 10, p * 10 + 1);
    expect(rows.loadedPages).toEqual([2, 3, 4]);
  });

  it('ignores a page that arrives after a reset', async () => {
    let release: (v: number[]) => void = () => {};
    const rows = new PagedRows<number>(() => new Promise((r) => (release = r)), 10);
    const p = rows.ensure(0, 5);
    rows.reset();
    release([1, 2, 3]);
    await p;
    expect(rows.get(0)).toBeUndefined();
  });

});

describe('PagedRows on the core', () => {
  emptyBookPerFile();

  it('pages through 3,000 imported contacts in the order the core lists them', async () => {
    const csv = generatedCsv(3000);
    const report = await importRun({ path: csv, options: defaultOptions(), sample_rows: null });
    const q = listQuery();
    const total = await countContacts(q);
    expect(total).toBe(report.counts.created);
    expect(total).toBeGreaterThan(2900);
    const rows = new PagedRows((offset, limit) => listContacts({ ...q, query: { ...q.query, offset, limit } }), 200);
    const t0 = performance.now();
    await rows.ensure(1500, 1540);
    const ms = performance.now() - t0;
    const paged = Array.from({ length: 40 }, (_, i) => rows.get(1500 + i)!.id);
    const direct = (await listContacts({ ...q, query: { ...q.query, offset: 1500, limit: 40 } })).map((c) => c.id);
    expect(paged).toEqual(direct);
    expect(rows.loadedPages).toEqual([7]);
    expect(ms).toBeLessThan(2000); // one page of 200 rows, even from a debug core on a busy machine
  });
});
