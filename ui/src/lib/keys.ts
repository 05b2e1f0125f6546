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

/** True when the event target is a text field (shortcuts must not steal its keys). */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}
