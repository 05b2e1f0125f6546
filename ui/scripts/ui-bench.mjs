// Rough UI timings in headless chromium on the real core (`rapport serve` on
// generated demo data, BENCH_CONTACTS people, default 100k): scrolling the
// contact list (frame intervals, rows in the DOM) and keystroke → visible
// search results. `npm run build && node scripts/ui-bench.mjs`. Not part of
// `npm test`. Use a release core (RAPPORT_BIN=../target/release/rapport) for
// numbers that mean something.
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { draft, pageUrl, startCore } from './core.mjs';

const contacts = Number(process.env.BENCH_CONTACTS ?? 100_000);
const t0 = Date.now();
const core = await startCore(contacts);
console.log(`generated ${contacts} contacts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
await core.call('add_contact', { draft: draft('张伟明', { phones: [{ raw: '+86 138 0013 8000', e164: null, label: null }] }) });
await core.call('add_contact', { draft: draft('Ada Lovelace', { phones: [{ raw: '+1 415 555 8123', e164: null, label: null }] }) });
const server = await preview({ preview: { port: 4174, strictPort: false }, logLevel: 'silent' });
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
await page.goto(pageUrl(base, core, 'screen=contacts'));
await page.waitForSelector('[data-testid=contact-row]', { timeout: 60_000 });
const scroll = await page.evaluate(async () => {
  const el = document.querySelector('[data-testid=contacts-list]');
  const deltas = [];
  let maxRows = 0;
  let last = performance.now();
  for (let i = 0; i < 240; i++) {
    el.scrollTop += 900; // ~28 rows per frame: a fast fling
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    deltas.push(now - last);
    last = now;
    maxRows = Math.max(maxRows, document.querySelectorAll('[data-testid=contact-row]').length);
  }
  deltas.sort((a, b) => a - b);
  const q = (p) => deltas[Math.floor(p * (deltas.length - 1))].toFixed(1);
  return { frames: deltas.length, p50: q(0.5), p95: q(0.95), max: q(1), maxRows, scrolledTo: el.scrollTop };
});
console.log(`scroll ${contacts}:`, JSON.stringify(scroll));

await page.goto(pageUrl(base, core));
await page.waitForSelector('[data-testid=screen-today]');
const times = [];
for (const q of ['zwm', 'ada', '8123', '伟明']) {
  await page.keyboard.press('Control+k');
  await page.waitForSelector('[data-testid=search-input]');
  const t = await page.evaluate(async (query) => {
    const input = document.querySelector('[data-testid=search-input]');
    input.value = query;
    const t0 = performance.now();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    while (!document.querySelector('[data-testid=search-result]')) await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  }, q);
  times.push(`${q}: ${t.toFixed(0)} ms`);
  await page.keyboard.press('Escape');
}
console.log('keystroke after a pause → results visible:', times.join(', '));
await browser.close();
server.httpServer.close();
await core.stop();
