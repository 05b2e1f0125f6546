// @vitest-environment jsdom
// The panels for what only the CLI could do (deals, cases, opt-outs, tiers,
// backup, export), each mounted on a real `rapport serve` over a fresh data
// folder: the checks are on what the core answers and writes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import {
  addContact,
  addDeal,
  cadenceRules,
  countContacts,
  followUpsOf,
  getContact,
  getSettings,
  listCases,
  listDeals,
  optOuts,
  tiers,
  useTransport,
  httpTransport,
} from '../src/lib/client';
import { ui } from '../src/lib/app.svelte';
import type { ContactDraft } from '../src/lib/bindings/ContactDraft';
import DealsPanel from '../src/components/DealsPanel.svelte';
import CasesPanel from '../src/components/CasesPanel.svelte';
import OptOutPanel from '../src/components/OptOutPanel.svelte';
import ValuePanel from '../src/components/ValuePanel.svelte';
import BackupPanel from '../src/components/BackupPanel.svelte';
import ExportPanel from '../src/components/ExportPanel.svelte';

// Node's modules, loaded at run time (the UI's type checks know only the browser).
const node = async (name: string): Promise<any> => import(/* @vite-ignore */ name);
declare const process: { env: Record<string, string | undefined>; cwd(): string };

interface Server {
  pid: number;
  kill(signal?: string): boolean;
}
let server: Server | null = null;
let dir = '';
let fs: any;
let path: any;

beforeAll(async () => {
  const cp = await node('node:child_process');
  fs = await node('node:fs');
  path = await node('node:path');
  const os = await node('node:os');
  const bin = path.resolve(process.cwd(), process.env.RAPPORT_BIN ?? '../target/debug/rapport');
  if (!fs.existsSync(bin)) throw new Error(`no rapport binary at ${bin}: build it, or set RAPPORT_BIN`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-parity-'));
  const child = cp.spawn(bin, ['serve', '--data-dir', path.join(dir, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`rapport serve printed nothing in 20 s: ${err}`)), 20_000);
    child.stdout.on('data', (b: unknown) => {
      out += String(b);
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(out.slice(0, nl)));
        } catch (e) {
          reject(new Error(`rapport serve printed ${out.slice(0, nl)}: ${e}`));
        }
      }
    });
    child.stderr.on('data', (b: unknown) => (err += String(b)));
    child.on('exit', (code: number) => reject(new Error(`rapport serve exited with ${code}: ${err}`)));
  });
  useTransport(httpTransport(url, token));
  ui.lang = 'en';

  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}, 30_000);

afterAll(() => {
  if (server) process_kill(server.pid);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// The server is stopped by its PID, and only it.
function process_kill(pid: number) {
  try {
    (globalThis as unknown as { process: { kill(pid: number): void } }).process.kill(pid);
  } catch {
    // Already gone.
  }
}

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

function show<P extends Record<string, unknown>>(component: Component<P>, props: P) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  mounted = mount(component, { target, props });
  flushSync();
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
async function until<T>(f: () => T | null | undefined | false, what = 'a condition', ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(10);
  }
}
async function eventually(f: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(20);
  }
}
const $ = <E extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<E>(sel);
const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];
const byId = (id: string) => $(`[data-testid="${id}"]`);
const until$ = <E extends HTMLElement = HTMLElement>(id: string) => until(() => $<E>(`[data-testid="${id}"]`), id);

function type(id: string, value: string) {
  const el = byId(id) as HTMLInputElement | HTMLTextAreaElement;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}
function choose(id: string, value: string) {
  const el = byId(id) as HTMLSelectElement;
  el.value = value;
  expect(el.value, `${id} has an option ${value}`).toBe(value);
  el.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}
function tickBox(id: string, checked: boolean) {
  const el = byId(id) as HTMLInputElement;
  el.checked = checked;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}
