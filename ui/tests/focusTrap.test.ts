// @vitest-environment jsdom
// The dialogs' focus trap: focus moves in, Tab and Shift+Tab cycle inside, Escape
// closes, and focus goes back to where it was.
import { describe, expect, it, vi } from 'vitest';
import { nextFocus, tabbable, trapFocus } from '../src/lib/focusTrap';

function page(html: string) {
  document.body.innerHTML = `<button id="behind">behind</button><div id="dialog" tabindex="-1">${html}</div>`;
  return document.getElementById('dialog') as HTMLElement;
}
const tab = (root: HTMLElement, shiftKey = false) =>
  root.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey, bubbles: true, cancelable: true }));
const flush = () => new Promise((r) => setTimeout(r, 0));
const focused = () => (document.activeElement as HTMLElement | null)?.id;

describe('focus trap', () => {
  it('lists only the controls Tab reaches', () => {
    const root = page(`<input id="a"><button id="b" disabled>x</button><span hidden><button id="c">x</button></span>
      <a id="d" href="#">x</a><div id="e" tabindex="0"></div><div tabindex="-1"></div><input type="hidden">`);
    expect(tabbable(root).map((e) => e.id)).toEqual(['a', 'd', 'e']);
  });

  it('moves focus in, cycles with Tab and Shift+Tab, closes on Escape and gives focus back', async () => {
    const root = page('<input id="first"><button id="middle">m</button><button id="last">l</button>');
    (document.getElementById('behind') as HTMLElement).focus();
    const onclose = vi.fn();
    const release = trapFocus(root, { onclose });
    await flush();
    expect(focused()).toBe('first');
    tab(root, true);
    expect(focused()).toBe('last');
    tab(root);
    expect(focused()).toBe('first');
    // Inside the list the browser moves focus itself.
    (document.getElementById('middle') as HTMLElement).focus();
    expect(nextFocus(root, document.activeElement, false)).toBeNull();
    root.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onclose).toHaveBeenCalledOnce();
    release();
    expect(focused()).toBe('behind');
  });

  it('starts on the control marked autofocus, and pulls back focus that leaves', async () => {
    const root = page('<button id="close">x</button><textarea id="text" autofocus></textarea>');
    const release = trapFocus(root, { onclose: () => {} });
    await flush();
    expect(focused()).toBe('text');
    (document.getElementById('behind') as HTMLElement).focus();
    expect(focused()).toBe('close');
    release();
  });

  it('leaves Escape to a control inside that keeps it, and ignores keys from outside', async () => {
    const root = page('<input id="date">');
    const onclose = vi.fn();
    const release = trapFocus(root, { onclose });
    await flush();
    const date = document.getElementById('date') as HTMLElement;
    date.addEventListener('keydown', (e) => e.stopPropagation());
    date.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onclose).not.toHaveBeenCalled();
    document.getElementById('behind')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onclose).not.toHaveBeenCalled();
    release();
  });

  it('keeps focus on a dialog with no controls', async () => {
    const root = page('<p>nothing to press</p>');
    const release = trapFocus(root, { onclose: () => {} });
    await flush();
    expect(focused()).toBe('dialog');
    tab(root);
    expect(focused()).toBe('dialog');
    release();
  });
});
