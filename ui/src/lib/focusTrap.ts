// Keeps keyboard focus inside an open dialog: Tab and Shift+Tab cycle through the
// dialog's own controls, Escape closes it, and focus goes back to where it was when
// the dialog closes. Used by the one modal component (components/Modal.svelte).

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
  '[contenteditable="true"]',
].join(',');

/** The controls of `root` that Tab reaches, in document order. */
export function tabbable(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden], [inert]') && el.tabIndex >= 0);
}

/** Where Tab (or Shift+Tab) from `active` goes inside `root`, or null to let the browser move. */
export function nextFocus(root: HTMLElement, active: Element | null, backwards: boolean): HTMLElement | null {
  const items = tabbable(root);
  if (items.length === 0) return root;
  const first = items[0];
  const last = items[items.length - 1];
  const inside = active instanceof HTMLElement && root.contains(active);
  if (!inside || active === root) return backwards ? last : first;
  if (backwards && active === first) return last;
  if (!backwards && active === last) return first;
  return null;
}

export interface TrapOptions {
  /** Called on Escape. */
  onclose: () => void;
}

/**
 * Traps focus in `root` while it is mounted (a Svelte attachment: returns its cleanup).
 * Focus moves in at once (to an `[autofocus]` control, else the first, else the dialog),
 * unless a control inside already took it.
 */
export function trapFocus(root: HTMLElement, options: TrapOptions): () => void {
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  // On the document, not the dialog: the app's own handlers (Svelte delegates them to
  // the app's root) see a key first, so a control inside can keep Escape for itself
  // (a date field gives back its value) by stopping it.
  const onkeydown = (e: KeyboardEvent) => {
    if (!(e.target instanceof Node) || !root.contains(e.target)) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      options.onclose();
    } else if (e.key === 'Tab') {
      const to = nextFocus(root, document.activeElement, e.shiftKey);
      if (to) {
        e.preventDefault();
        to.focus();
      }
    }
  };
  // Focus that leaves the dialog (a click on the page behind, a script) comes back.
  const onfocusin = (e: FocusEvent) => {
    if (e.target instanceof Node && !root.contains(e.target)) (tabbable(root)[0] ?? root).focus();
  };
  document.addEventListener('keydown', onkeydown);
  document.addEventListener('focusin', onfocusin);
  queueMicrotask(() => {
    if (root.contains(document.activeElement)) return;
    (root.querySelector<HTMLElement>('[autofocus]') ?? tabbable(root)[0] ?? root).focus();
  });
  return () => {
    document.removeEventListener('keydown', onkeydown);
    document.removeEventListener('focusin', onfocusin);
    if (before && before.isConnected) before.focus();
  };
}