function click(id: string, i = 0) {
  const el = $$(`[data-testid="${id}"]`)[i] as HTMLButtonElement | undefined;
  expect(el, id).toBeTruthy();
  expect(el!.disabled, `${id} is enabled`).toBe(false);
  el!.click();
  flushSync();
}

function draft(name: string, extra: Partial<ContactDraft> = {}): ContactDraft {
  return {
    display_name: name,
    given_name: null,
    family_name: null,
    phonetic_name: null,
    company: null,
    title: null,
    emails: [],
    phones: [],
    addresses: [],
    birthday: null,
    anniversary: null,
    tags: [],
    stage: null,
    custom_fields: [],
    source: null,
    do_not_contact: false,
    cadence_days: null,
    ...extra,
  };
}
const customers = async () => (await tiers({})).tiers.reduce((n, t) => n + t.customers, 0);

describe('deals and purchases on the contact page', () => {
  it('records a purchase typed as 1,234.50 CNY: listed, and the core counts a customer', async () => {
    const c = await addContact({ draft: draft('Ada Purchase') });
    const before = await customers();
    show(DealsPanel, { contactId: c.id });
    await until$('deals-empty');
    type('deal-product', 'Tea set');
    type('deal-amount', '1,234.50');
    type('deal-currency', 'CNY');
    type('deal-date', '2026-11-01');
    choose('deal-status', 'won');
    click('deal-add');
    const row = await until$('deal-row');
    expect(row.dataset.status).toBe('won');
    expect(row.querySelector('[data-testid=deal-amount-shown]')!.textContent).toContain('1,234.50');
    expect(row.textContent).toContain('Tea set');
    const [deal] = await listDeals({ contact_id: c.id, status: null });
    expect(deal).toMatchObject({ amount_minor: 123450, currency: 'CNY', status: 'won', date: '2026-11-01', product: 'Tea set' });
    expect(await customers()).toBe(before + 1);
  });

  it('adds an open deal at a stage, moves it, marks it won', async () => {
    const c = await addContact({ draft: draft('Bo Pipeline') });
    show(DealsPanel, { contactId: c.id });
    await until$('deals-empty');
    choose('deal-status', 'open');
    type('deal-amount', '500');
    choose('deal-stage', 'intent_meeting');
    click('deal-add');
    const row = await until$('deal-row');
    expect(row.dataset.status).toBe('open');
    expect((await listDeals({ contact_id: c.id, status: null }))[0]).toMatchObject({ status: 'open', stage: 'intent_meeting', amount_minor: 50000 });

    choose('deal-move', 'intent_ready');
    await eventually(async () => (await listDeals({ contact_id: c.id, status: null }))[0].stage === 'intent_ready', 'the move');
    await until(() => !(byId('deal-won') as HTMLButtonElement).disabled, 'the list reloaded');
    expect(byId('deal-error')).toBeNull();

    click('deal-won');
    await until(() => byId('deal-row')?.dataset.status === 'won', 'the deal won');
    const [won] = await listDeals({ contact_id: c.id, status: null });
    expect(won.status).toBe('won');
    expect(won.closed_on).not.toBeNull();
    expect(byId('deal-stage-shown')!.textContent).not.toBe('');
  });

  it('marks an open deal lost', async () => {
    const c = await addContact({ draft: draft('Cy Lost') });
    await addDeal({ contact_id: c.id, product: null, amount: '80', currency: null, date: null, status: 'open', stage: null });
    show(DealsPanel, { contactId: c.id });
    await until$('deal-row');
    click('deal-lost');
    await until(() => byId('deal-row')?.dataset.status === 'lost', 'the deal lost');
    expect((await listDeals({ contact_id: c.id, status: 'lost' })).length).toBe(1);
  });

  it('shows the core’s words for an amount it cannot read, and records nothing', async () => {
    const c = await addContact({ draft: draft('Di Typo') });
    show(DealsPanel, { contactId: c.id });
    await until$('deals-empty');
    type('deal-amount', '12,34,5x');
    click('deal-add');
    const err = await until$('deal-error');
    expect(err.textContent).toContain('12,34,5x');
    expect(await listDeals({ contact_id: c.id, status: null })).toEqual([]);
  });

  it('uses the report currency when none is typed', async () => {
    const c = await addContact({ draft: draft('Ed Default') });
    show(DealsPanel, { contactId: c.id });
    await until$('deals-empty');
    const { currency } = await getSettings({});
    expect((byId('deal-currency') as HTMLInputElement).placeholder).toBe(currency);
    type('deal-amount', '10');
    click('deal-add');
    await until$('deal-row');
    expect((await listDeals({ contact_id: c.id, status: null }))[0].currency).toBe(currency);
  });
});

