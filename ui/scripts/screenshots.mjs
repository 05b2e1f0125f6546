// Screenshots of the built UI on the real core (`rapport serve` on generated
// demo data, and on an empty book), for checking by eye:
// `npm run build && node scripts/screenshots.mjs [outdir] [only]`.
// Uses Debian's chromium (no browser download). Not part of `npm test`.
// Pages are served with the app's Content-Security-Policy (plus the local
// server in connect-src), so a violation shows up as an error; FREEZE=1 also
// freezes Object.prototype as Tauri's `freezePrototype` does.
// SHOTS_CONTACTS sets the size of the demo book (default 2000). A11Y=1 also runs the
// accessibility check (scripts/a11y.mjs) on every shot and fails on a serious violation.
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, draft, pageUrl, startCore } from './core.mjs';
import { AXE_OPTIONS, AXE_SOURCE, describeFailing } from './a11y.mjs';

const out = process.argv[2] ?? '/tmp/rapport-shots';
const only = process.argv[3];
mkdirSync(out, { recursive: true });

const CSP = "default-src 'self'; connect-src 'self' http://127.0.0.1:*; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const server = await preview({ preview: { port: 4173, strictPort: false, headers: { 'Content-Security-Policy': CSP } }, logLevel: 'silent' });
const base = server.resolvedUrls.local[0];
const contacts = Number(process.env.SHOTS_CONTACTS ?? 2000);
const core = await startCore(contacts);
const empty = await startCore(0);
// People the search shots look for.
const zwm = await core.call('add_contact', { draft: draft('张伟明', { company: '北京科技有限公司', phones: [{ raw: '+86 138 0013 8000', e164: null, label: null }] }) });
await core.call('add_contact', { draft: draft('Ada Lovelace', { company: 'Analytical Engines', phones: [{ raw: '+1 415 555 8123', e164: null, label: null }] }) });
// A pinned segment and a campaign on it that started twelve days ago, for the Groups shots.
await core.call('save_segment', { name: 'VIP', condition: { kind: 'tags', mode: 'any', tags: ['VIP'] }, pinned: true });
const { date: coreDate } = await core.call('today_list', { date: null, rows_per_section: null, past_workload: false });
const daysFrom = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
await core.call('create_campaign', {
  name: 'New-year cards', segment: 'VIP', channel: 'mail', starts_on: daysFrom(coreDate, -12), ends_on: daysFrom(coreDate, 8),
  offer: '10% off', cost_minor: 50_000, control_share: 0.2, seed: 7, daily_cap: null, window_days: null,
});
const CHINESE = join(FIXTURES, 'import/chinese_gbk.csv');
const choose = async (p) => {
  await p.fill('[data-testid=import-path]', CHINESE);
  await p.click('[data-testid=import-path-submit]');
  await p.waitForSelector('[data-testid=import-preview-table]');
};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const shots = [
  { name: 'today', q: '' },
  { name: 'today-dark', q: '', dark: true },
  { name: 'today-zh', q: 'lang=zh-CN' },
  { name: 'today-empty', q: '', core: empty },
  { name: 'contacts', q: 'screen=contacts' },
  { name: 'contacts-scrolled', q: 'screen=contacts', scroll: Math.floor(contacts * 16) },
  { name: 'contact', q: 'screen=contact&id=3' },
  { name: 'contact-zh-dark', q: `screen=contact&id=${zwm.id}&lang=zh-CN`, dark: true },
  { name: 'search', q: '', keys: ['Control+k'], type: 'zwm' },
  { name: 'search-phone', q: '', keys: ['Control+k'], type: '8123' },
  { name: 'import', q: 'screen=import' },
  { name: 'dashboard', q: 'screen=dashboard' },
  { name: 'dashboard-dark', q: 'screen=dashboard&lang=zh-CN', dark: true },
  { name: 'settings', q: 'screen=settings' },
  { name: 'help', q: '', keys: ['Shift+?'] },
  { name: 'groups', q: 'screen=groups&segment=VIP' },
  { name: 'groups-zh-dark', q: 'screen=groups&segment=VIP&lang=zh-CN', dark: true },
  {
    name: 'groups-campaign',
    q: 'screen=groups',
    steps: [
      async (p) => {
        await p.click('[data-testid=groups-tab-campaigns]');
        await p.click('[data-testid=campaign-open]');
        await p.waitForSelector('[data-testid=campaign-result]');
      },
    ],
  },
  {
    name: 'groups-duplicates',
    q: 'screen=groups',
    steps: [
      async (p) => {
        await p.click('[data-testid=groups-tab-duplicates]');
        await p.waitForSelector('[data-testid=dup-group], [data-testid=dup-empty]');
      },
    ],
  },
  { name: 'today-log', q: '', keys: ['j', 'l'], type: 'Called about the renewal' },
  {
    name: 'import-preview',
    q: 'screen=import',
    steps: [choose],
  },
  {
    name: 'import-mapping',
    q: 'screen=import',
    steps: [
      async (p) => {
        await choose(p);
        await p.click('[data-testid=import-next]');
      },
    ],
  },
  {
    name: 'import-duplicates',
    q: 'screen=import',
    steps: [
      async (p) => {
        await choose(p);
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
        await choose(p);
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
  await page.goto(pageUrl(base, s.core ?? core, s.q));
  // Every answer of the core in (a loaded machine made a shot of "Loading…").
  await page.waitForLoadState('networkidle');
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
  if (process.env.A11Y) {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(
      (options) => window.axe.run(document, options).then((r) => r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} :: ${(n.failureSummary ?? '').split('\n')[1] ?? ''}`),
      }))),
      AXE_OPTIONS,
    );
    const failing = describeFailing(s.name, violations);
    if (failing) errors.push(failing);
    const minor = violations.filter((v) => !failing.includes(v.id)).map((v) => `${v.impact} ${v.id}`);
    if (minor.length) console.log(`  a11y, not failing: ${minor.join(', ')}`);
  }
  console.log(`${s.name}.png (${Date.now() - t0} ms)`);
  await page.close();
}
await browser.close();
server.httpServer.close();
await core.stop();
await empty.stop();
if (errors.length) {
  console.error(errors.join('\n'));
  process.exitCode = 1;
}
