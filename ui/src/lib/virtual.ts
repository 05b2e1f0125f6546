// A windowed list: fixed row height, only the rows in view (plus a margin)
// are rendered, and rows are fetched from the backend a page at a time.

export interface Window {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Offset of the first rendered row from the top of the list, in px. */
  offsetY: number;
  /** Height of the whole list, in px. */
  totalHeight: number;
}

/** The rows to render for a scroll position. */
export function visibleWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 6,
): Window {
  const totalHeight = total * rowHeight;
  if (total === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetY: 0, totalHeight };
  const maxTop = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxTop);
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + visible + overscan);
  return { start, end, offsetY: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row `index` into view (unchanged when it already is). */
export function scrollToRow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}

/**
 * The rows to fetch ahead of a scroll, so they are in before they show: one page
 * past the window's end when scrolling down, one before its start when scrolling
 * up (`from`: the window's start before this scroll). Empty when nothing moved.
 */
export function aheadOf(w: Window, from: number, total: number, pageSize: number): [number, number] {
  if (w.start > from) return [w.end, Math.min(total, w.end + pageSize)];
  if (w.start < from) return [Math.max(0, w.start - pageSize), w.start];
  return [w.end, w.end];
}

/** Pages covering rows `[start, end)`. */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const out: number[] = [];
  for (let p = Math.floor(start / pageSize); p <= Math.floor((end - 1) / pageSize); p++) out.push(p);
  return out;
}

/**
 * Rows fetched a page at a time, each page once (concurrent asks share one
 * request), oldest pages dropped past `maxPages` so memory stays flat.
 */
export class PagedRows<T> {
  private pages = new Map<number, T[]>();
  private inflight = new Map<number, Promise<void>>();
  private generation = 0;

  constructor(
    private fetchPage: (offset: number, limit: number) => Promise<T[]>,
    readonly pageSize = 200,
    private maxPages = 40,
  ) {}

  /** The row at `index`, if its page is loaded. */
  get(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Loads the pages for rows `[start, end)`; resolves when they are in, true when any had to be fetched. */
  async ensure(start: number, end: number): Promise<boolean> {
    const gen = this.generation;
    let fetched = false;
    const waits = pagesFor(start, end, this.pageSize).map((p) => {
      if (this.pages.has(p)) return Promise.resolve();
      fetched = true;
      let w = this.inflight.get(p);
      if (!w) {
        w = this.fetchPage(p * this.pageSize, this.pageSize)
          .then((rows) => {
            // A reset while the page was in flight means it belongs to an old query.
            if (gen !== this.generation) return;
            this.pages.delete(p);
            this.pages.set(p, rows);
            while (this.pages.size > this.maxPages) {
              const oldest = this.pages.keys().next().value as number;
              this.pages.delete(oldest);
            }
          })
          .finally(() => this.inflight.delete(p));
        this.inflight.set(p, w);
      }
      return w;
    });
    await Promise.all(waits);
    return fetched;
  }

  /** Forgets everything (the query or the data changed). */
  reset(): void {
    this.generation++;
    this.pages.clear();
    this.inflight.clear();
  }

  /** Pages held (for tests). */
  get loadedPages(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }
}
