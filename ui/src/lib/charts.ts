// Geometry for the dashboard's small inline SVG charts.

/** A round upper bound for an axis (1, 2, 2.5, 5 × 10^n). */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

/** Vertical bars filling `width` × `height`, with `gap` px between them. */
export function bars(values: number[], width: number, height: number, gap = 6): Bar[] {
  if (!values.length) return [];
  const max = niceMax(Math.max(...values));
  const w = (width - gap * (values.length - 1)) / values.length;
  return values.map((value, i) => {
    const h = (Math.max(0, value) / max) * height;
    return { x: i * (w + gap), y: height - h, width: w, height: h, value };
  });
}

/** Room a bar's value label needs above the bar (11 px text and its gap). */
const LABEL_ROOM = 14;

/**
 * Where a bar's value label goes: above the bar, or just inside its top (in the
 * chart's background colour) when the bar reaches so high that a label above it
 * would be cut off by the top of the chart.
 */
export function valueLabel(bar: Bar): { y: number; inside: boolean } {
  return bar.y < LABEL_ROOM ? { y: bar.y + LABEL_ROOM, inside: true } : { y: bar.y - 4, inside: false };
}

/** An SVG path through the points, scaled to `width` × `height`. */
export function linePath(values: number[], width: number, height: number): string {
  if (!values.length) return '';
  const max = niceMax(Math.max(...values));
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${(height - (Math.max(0, v) / max) * height).toFixed(1)}`)
    .join(' ');
}

/** 1234 → "1.2k", 2500000 → "2.5M". */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return String(n);
}

/** Approximate width in px of one character of 11px chart text (CJK and full-width count double). */
function charWidth(c: string): number {
  return /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(c) ? 11 : 6.2;
}

/** `label` cut with an ellipsis so it fits about `width` px of 11px text (axis labels must not overlap).
 * A `stage · sub-stage` label that does not fit shows its last part: that is what tells the bars apart. */
export function fitLabel(label: string, width: number): string {
  const chars = Array.from(label);
  const total = chars.reduce((sum, c) => sum + charWidth(c), 0);
  if (total <= width) return label;
  const sep = label.lastIndexOf(' · ');
  if (sep >= 0) return fitLabel(label.slice(sep + 3), width);
  let used = charWidth('…');
  let out = '';
  for (const c of chars) {
    if (used + charWidth(c) > width) break;
    used += charWidth(c);
    out += c;
  }
  return out + '…';
}
