// Search as you type: a keystroke is sent at once when no query is running;
// while one runs, only the latest text waits and goes out the moment it is
// answered (one query in flight, no timer: the core answers in a few ms, so
// each keystroke shows its results well within the 50 ms budget). An answer to
// text already changed is dropped, so the list never shows stale results, and
// the previous results stay on screen while the next ones come.

import type { PaletteHit } from './bindings/PaletteHit';

export interface SearchState {
  query: string;
  hits: PaletteHit[];
  /** True while the latest query is waiting or running. */
  pending: boolean;
  error: string | null;
}

export class SearchController {
  private seq = 0;
  private running = false;
  private queued: { query: string; seq: number } | null = null;
  private hits: PaletteHit[] = [];

  constructor(
    private run: (query: string) => Promise<PaletteHit[]>,
    private onChange: (s: SearchState) => void,
  ) {}

  /** The user typed: search now, or as soon as the running query is answered. */
  input(query: string): void {
    const seq = ++this.seq;
    if (!query.trim()) {
      this.queued = null;
      this.hits = [];
      this.onChange({ query, hits: [], pending: false, error: null });
      return;
    }
    this.onChange({ query, hits: this.hits, pending: true, error: null });
    if (this.running) {
      this.queued = { query, seq };
      return;
    }
    void this.send(query, seq);
  }

  private async send(query: string, seq: number): Promise<void> {
    this.running = true;
    try {
      const hits = await this.run(query);
      if (seq === this.seq) {
        this.hits = hits;
        this.onChange({ query, hits, pending: false, error: null });
      }
    } catch (e) {
      if (seq === this.seq) {
        this.hits = [];
        this.onChange({ query, hits: [], pending: false, error: e instanceof Error ? e.message : String(e) });
      }
    } finally {
      this.running = false;
      const next = this.queued;
      this.queued = null;
      if (next && next.seq === this.seq) void this.send(next.query, next.seq);
    }
  }

  /** Stops any pending query (the palette closed). */
  cancel(): void {
    this.seq++;
    this.queued = null;
  }
}

export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * Splits a snippet into plain and highlighted parts. Offsets count Unicode
 * scalar values (Rust `char`s), so CJK and emoji stay whole; ranges are
 * clamped, sorted and merged, so bad offsets never throw.
 */
export function highlightSegments(snippet: string, highlights: Array<[number, number]>): Segment[] {
  const chars = Array.from(snippet);
  const ranges = highlights
    .map(([a, b]) => [Math.max(0, Math.min(a, chars.length)), Math.max(0, Math.min(b, chars.length))] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: Segment[] = [];
  let pos = 0;
  for (const [a, b] of merged) {
    if (a > pos) out.push({ text: chars.slice(pos, a).join(''), mark: false });
    out.push({ text: chars.slice(a, b).join(''), mark: true });
    pos = b;
  }
  if (pos < chars.length) out.push({ text: chars.slice(pos).join(''), mark: false });
  return out;
}
