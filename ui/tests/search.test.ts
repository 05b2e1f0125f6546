// Search as you type: the controller's timing (pure, fake timers), the
// highlighting of the core's match ranges, and what the core finds.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addContact, search } from '../src/lib/client';
import { SearchController, highlightSegments, type SearchState } from '../src/lib/search';
import type { PaletteHit } from '../src/lib/bindings/PaletteHit';
import { draft, sharedBook } from './core/book';

afterEach(() => vi.useRealTimers());

describe('SearchController', () => {
  it('sends a keystroke at once when the core is idle, and only the latest one while a query runs', async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const states: SearchState[] = [];
    const slow = (q: string) => new Promise<PaletteHit[]>((r) => (sent.push(q), setTimeout(() => r([]), 100)));
    const c = new SearchController(slow, (s) => states.push(s));
    c.input('z');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['z']); // no waiting for a pause
    for (const q of ['zw', 'zwm']) {
      c.input(q);
      await vi.advanceTimersByTimeAsync(30);
    }
    expect(sent).toEqual(['z']);
    await vi.advanceTimersByTimeAsync(50); // 'z' answered: the latest text goes out at once
    expect(sent).toEqual(['z', 'zwm']);
    await vi.advanceTimersByTimeAsync(100);
    expect(states.at(-1)).toMatchObject({ query: 'zwm', pending: false });
    // An idle core gets each keystroke at once.
    c.input('zw');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['z', 'zwm', 'zw']);
  });

  it('keeps the last results on screen while the next ones come', async () => {
    vi.useFakeTimers();
    const hit = (name: string): PaletteHit => ({ contact_id: 1, display_name: name, company: null, matches: [] });
    const states: SearchState[] = [];
    const c = new SearchController((q) => new Promise((r) => setTimeout(() => r([hit(q)]), 20)), (s) => states.push(s));
    c.input('Ad');
    await vi.advanceTimersByTimeAsync(30);
    c.input('Ada');
    expect(states.at(-1)).toMatchObject({ query: 'Ada', pending: true });
    expect(states.at(-1)?.hits.map((h) => h.display_name)).toEqual(['Ad']);
  });

  it('drops a slow answer to an older query', async () => {
    vi.useFakeTimers();
    const hit = (name: string): PaletteHit => ({ contact_id: 1, display_name: name, company: null, matches: [] });
    const answer = (q: string) =>
      new Promise<PaletteHit[]>((r) => setTimeout(() => r([hit(q === 'Ad' ? 'Ada' : 'Ada Lovelace')]), q === 'Ad' ? 500 : 10));
    const states: SearchState[] = [];
    const c = new SearchController(answer, (s) => states.push(s));
    c.input('Ad'); // sent at once, answered slowly
    await vi.advanceTimersByTimeAsync(100);
    c.input('Ada L');
    await vi.advanceTimersByTimeAsync(1000);
    const shown = states.filter((s) => !s.pending);
    expect(shown.map((s) => s.query)).toEqual(['Ada L']);
    expect(shown[0].hits[0].display_name).toBe('Ada Lovelace');
  });

  it('clears at once on an empty query and reports errors', async () => {
    vi.useFakeTimers();
    const states: SearchState[] = [];
    const c = new SearchController(async () => {
      throw new Error('index busy');
    }, (s) => states.push(s));
    c.input('   ');
    expect(states.at(-1)).toEqual({ query: '   ', hits: [], pending: false, error: null });
    c.input('x');
    await vi.advanceTimersByTimeAsync(61);
    expect(states.at(-1)?.error).toBe('index busy');
  });
});

describe('highlightSegments', () => {
  it('marks char ranges, keeping CJK and emoji whole', () => {
    expect(highlightSegments('张伟明 😀 ok', [[1, 2], [4, 5]])).toEqual([
      { text: '张', mark: false },
      { text: '伟', mark: true },
      { text: '明 ', mark: false },
      { text: '😀', mark: true },
      { text: ' ok', mark: false },
    ]);
  });

  it('merges overlaps, sorts, and clamps bad offsets', () => {
    expect(highlightSegments('abcdef', [[3, 9], [0, 2], [1, 3], [5, 4]])).toEqual([
      { text: 'abcdef', mark: true },
    ]);
    expect(highlightSegments('abc', [])).toEqual([{ text: 'abc', mark: false }]);
  });
});

describe('search on the core', () => {
  sharedBook();
  const names = (hits: PaletteHit[]) => hits.map((h) => h.display_name);
  const find = (query: string) => search({ query, limit: 30 });
  const marked = (m: PaletteHit['matches'][number]) => highlightSegments(m.snippet, m.highlights).filter((s) => s.mark).map((s) => s.text);

  beforeAll(async () => {
    await addContact({ draft: draft('张伟明', { company: '华东电气' }) });
    await addContact({ draft: draft('Ada Lovelace', { phones: [{ raw: '+1 (415) 555-8123', e164: null, label: null }] }) });
    await addContact({ draft: draft('Adam Smith') });
  });

  it('finds a Chinese name by pinyin initials and full pinyin', async () => {
    expect(names(await find('zwm'))).toContain('张伟明');
    expect(names(await find('zhangweiming'))).toContain('张伟明');
    const m = (await find('zwm')).find((h) => h.display_name === '张伟明')!.matches[0];
    expect(marked(m)).toEqual(['张伟明']);
  });

  it('finds a name by any substring, and simplified by traditional', async () => {
    const hit = (await find('伟明')).find((h) => h.display_name === '张伟明')!;
    expect(marked(hit.matches[0])).toEqual(['伟明']);
    expect(names(await find('張偉明'))).toContain('张伟明');
  });

  it('finds a phone by a run of digits however it was typed', async () => {
    const hit = (await find('8123')).find((h) => h.display_name === 'Ada Lovelace')!;
    const m = hit.matches.find((x) => x.field === 'phone')!;
    expect(marked(m)).toEqual(['8123']);
  });

  it('ranks an exact name first and groups matches per contact', async () => {
    const hits = await find('ada lovelace');
    expect(hits[0].display_name).toBe('Ada Lovelace');
    expect(new Set(hits.map((h) => h.contact_id)).size).toBe(hits.length);
    expect(await find('   ')).toEqual([]);
  });
});
