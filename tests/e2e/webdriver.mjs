// A small W3C WebDriver client over fetch (Node 20+), enough to drive the app
// through tauri-driver: sessions, elements by CSS, clicks, typing, scripts,
// screenshots. No npm packages, so the end-to-end tests need no install step.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** A session on a new run of `application`, started with `args`. */
  static async start(port, application, args = []) {
    const base = `http://127.0.0.1:${port}`;
    const value = await call(base, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application, args } } },
    });
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async quit() {
    await this.cmd('DELETE', '');
  }

  /** Every element matching `css`, as element ids. */
  async all(css) {
    const found = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return found.map((e) => e[ELEMENT]);
  }

  /** Waits until `css` matches (and, with `text`, one match contains it); returns that element. */
  async waitFor(css, { text = null, timeout = 15000 } = {}) {
    const until = Date.now() + timeout;
    let seen = [];
    for (;;) {
      const ids = await this.all(css);
      seen = [];
      for (const id of ids) {
        if (text === null) return id;
        const t = await this.text(id).catch(() => '');
        seen.push(t);
        if (t.includes(text)) return id;
      }
      if (Date.now() > until) {
        const what = text === null ? css : `${css} containing "${text}"`;
        throw new WebDriverError(`timed out waiting for ${what}; saw ${JSON.stringify(seen.slice(0, 10))}`);
      }
      await sleep(100);
    }
  }

  /** Waits until nothing matches `css` (with `text`: no match contains it). */
  async waitGone(css, { text = null, timeout = 15000 } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      const ids = await this.all(css);
      let present = false;
      for (const id of ids) {
        if (text === null || (await this.text(id).catch(() => '')).includes(text)) present = true;
      }
      if (!present) return;
      if (Date.now() > until) throw new WebDriverError(`timed out waiting for ${css} to go`);
      await sleep(100);
    }
  }

  async click(id) {
    await this.cmd('POST', `/element/${id}/click`, {});
  }

  async type(id, text) {
    await this.cmd('POST', `/element/${id}/value`, { text });
  }

  async clear(id) {
    await this.cmd('POST', `/element/${id}/clear`, {});
  }

  /** The element's text content (WebKitWebDriver's rendered-text command drops text in some
   * grid cells, so this reads `textContent`). */
  async text(id) {
    return this.script('return arguments[0].textContent', [{ [ELEMENT]: id }]);
  }

  async attribute(id, name) {
    return this.cmd('GET', `/element/${id}/attribute/${name}`);
  }

  /** Child elements of `id` matching `css`. */
  async within(id, css) {
    const found = await this.cmd('POST', `/element/${id}/elements`, { using: 'css selector', value: css });
    return found.map((e) => e[ELEMENT]);
  }

  async script(body, args = []) {
    return this.cmd('POST', '/execute/sync', { script: body, args });
  }

  /** Runs an async script: its last argument is the callback that hands back the result. */
  async scriptAsync(body, args = []) {
    return this.cmd('POST', '/execute/async', { script: body, args });
  }

  /** Sets the WebDriver timeouts (ms), e.g. `{ script: 120000 }`. */
  async timeouts(t) {
    return this.cmd('POST', '/timeouts', t);
  }

  /** Presses keys on the focused element: `keys` like ['\uE009', 'k'] are held together. */
  async chord(keys) {
    const down = keys.map((value) => ({ type: 'keyDown', value }));
    const up = [...keys].reverse().map((value) => ({ type: 'keyUp', value }));
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [...down, ...up] }] });
    await this.cmd('DELETE', '/actions');
  }

  /** Resolves once the webview has painted two more frames (what a test just waited for is on screen). */
  async painted() {
    return this.cmd('POST', '/execute/async', {
      script: 'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));',
      args: [],
    });
  }

  /** A PNG of the window. */
  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A command that hangs fails loudly, naming itself.
    signal: AbortSignal.timeout(path.endsWith('/session') ? 60000 : 20000),
  }).catch((e) => {
    throw new WebDriverError(`${method} ${path}: ${e.message}`);
  });
  const json = await res.json().catch(() => ({ value: null }));
  if (!res.ok) {
    const v = json.value || {};
    throw new WebDriverError(`${method} ${path}: ${v.error || res.status}: ${v.message || ''}`);
  }
  return json.value;
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export const Keys = { CONTROL: '\uE009', ENTER: '\uE007', ESCAPE: '\uE00C' };
