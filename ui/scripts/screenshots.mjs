// Screenshots of the built UI running on the in-memory mock, for checking by
// eye: `npm run build && node scripts/screenshots.mjs [outdir] [only]`.
// Uses Debian's chromium (no browser download). Not part of `npm test`.
// Pages are served with the app's Content-Security-Policy, so a violation
// shows up as an error; FREEZE=1 also freezes Object.prototype as Tauri's
// `freezePrototype` does.
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const out = process.argv[2] ?? '/tmp/rapport-shots';
const only = process.argv[3];
mkdirSync(out, { recursive: true });

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const server = await preview({ preview: { port: 4173, strictPort: false, headers: { 'Content-Security-Policy': CSP } }, logLevel: 'silent' });
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const shots = [
  { name: 'today', q: '' },
  { name: 'today-dark', q: '', dark: true },
  { name: 'today-zh', q: 'lang=zh-CN' },
  { name: 'today-empty', q: 'mock=0' },
  { name: 'contacts', q: 'screen=contacts' },
  { name: 'contacts-100k', q: 'screen=contacts&mock=100000', scroll: 2_000_000 },
  { name: 'contact', q: 'screen=contact&id=401' },
  { name: 'contact-zh-dark', q: 'screen=contact&id=403&lang=zh-CN', dark: true },
  { name: 'search', q: '', keys: ['Control+k'], type: 'zwm' },
  { name: 'search-phone', q: '', keys: ['Control+k'], type: '8123' },
  { name: 'import', q: 'screen=import' },
  { name: 'dashboard', q: 'screen=dashboard' },
  { name: 'dashboard-dark', q: 'screen=dashboard&lang=zh-CN', dark: true },
  { name: 'settings', q: 'screen=settings' },
  { name: 'help', q: '', keys: ['Shift+?'] },
  { name: 'today-log', q: '', keys: ['j', 'l'], type: 'Called about the renewal' },
  {
    name: 'import-preview',
    q: 'screen=import',
    steps: [
      async (p) => {
        await p.fill('[data-testid=import-path]', '/home/me/Downloads/通讯录.csv');
        await p.click('[data-testid=import-path-submit]');
        await p.waitForSelector('[data-testid=import-preview-table]');
      },
    ],
  },
  {
    name: 'import-mapping',
    q: 'screen=import',
    steps: [
      async (p) => {
        await p.click('[data-testid=import-choose]');
        await p.waitForSelector('[data-testid=import-preview-table]');
        await p.click('[data-testid=import-next]');
      },
    ],
  },
  {
    name: 'import-duplicates',
    q: 'screen=import',
    steps: [
      async (p) => {
        await p.click('[data-testid=import-choose]');
        await p.waitForSelector('[data-testid=import-preview-table]');
        await p.click('[data-testid=import-next]');
        await p.click('[data-testid=import-next]');
      },
    ],
  },
  {
    name: 'import-summary',
    q: 'screen=import',
    steps: [
      async (p) => {
        await p.click('[data-testid=import-choose]');
        await p.waitForSelector('[data-testid=import-preview-table]');
        await p.click('[data-testid=import-next]');
        await p.click('[data-testid=import-next]');
        await p.click('[data-testid=import-start]');
        await p.waitForSelector('[data-testid=import-summary]');
      },
    ],
  },
];

const errors = [];
for (const s of shots) {
  if (only && !s.name.startsWith(only)) continue;
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 }, colorScheme: s.dark ? 'dark' : 'light' });
  if (process.env.FREEZE) await page.addInitScript(() => Object.freeze(Object.prototype));
  page.on('pageerror', (e) => errors.push(`${s.name}: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${s.name}: ${m.text()}`));
  const t0 = Date.now();
  await page.goto(`${base}?today=2026-03-10&${s.q}`);
  await page.waitForTimeout(300);
  for (const k of s.keys ?? []) await page.keyboard.press(k);
  if (s.type) {
    await page.keyboard.type(s.type, { delay: 30 });
    await page.waitForTimeout(250);
  }
  if (s.scroll) {
    await page.waitForSelector('[data-testid=contacts-list]');
    await page.$eval('[data-testid=contacts-list]', (el, y) => (el.scrollTop = y), s.scroll);
    await page.waitForTimeout(400);
  }
  for (const step of s.steps ?? []) await step(page);
  await page.screenshot({ path: `${out}/${s.name}.png` });
  console.log(`${s.name}.png (${Date.now() - t0} ms)`);
  await page.close();
}
await browser.close();
server.httpServer.close();
if (errors.length) {
  console.error(errors.join('\n'));
  process.exitCode = 1;
}
