// @vitest-environment jsdom
// Without the app and without a server in the page's address, the UI says how
// to connect instead of failing call by call.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { transportReady } from '../src/lib/client';
import { ui } from '../src/lib/app.svelte';
import App from '../src/App.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
});

describe('no core to talk to', () => {
  it('shows how to connect', async () => {
    expect(transportReady()).toBe(false);
    ui.lang = 'en';
    const target = document.createElement('div');
    document.body.appendChild(target);
    app = mount(App, { target });
    flushSync();
    await new Promise((r) => setTimeout(r, 20));
    flushSync();
    const offline = document.querySelector('[data-testid=offline]');
    expect(offline?.textContent).toContain('rapport serve');
    expect(offline?.textContent).toContain('?server=URL&token=TOKEN');
    expect(document.querySelector('[data-testid=screen-today]')).toBeNull();
  });
});