describe('service cases on the contact page', () => {
  it('opens a case with a severity and its first follow-up, then closes it with a resolution', async () => {
    const c = await addContact({ draft: draft('Fay Complaint') });
    show(CasesPanel, { contactId: c.id });
    await until$('cases-empty');
    type('case-text', 'The lid arrived cracked');
    choose('case-severity', 'high');
    type('case-follow-up', '2026-12-20');
    click('case-open');
    const row = await until$('case-row');
    expect(row.dataset.state).toBe('open');
    expect(row.querySelector('[data-testid=case-severity-shown]')!.textContent).toBe('high');

    const [opened] = await listCases({ contact_id: c.id });
    expect(opened).toMatchObject({ text: 'The lid arrived cracked', severity: 'high', resolution: null, closed_at: null });
    expect((await listCases({ contact_id: null })).map((x) => x.id)).toContain(opened.id);
    const fu = (await followUpsOf({ id: c.id })).find((f) => f.id === opened.follow_up_id);
    expect(fu?.due_date).toBe('2026-12-20');

    click('case-close');
    type('case-resolution-input', 'Sent a new lid');
    click('case-close-confirm');
    const shown = await until$('case-resolution');
    expect(shown.textContent).toContain('Sent a new lid');
    expect(byId('case-row')!.dataset.state).toBe('closed');
    const [closed] = await listCases({ contact_id: c.id });
    expect(closed.resolution).toBe('Sent a new lid');
    expect(closed.closed_at).not.toBeNull();
    expect((await listCases({ contact_id: null })).map((x) => x.id)).not.toContain(opened.id);
  });
});

