// @vitest-environment jsdom
/// <reference types="node" />
// The panels for what only the CLI could do (deals, cases, opt-outs, tiers,
// pipeline stages, backup, export) and the screens that hold them, mounted on a real `rapport serve` over an empty book
// of this file's own (a restore replaces its data): the checks are on what the
// core answers and writes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { flushSync, mount, unmount, type Component } from 'svelte';
import {
  addContact,
  addDeal,
  cadenceRules,
  countContacts,
  followUpsOf,
  getContact,
  getSettings,
  pipelineStages,
  listCases,
  listDeals,
  optOuts,
  tiers,
} from '../src/lib/client';
import { draft, listQuery, startBook } from './core/book';
import type { RunningCore } from './core/server';
import { ui } from '../src/lib/app.svelte';
import DealsPanel from '../src/components/DealsPanel.svelte';
import CasesPanel from '../src/components/CasesPanel.svelte';
import OptOutPanel from '../src/components/OptOutPanel.svelte';
import ValuePanel from '../src/components/ValuePanel.svelte';
import BackupPanel from '../src/components/BackupPanel.svelte';
import ExportPanel from '../src/components/ExportPanel.svelte';
import PipelinePanel from '../src/components/PipelinePanel.svelte';
import ContactView from '../src/screens/ContactView.svelte';
import Settings from '../src/screens/Settings.svelte';

let core: RunningCore | null = null;
/** A folder for the files the tests write and read (next to the book's data folder). */
let dir = '';

