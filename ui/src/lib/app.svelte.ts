// App-wide state: the screen shown, the language, toasts, overlays. Screens
// read it; only the functions here change it.

import { translate, type MessageKey } from './i18n';
import type { Language } from './bindings/Language';

export type Screen =
  | { name: 'today' }
  | { name: 'contacts' }
  | { name: 'contact'; id: number }
  /** A new contact's draft: nothing is stored until it is saved with a name. */
  | { name: 'newContact' }
  | { name: 'import' }
  | { name: 'dashboard' }
  | { name: 'settings' }
  | { name: 'groups'; segment?: string };

export interface Toast {
  id: number;
  text: string;
  /** Shown as an Undo button when set. */
  undo?: () => void | Promise<void>;
  /** Another button (e.g. "next follow-up in 7 days?"). */
  action?: { label: string; run: () => void | Promise<void>; testid?: string };
  error?: boolean;
}

export const ui = $state({
  lang: 'en' as Language,
  /** The report currency (the core's setting), for amounts typed and shown in it. */
  currency: 'CNY',
  screen: { name: 'today' } as Screen,
  searchOpen: false,
  helpOpen: false,
  toasts: [] as Toast[],
  /** Bumped when segments change, so the sidebar's pinned list asks the core again. */
  segmentsChanged: 0,
  /** Where Back leaves a contact (or a new contact's draft) for: the screen it was opened from. */
  backTo: { name: 'contacts' } as Screen,
  /** A file the app was asked to open ("Open with Rapport"), for the import screen to take. */
  openFile: null as string | null,
});

const isContact = (s: Screen) => s.name === 'contact' || s.name === 'newContact';

let toastSeq = 0;

/** Set while `g` waits for its second key, so screens leave that key alone. */
export const keyState = { leader: false };

/**
 * True when a screen must not act on this key press: the app already handled
 * it (a `g` combination), or it is the second key of one. Window listeners of
 * the app and of a screen run in either order, hence both checks.
 */
export function keyTaken(e: KeyboardEvent): boolean {
  return e.defaultPrevented || keyState.leader;
}

/** The message for `key` in the current language. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(ui.lang, key, params);
}

export function go(screen: Screen): void {
  // From one contact to another (a merge, a saved draft) Back still leads where the first was opened from.
  if (isContact(screen) && !isContact(ui.screen)) ui.backTo = ui.screen;
  ui.screen = screen;
  ui.searchOpen = false;
  ui.helpOpen = false;
}

/** Files the app was asked to open: the import screen previews the first. */
export function openFiles(paths: string[]): void {
  if (!paths[0]) return;
  ui.openFile = paths[0];
  go({ name: 'import' });
}

export function openContact(id: number): void {
  go({ name: 'contact', id });
}

/** Leaves a contact for the screen it was opened from (the contact list unless another). */
export function back(): void {
  go(ui.backTo);
}

/** Shows a toast for a few seconds (longer when it offers Undo); returns its id. */
export function toast(text: string, opts: Omit<Toast, 'id' | 'text'> = {}): number {
  const id = ++toastSeq;
  ui.toasts = [...ui.toasts.slice(-3), { id, text, ...opts }];
  setTimeout(() => dismiss(id), opts.undo || opts.action ? 8000 : 4000);
  return id;
}

export function dismiss(id: number): void {
  ui.toasts = ui.toasts.filter((x) => x.id !== id);
}

/** A toast for a failed backend call. */
export function toastError(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  toast(t('common.error', { message }), { error: true });
}