describe('opt-outs and export', () => {
  it('an email opt-out set in the app leaves the email out of Google CSV and vCard, and out of an email outreach export', async () => {
    const c = await addContact({
      draft: draft('Gus Optout', {
        emails: [{ address: 'gus.optout@example.com', label: null }],
        phones: [{ raw: '+1 415 555 0199', e164: null, label: null }],
        tags: ['optout-test'],
      }),
    });
    show(OptOutPanel, { contactId: c.id });
    await until$('optout-email');
    expect((byId('optout-email') as HTMLInputElement).checked).toBe(false);
    tickBox('optout-email', true);
    await eventually(async () => (await optOuts({ id: c.id })).includes('email'), 'the opt-out');
    expect(await optOuts({ id: c.id })).toEqual(['email']);
    await until(() => !(byId('optout-email') as HTMLInputElement).disabled, 'the panel');
    expect((byId('optout-email') as HTMLInputElement).checked).toBe(true);
    unmount(mounted!);
    mounted = null;

    const file = path.join(dir, 'google.csv');
    show(ExportPanel, { path: file });
    await until(() => $$('[data-testid=export-tag] option').length > 1, 'the tags');
    choose('export-format', 'google_csv');
    choose('export-tag', 'optout-test');
    click('export-run');
    const done = await until$('export-done');
    expect(done.textContent).toContain('Exported 1');
    const csv: string = fs.readFileSync(file, 'utf8');
    expect(csv).toContain('Gus Optout');
    expect(csv).toContain('555 0199');
    expect(csv).not.toContain('gus.optout@example.com');

    for (const format of ['vcard3', 'vcard4'] as const) {
      const vcf = path.join(dir, `${format}.vcf`);
      type('export-path', vcf);
      choose('export-format', format);
      click('export-run');
      await until(() => byId('export-done')?.textContent?.includes(vcf), `the ${format} export`);
      const text: string = fs.readFileSync(vcf, 'utf8');
      expect(text).toContain('Gus Optout');
      expect(text).not.toContain('gus.optout@example.com');
    }

    // Outreach by email: the contact is not reachable by email, so nobody is exported.
    const outreach = path.join(dir, 'outreach.csv');
    type('export-path', outreach);
    choose('export-format', 'csv');
    tickBox('export-outreach', true);
    choose('export-channel', 'email');
    click('export-run');
    await until(() => byId('export-done')?.textContent?.includes(outreach), 'the outreach export');
    expect(byId('export-done')!.textContent).toContain('Exported 0');
    expect(fs.readFileSync(outreach, 'utf8')).not.toContain('Gus Optout');

    // By phone they are reachable.
    choose('export-channel', 'phone');
    click('export-run');
    await until(() => byId('export-done')?.textContent?.includes('Exported 1'), 'the phone outreach export');
    expect(fs.readFileSync(outreach, 'utf8')).toContain('Gus Optout');
  });

  it('writes every format the core offers, archived contacts only when asked', async () => {
    const c = await addContact({ draft: draft('Hal Archived', { tags: ['archived-test'] }) });
    const { setArchived } = await import('../src/lib/client');
    await setArchived({ id: c.id, archived: true });
    const file = path.join(dir, 'archived.csv');
    show(ExportPanel, { path: file });
    await until(() => $$('[data-testid=export-tag] option').length > 1, 'the tags');
    const formats = $$('[data-testid=export-format] option').map((o) => (o as HTMLOptionElement).value);
    expect(formats.sort()).toEqual(['csv', 'google_csv', 'ics', 'vcard3', 'vcard4']);

    choose('export-tag', 'archived-test');
    click('export-run');
    await until(() => byId('export-done')?.textContent?.includes('Exported 0'), 'an export without archived');
    tickBox('export-archived', true);
    click('export-run');
    await until(() => byId('export-done')?.textContent?.includes('Exported 1'), 'an export with archived');
    expect(fs.readFileSync(file, 'utf8')).toContain('Hal Archived');

    const ics = path.join(dir, 'follow-ups.ics');
    type('export-path', ics);
    choose('export-format', 'ics');
    click('export-run');
    await until(() => byId('export-done')?.textContent?.includes(ics), 'the calendar export');
    expect(fs.readFileSync(ics, 'utf8')).toContain('BEGIN:VCALENDAR');
  });

  it('shows the core’s refusal of a path it cannot write', async () => {
    show(ExportPanel, { path: path.join(dir, 'no-such-folder', 'x', 'out.csv') });
    await until(() => byId('export-run') && !(byId('export-run') as HTMLButtonElement).disabled, 'the form');
    click('export-run');
    const err = await until$('export-error');
    expect(err.textContent!.length).toBeGreaterThan(0);
  });
});