beforeAll(async () => {
  core = await startBook();
  dir = mkdtempSync(join(dirname(core.dataDir), 'parity-files-'));
  ui.lang = 'en';
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

afterAll(async () => {
  await core?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

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

    const file = join(dir, 'google.csv');
    show(ExportPanel, { path: file });
    await until(() => $$('[data-testid=export-tag] option').length > 1, 'the tags');
    choose('export-format', 'google_csv');
    choose('export-tag', 'optout-test');
    click('export-run');
    const done = await until$('export-done');
    expect(done.textContent).toContain('Exported 1');
    const csv: string = readFileSync(file, 'utf8');
    expect(csv).toContain('Gus Optout');
    expect(csv).toContain('555 0199');
    expect(csv).not.toContain('gus.optout@example.com');

    for (const format of ['vcard3', 'vcard4'] as const) {
      const vcf = join(dir, `${format}.vcf`);
      type('export-path', vcf);
      choose('export-format', format);
      click('export-run');
      await until(() => byId('export-done')?.textContent?.includes(vcf), `the ${format} export`);
      const text: string = readFileSync(vcf, 'utf8');
      expect(text).toContain('Gus Optout');
      expect(text).not.toContain('gus.optout@example.com');
    }

    // Outreach by email: the contact is not reachable by email, so nobody is exported.
    const outreach = join(dir, 'outreach.csv');
    type('export-path', outreach);
    choose('export-format', 'csv');
    tickBox('export-outreach', true);
    choose('export-channel', 'email');
    click('export-run');
    await until(() => byId('export-done')?.textContent?.includes(outreach), 'the outreach export');
    expect(byId('export-done')!.textContent).toContain('Exported 0');
    expect(readFileSync(outreach, 'utf8')).not.toContain('Gus Optout');

    // By phone they are reachable.
    choose('export-channel', 'phone');
    click('export-run');
    await until(() => byId('export-done')?.textContent?.includes('Exported 1'), 'the phone outreach export');
    expect(readFileSync(outreach, 'utf8')).toContain('Gus Optout');
  });

  it('writes every format the core offers, archived contacts only when asked', async () => {
    const c = await addContact({ draft: draft('Hal Archived', { tags: ['archived-test'] }) });
    const { setArchived } = await import('../src/lib/client');
    await setArchived({ id: c.id, archived: true });
    const file = join(dir, 'archived.csv');
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
    expect(readFileSync(file, 'utf8')).toContain('Hal Archived');

    const ics = join(dir, 'follow-ups.ics');
    type('export-path', ics);
    choose('export-format', 'ics');
    click('export-run');
    await until(() => byId('export-done')?.textContent?.includes(ics), 'the calendar export');
    expect(readFileSync(ics, 'utf8')).toContain('BEGIN:VCALENDAR');
  });

  it('asks the shell where to save when no file is given, suggesting a name by format', async () => {
    const asked: string[] = [];
    const target = join(dir, 'picked.vcf');
    show(ExportPanel, { pickPath: async (name: string) => (asked.push(name), target) });
    choose('export-format', 'vcard4');
    click('export-run');
    await until(() => byId('export-done')?.textContent?.includes(target), 'the export to the picked file');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^rapport-contacts-\d{4}-\d{2}-\d{2}\.vcf$/);
    expect(readFileSync(target, 'utf8')).toContain('BEGIN:VCARD');
  });

  it('shows the core’s refusal of a path it cannot write', async () => {
    show(ExportPanel, { path: join(dir, 'no-such-folder', 'x', 'out.csv') });
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

describe('pipeline stages in Settings', () => {
  it('renames a stage; the core keeps the key and refuses an empty name', async () => {
    show(PipelinePanel, {});
    const row = await until(() => $('[data-testid=stage-row][data-key=intent_meeting]'), 'the stages');
    const input = () => row.querySelector('[data-testid=stage-name]') as HTMLInputElement;
    const before = input().value;
    input().value = 'Meeting booked';
    input().dispatchEvent(new Event('change', { bubbles: true }));
    await eventually(async () => (await pipelineStages({})).find((s) => s.key === 'intent_meeting')?.name === 'Meeting booked', 'the rename');

    await until(() => !input().disabled, 'the panel');
    input().value = '   ';
    input().dispatchEvent(new Event('change', { bubbles: true }));
    await until$('pipeline-error');
    expect(input().value).toBe('Meeting booked');
    expect((await pipelineStages({})).find((s) => s.key === 'intent_meeting')?.name).toBe('Meeting booked');

    input().value = before;
    input().dispatchEvent(new Event('change', { bubbles: true }));
    await eventually(async () => (await pipelineStages({})).find((s) => s.key === 'intent_meeting')?.name === before, 'the name back');
  });
});

describe('the panels on the screens', () => {
  it('the contact page has deals, cases and opt-outs; a purchase there gives the contact a tier', async () => {
    const c = await addContact({ draft: draft('Max Screen') });
    show(ContactView, { id: c.id });
    await until$('deals-panel');
    expect(byId('cases-panel')).toBeTruthy();
    expect(byId('optout-panel')).toBeTruthy();
    expect(byId('value-badge')!.dataset.tier).toBe('');
    await until$('deals-empty');
    type('deal-amount', '99999');
    click('deal-add');
    await until$('deal-row');
    await until(() => byId('value-badge')?.dataset.tier, 'the tier badge');

    type('case-text', 'Late delivery');
    click('case-open');
    await until$('case-row');
    // The case's follow-up is on the timeline.
    await until(() => $$('[data-testid=timeline-item]').some((li) => li.textContent!.includes('Late delivery')), 'the case follow-up');
  });

  it('Settings has the tiers, stages, export and backup panels', async () => {
    show(Settings, {});
    for (const id of ['value-panel', 'pipeline-panel', 'export-panel', 'backup-panel']) await until$(id);
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
    expect(backupFile.startsWith(core!.dataDir)).toBe(true);
    expect(existsSync(backupFile)).toBe(true);
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
    const live = await countContacts(listQuery({ include_archived: true }));
    expect(reindexed.textContent).toContain(String(live));
  });

  it('shows the core’s refusal of a file that is not a backup', async () => {
    const bogus = join(dir, 'not-a-backup.db');
    writeFileSync(bogus, 'hello');
    show(BackupPanel, {});
    type('restore-file', bogus);
    click('restore-run');
    click('restore-yes');
    const err = await until$('backup-error');
    expect(err.textContent!.length).toBeGreaterThan(0);
    expect(byId('restore-done')).toBeNull();
  });
});
