// @vitest-environment jsdom
// Smoke tests: every screen mounts on the mock and shows its data, and the
// main keyboard paths work in a DOM (catches runtime errors that type checks miss).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { useBackend } from '../src/lib/ipc';
import { createMockBackend, type MockBackend } from '../src/lib/mock/backend';
import { go, ui } from '../src/lib/app.svelte';
import App from '../src/App.svelte';
import { TODAY } from './helpers';

let app: ReturnType<typeof mount> | null = null;
let b: MockBackend;

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView ??= function () {};
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
async function until<T>(f: () => T | null | undefined, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await tick(10);
  }
}
const $ = (sel: string) => document.querySelector<HTMLElement>(sel);
const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];

async function start(opts: Parameters<typeof createMockBackend>[0] = {}) {
  b = createMockBackend({ today: TODAY, ...opts });
  useBackend(b);
  ui.lang = 'en';
  go({ name: 'today' });
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(App, { target });
  flushSync();
}

function key(k: string, extra: KeyboardEventInit = {}) {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...extra }));
  flushSync();
}

describe('screens on the mock', () => {
  it('Today: completes the selected follow-up with c', async () => {
    await start();
    const first = await until(() => $('[data-testid=today-section-overdue] [data-testid=today-row]'));
    const fid = Number(first.dataset.followUpId);
    key('c');
    await until(() => !$(`[data-testid=today-row][data-follow-up-id="${fid}"]`));
    expect(b.data.followUps.find((f) => f.id === fid)?.status).toBe('done');
    expect($('[data-testid=toast]')?.textContent).toContain('Completed');
  });

  it('g then c goes to Contacts without completing anything on Today', async () => {
    await start();
    await until(() => $('[data-testid=today-section-overdue] [data-testid=today-row]'));
    const open = b.data.followUps.filter((f) => f.status !== 'done').length;
    key('g');
    key('c');
    await until(() => $('[data-testid=screen-contacts]'));
    await tick(50);
    expect(b.data.followUps.filter((f) => f.status !== 'done').length).toBe(open);
  });

  it('Today: logs a call with l and the dialog', async () => {
    await start();
    await until(() => $('[data-testid=today-row]'));
    const before = b.data.interactions.length;
    key('l');
    const text = await until(() => $('[data-testid=log-text]') as HTMLTextAreaElement | null);
    text.value = 'talked';
    text.dispatchEvent(new Event('input', { bubbles: true }));
    $('[data-testid=log-submit]')!.click();
    await until(() => b.data.interactions.length === before + 1);
    expect(b.data.interactions.at(-1)).toMatchObject({ kind: 'call', text: 'talked' });
  });

  it('Today: shows the empty state on an empty book', async () => {
    await start({ count: 0 });
    expect((await until(() => $('[data-testid=today-empty]'))).textContent).toContain('import');
  });

  it('search palette opens with Ctrl+K and finds 张伟明 by zwm', async () => {
    await start();
    key('k', { ctrlKey: true });
    const input = await until(() => $('[data-testid=search-input]') as HTMLInputElement | null);
    input.value = 'zwm';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const hit = await until(() => $('[data-testid=search-result]'));
    expect(hit.textContent).toContain('张伟明');
    expect($('[data-testid=search-snippet] mark')?.textContent).toBe('张伟明');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    flushSync();
    await until(() => $('[data-testid=screen-contact]'));
  });

  it('Contacts renders a window of rows, not all of them', async () => {
    await start({ count: 5000 });
    go({ name: 'contacts' });
    flushSync();
    await until(() => $$('[data-testid=contact-row]').length > 0);
    expect($('[data-testid=contacts-count]')?.textContent).toContain('5,003');
    expect($$('[data-testid=contact-row]').length).toBeLessThan(60);
  });

  it('Contact: edits a field inline and shows the value badge', async () => {
    await start();
    go({ name: 'contact', id: 401 });
    flushSync();
    const badge = await until(() => $('[data-testid=value-badge]'));
    expect(badge.dataset.tier).not.toBe('');
    $('[data-testid=field-title]')!.click();
    flushSync();
    const input = await until(() => $('input[data-testid=field-title]') as HTMLInputElement | null);
    input.value = 'CEO';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await until(() => b.data.contacts.get(401)?.title === 'CEO');
  });

  it('Import, Dashboard, Settings and help mount', async () => {
    await start();
    for (const [screen, id] of [['import', 'import-path'], ['dashboard', 'chart-tiers'], ['settings', 'settings-data-dir']] as const) {
      go({ name: screen });
      flushSync();
      await until(() => $(`[data-testid=${id}]`));
    }
    key('?');
    expect($('[data-testid=help-overlay]')).not.toBeNull();
  });
});
