// Search as you type: the first keystroke after a pause is sent at once (so
// results show within the 50 ms budget), keystrokes in a burst are debounced
// into one query, and a response that arrives after a newer query was typed
// is dropped, so the list never shows results for text already changed.

import type { PaletteHit } from './bindings/PaletteHit';

export const SEARCH_DEBOUNCE_MS = 60;

export interface SearchState {
  query: string;
  hits: PaletteHit[];
  /** True while the latest query is waiting or running. */
  pending: boolean;
  error: string | null;
}

export class SearchController {
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastInput = -Infinity;

  constructor(
    private run: (query: string) => Promise<PaletteHit[]>,
    private onChange: (s: SearchState) => void,
    private delayMs = SEARCH_DEBOUNCE_MS,
  ) {}

  /** The user typed: search now if they had paused, else once they pause for `delayMs`. */
  input(query: string): void {
    const seq = ++this.seq;
    const now = Date.now();
    const burst = this.timer !== null || now - this.lastInput < this.delayMs;
    this.lastInput = now;
    if (this.timer) clearTimeout(this.timer);
    if (!query.trim()) {
      this.timer = null;
      this.onChange({ query, hits: [], pending: false, error: null });
      return;
    }
    this.onChange({ query, hits: [], pending: true, error: null });
    if (!burst) {
      this.timer = null;
      void this.send(query, seq);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.send(query, seq);
    }, this.delayMs);
  }

  private async send(query: string, seq: number): Promise<void> {
    try {
      const hits = await this.run(query);
      if (seq !== this.seq) return; // stale: a newer query was typed meanwhile
      this.onChange({ query, hits, pending: false, error: null });
    } catch (e) {
      if (seq !== this.seq) return;
      this.onChange({ query, hits: [], pending: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Stops any pending query (the palette closed). */
  cancel(): void {
    this.seq++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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
