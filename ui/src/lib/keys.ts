// Global shortcuts: what a key press means anywhere in the app.

import type { Screen } from './app.svelte';

export interface GlobalKey {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

export type GlobalAction =
  | { type: 'search' }
  | { type: 'help' }
  | { type: 'escape' }
  | { type: 'leader' }
  | { type: 'go'; screen: Screen };

const GOTO: Record<string, Screen> = {
  t: { name: 'today' },
  c: { name: 'contacts' },
  i: { name: 'import' },
  d: { name: 'dashboard' },
  s: { name: 'settings' },
  g: { name: 'groups' },
};

/**
 * The global action for a key. `typing` is true when focus is in a text field
 * (then only Ctrl/Cmd+K and Escape count); `leader` is true right after `g`.
 */
export function globalAction(e: GlobalKey, typing: boolean, leader: boolean): GlobalAction | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') return { type: 'search' };
  if (e.key === 'Escape') return { type: 'escape' };
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (leader && GOTO[e.key]) return { type: 'go', screen: GOTO[e.key] };
  if (e.key === '?') return { type: 'help' };
  if (e.key === 'g') return { type: 'leader' };
  return null;
}

/** True when the event target takes typed keys: a text field or a select (screens' one-key actions leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable === true;
}

/** Keys a select, a checkbox or a radio button works with itself; the rest are the app's. */
const CONTROL_KEYS = new Set(['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Enter', ' ', 'Home', 'End', 'PageUp', 'PageDown']);
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

/**
 * True when the focused element takes this key itself, so the global shortcuts must not:
 * a text field takes every key; a select, checkbox or radio only the keys it works with
 * (arrows, Enter, Space…), so `?` and `g t` still work there.
 */
export function fieldTakesKey(e: { key: string; target: EventTarget | null }): boolean {
  const el = e.target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const control = el.tagName === 'SELECT' || (el.tagName === 'INPUT' && NOT_TEXT.has((el as HTMLInputElement).type));
  if (control) return CONTROL_KEYS.has(e.key);
  return isTyping(el);
}
