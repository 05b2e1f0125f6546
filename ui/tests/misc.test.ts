/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bars, compact, fitLabel, linePath, niceMax, valueLabel } from '../src/lib/charts';
import { fieldTakesKey, globalAction, isTyping } from '../src/lib/keys';
import { addDays, daysBetween, weekStart } from '../src/lib/dates';
import { formatMinor, majorTextOf, minorDigits, minorOfText, toMajor } from '../src/lib/money';

describe('charts', () => {
  // Regression: the nine seed-003 pipeline stages (long Chinese names) overlapped under their bars.
  it('cuts axis labels to the width of their bar', () => {
    expect(fitLabel('VIP', 46)).toBe('VIP');
    // Regression: every sub-stage of 意向 read "意向 ·…"; the sub-stage tells them apart.
    expect(fitLabel('意向 · 需求分析', 46)).toBe('需求分析');
    expect(fitLabel('意向 · 需求分析与方案', 46)).toBe('需求分…');
    const cut = fitLabel('Proposal and negotiation', 46);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThan(9);
  });

  it('rounds axis maxima up to 1, 2, 2.5, 5 × 10^n', () => {
    expect([0, 1, 7, 132, 2_500_000, 2_600_000].map(niceMax)).toEqual([1, 1, 10, 200, 2_500_000, 5_000_000]);
  });

  it('lays out bars bottom-aligned and proportional', () => {
    const b = bars([50, 100, 0], 320, 100, 10);
    expect(b.map((x) => [x.x, x.width, x.height, x.y])).toEqual([[0, 100, 50, 50], [110, 100, 100, 0], [220, 100, 0, 100]]);
    expect(bars([], 100, 100)).toEqual([]);
  });

  it('puts a value label inside a bar that reaches the top, above any other', () => {
    // Regression: the tallest bar's label was drawn above the chart's top and cut off.
    const [full, half, none] = bars([1, 0.5, 0], 420, 140, 10);
    expect(valueLabel(full)).toEqual({ y: 14, inside: true });
    expect(valueLabel(half)).toEqual({ y: 66, inside: false });
    expect(valueLabel(none)).toEqual({ y: 136, inside: false });
  });

  it('draws a line through the points', () => {
    expect(linePath([0, 10, 5], 100, 50)).toBe('M0.0,50.0 L50.0,0.0 L100.0,25.0');
    expect(compact(1234)).toBe('1.2k');
    expect(compact(2_500_000)).toBe('2.5M');
  });
});

describe('global keys', () => {
  it('opens search with Ctrl/Cmd+K even while typing', () => {
    expect(globalAction({ key: 'k', ctrlKey: true }, true, false)).toEqual({ type: 'search' });
    expect(globalAction({ key: 'K', metaKey: true }, false, false)).toEqual({ type: 'search' });
  });

  it('shows help on ? and navigates with g then a letter, but not while typing', () => {
    expect(globalAction({ key: '?' }, false, false)).toEqual({ type: 'help' });
    expect(globalAction({ key: '?' }, true, false)).toBeNull();
    expect(globalAction({ key: 'g' }, false, false)).toEqual({ type: 'leader' });
    expect(globalAction({ key: 'c' }, false, true)).toEqual({ type: 'go', screen: { name: 'contacts' } });
    expect(globalAction({ key: 'c' }, false, false)).toBeNull();
    expect(isTyping(null)).toBe(false);
    expect(isTyping({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
  });

  // Regression: with a filter's select focused, ? and g t did nothing.
  it('leaves a select only the keys it works with, and a text field all of them', () => {
    const el = (tagName: string, type = '') => ({ tagName, type }) as unknown as EventTarget;
    const select = el('SELECT');
    for (const key of ['?', 'g', 't', 'c']) expect(fieldTakesKey({ key, target: select })).toBe(false);
    for (const key of ['ArrowDown', 'ArrowUp', 'Enter', ' ', 'Home', 'End', 'PageDown']) expect(fieldTakesKey({ key, target: select })).toBe(true);
    for (const key of ['?', 'g', 'ArrowDown']) expect(fieldTakesKey({ key, target: el('INPUT', 'text') })).toBe(true);
    expect(fieldTakesKey({ key: '?', target: el('TEXTAREA') })).toBe(true);
    expect(fieldTakesKey({ key: '?', target: el('INPUT', 'checkbox') })).toBe(false);
    expect(fieldTakesKey({ key: ' ', target: el('INPUT', 'checkbox') })).toBe(true);
    expect(fieldTakesKey({ key: '?', target: el('DIV') })).toBe(false);
    expect(fieldTakesKey({ key: '?', target: null })).toBe(false);
  });
});

describe('dates', () => {
  it('adds days across month, year and DST boundaries', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(weekStart('2026-03-15')).toBe('2026-03-09');
  });
});

describe('money in its currency', () => {
  // Regression: the dashboard, the campaign page and the contact header divided every amount
  // by 100, and the campaign form multiplied by 100: wrong for JPY (no minor unit) and KWD (3).
  it('converts with the currency\'s own minor unit', () => {
    expect([minorDigits('CNY'), minorDigits('JPY'), minorDigits('KWD')]).toEqual([2, 0, 3]);
    expect(toMajor(123450, 'CNY')).toBe(1234.5);
    expect(toMajor(1200, 'JPY')).toBe(1200);
    expect(minorOfText('600', 'JPY')).toBe(600);
    expect(minorOfText('1,234.5', 'CNY')).toBe(123450);
    expect(minorOfText('1.5', 'KWD')).toBe(1500);
    expect(minorOfText(' ', 'CNY')).toBeNull();
    expect(minorOfText('abc', 'CNY')).toBeNaN();
    expect(majorTextOf(600, 'JPY')).toBe('600');
    expect(formatMinor(1200, 'JPY', 'en')).toBe('JP¥1,200');
  });
});

describe('focus and selection styles', () => {
  const src = (path: string) => readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../src', path), 'utf8');
  /** The declarations of every rule whose selector list names `selector`. */
  const rulesFor = (css: string, selector: string) =>
    [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^}]*)\}/g)]
      .filter(([, sel]) => sel.split(',').map((x) => x.trim()).includes(selector))
      .map(([, , body]) => body)
      .join(';');

  // Regression: links had no focus ring, the contact list hid its own, and its selected row was a faint tint.
  it('rings what has keyboard focus and marks a list\'s selected row in both themes', () => {
    const css = src('app.css');
    for (const sel of ['button:focus-visible', 'input:focus-visible', 'select:focus-visible', 'textarea:focus-visible', 'a:focus-visible', '[tabindex]:focus-visible']) {
      expect(rulesFor(css, sel), sel).toMatch(/outline:\s*2px solid var\(--accent\)/);
    }
    // Lists clip what is drawn outside them: their ring goes inside.
    expect(rulesFor(css, "[role='listbox']:focus-visible")).toMatch(/outline-offset:\s*-2px/);
    const selected = rulesFor(css, "[role='option'].selected");
    expect(selected).toMatch(/background:\s*var\(--selected\)/);
    expect(selected).toMatch(/box-shadow:[^;]*var\(--accent\)/);
    // --selected is set for the light theme and again for the dark one.
    expect(css.match(/--selected:/g)?.length).toBe(2);
    expect(src('screens/Contacts.svelte')).not.toMatch(/outline:\s*none/);
  });
});