describe('value tiers in Settings', () => {
  it('shows the core’s counts, switches the tier method, sets and removes a cadence per tier', async () => {
    show(ValuePanel, {});
    await until(() => $$('[data-testid=tier-row]').length > 0, 'the tiers');
    const summary = await tiers({});
    expect(summary.method).toBe('pyramid');
    const shown = () => $$('[data-testid=tier-row]').map((r) => [r.dataset.tier, Number(r.querySelector('[data-testid=tier-customers]')!.textContent)]);
    expect(shown()).toEqual(summary.tiers.map((t) => [t.tier, t.customers]));
    expect(shown().reduce((n, [, x]) => n + Number(x), 0)).toBeGreaterThan(0);

    choose('tier-method', 'abc');
    await until(() => $$('[data-testid=tier-row]')[0]?.dataset.tier === 'a', 'the ABC tiers');
    expect((await getSettings({})).tier_method).toBe('abc');
    const abc = await tiers({});
    expect(shown()).toEqual(abc.tiers.map((t) => [t.tier, t.customers]));

    const input = () => $('[data-testid=tier-row][data-tier=a] [data-testid=tier-cadence]') as HTMLInputElement;
    input().value = '21';
    input().dispatchEvent(new Event('change', { bubbles: true }));
    await eventually(async () => (await cadenceRules({})).some((r) => r.kind === 'tier' && r.name === 'a'), 'the rule');
    await until(() => !input().disabled && input().value === '21', 'the panel');
    expect((await cadenceRules({})).filter((r) => r.kind === 'tier')).toEqual([{ kind: 'tier', name: 'a', days: 21 }]);

    input().value = '0';
    input().dispatchEvent(new Event('change', { bubbles: true }));
    await until$('value-error');
    expect((await cadenceRules({})).filter((r) => r.kind === 'tier')).toEqual([{ kind: 'tier', name: 'a', days: 21 }]);

    input().value = '';
    input().dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => !byId('value-error') && !input().disabled && input().value === '', 'the rule removed');
    expect((await cadenceRules({})).filter((r) => r.kind === 'tier')).toEqual([]);

    choose('tier-method', 'pyramid');
    await until(() => $$('[data-testid=tier-row]')[0]?.dataset.tier === 'vip', 'the pyramid tiers');
  });
});

// Last: a restore replaces the data the other tests wrote.
describe('backup and maintenance in Settings', () => {
  it('backs up, restores only after confirming the file, checks and reindexes', async () => {
    const kept = await addContact({ draft: draft('Ivy Kept') });
    let restored = 0;
    show(BackupPanel, { onrestored: () => restored++ });
    click('backup-run');
    const shown = await until$('backup-path');
    const backupFile = shown.textContent!.trim();
    expect(backupFile.startsWith(path.join(dir, 'data'))).toBe(true);
    expect(fs.existsSync(backupFile)).toBe(true);
    expect((byId('restore-file') as HTMLInputElement).value).toBe(backupFile);

    const later = await addContact({ draft: draft('Jo After Backup') });
    click('restore-run');
    expect((await until$('restore-confirm-file')).textContent).toBe(backupFile);
    click('restore-no');
    expect(byId('restore-confirm')).toBeNull();
    expect((await getContact({ id: later.id })).display_name).toBe('Jo After Backup');

    click('restore-run');
    await until$('restore-confirm');
    click('restore-yes');
    const done = await until$('restore-done');
    expect(restored).toBe(1);
    expect(done.textContent).toContain('Restored');
    await expect(getContact({ id: later.id })).rejects.toMatchObject({ code: 'contact_not_found' });
    expect((await getContact({ id: kept.id })).display_name).toBe('Ivy Kept');

    click('check-run');
    const check = await until$('check-result');
    expect(check.dataset.status).toBe('ok');

    click('reindex-run');
    const reindexed = await until$('reindex-done');
    const live = await countContacts({
      query: { tag: null, stage: null, tier: null, never_contacted: false, include_archived: true, sort: 'name', limit: null, offset: 0 },
      overdue: false,
    });
    expect(reindexed.textContent).toContain(String(live));
  });

  it('shows the core’s refusal of a file that is not a backup', async () => {
    const bogus = path.join(dir, 'not-a-backup.db');
    fs.writeFileSync(bogus, 'hello');
    show(BackupPanel, {});
    type('restore-file', bogus);
    click('restore-run');
    click('restore-yes');
    const err = await until$('backup-error');
    expect(err.textContent!.length).toBeGreaterThan(0);
    expect(byId('restore-done')).toBeNull();
  });
});
