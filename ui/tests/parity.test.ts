// @vitest-environment jsdom
/// <reference types="node" />
// The panels for what only the CLI could do (deals, cases, opt-outs, tiers,
// stages, capture, mail and calendar, segments, bulk actions, campaigns,
// duplicates, undo, a contact from a signature, backup, export) and the
// screens that hold them, mounted on a real `rapport serve` over an empty book
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
  interactionsOf,
  listContacts,
  mailSuggestions,
  pipelineStages,
  findDuplicates,
  undoHistory,
  listSegments,
  valueRiskMatrix,
  saveSegment,
  listCampaigns,
  showCampaign,
  listCases,
  listDeals,
  optOuts,
  tiers,
} from '../src/lib/client';
import { draft, listQuery, startBook } from './core/book';
import type { RunningCore } from './core/server';
import { go, ui } from '../src/lib/app.svelte';
import DealsPanel from '../src/components/DealsPanel.svelte';
import CasesPanel from '../src/components/CasesPanel.svelte';
import OptOutPanel from '../src/components/OptOutPanel.svelte';
import ValuePanel from '../src/components/ValuePanel.svelte';
import BackupPanel from '../src/components/BackupPanel.svelte';
import ExportPanel from '../src/components/ExportPanel.svelte';
import PipelinePanel from '../src/components/PipelinePanel.svelte';
import CapturePanel from '../src/components/CapturePanel.svelte';
import MailPanel from '../src/components/MailPanel.svelte';
import DuplicatesPanel from '../src/components/DuplicatesPanel.svelte';
import UndoPanel from '../src/components/UndoPanel.svelte';
import SegmentsPanel from '../src/components/SegmentsPanel.svelte';
import BulkPanel from '../src/components/BulkPanel.svelte';
import CampaignsPanel from '../src/components/CampaignsPanel.svelte';
import ContactFromText from '../src/components/ContactFromText.svelte';
import ContactView from '../src/screens/ContactView.svelte';
import Settings from '../src/screens/Settings.svelte';
import Today from '../src/screens/Today.svelte';
import Groups from '../src/screens/Groups.svelte';
import Contacts from '../src/screens/Contacts.svelte';
import { globalAction } from '../src/lib/keys';
import App from '../src/App.svelte';
import { addDays, localDate } from '../src/lib/dates';

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
/** Waits until the button is enabled (the panel is done with its last call). */
const enabled = (id: string) => until(() => byId(id) && !(byId(id) as HTMLButtonElement).disabled, `${id} enabled`);
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

describe('capture in plain words', () => {
  it('reads a phrase, shows what it would log, logs it, and undoes it', async () => {
    const c = await addContact({ draft: draft('Kim Capture') });
    show(CapturePanel, {});
    type('capture-text', 'called Kim Capture about the renewal');
    click('capture-read');
    const preview = await until$('capture-preview');
    expect(preview.dataset.action).toBe('log');
    expect(preview.textContent).toContain('Kim Capture');
    expect(await interactionsOf({ contact_id: c.id, limit: null })).toEqual([]);

    click('capture-save');
    await until$('capture-last');
    const [logged] = await interactionsOf({ contact_id: c.id, limit: null });
    expect(logged).toMatchObject({ kind: 'call' });
    expect(logged.text).toContain('renewal');

    click('capture-undo');
    await until(() => !byId('capture-last'), 'the undo');
    expect(await interactionsOf({ contact_id: c.id, limit: null })).toEqual([]);
  });

  it('asks which contact a name fits and plans the follow-up for the one chosen', async () => {
    await addContact({ draft: draft('张三丰') });
    const wuji = await addContact({ draft: draft('张无忌') });
    show(CapturePanel, {});
    type('capture-text', '明天下午3点回访张总 续保');
    click('capture-read');
    await until(() => $$('[data-testid=capture-candidate]').length >= 2, 'the candidates');
    expect(byId('capture-save')).toBeNull();
    const labels = $$('[data-testid=capture-candidate]').map((r) => r.closest('label')!.textContent!);
    const i = labels.findIndex((l) => l.includes('张无忌'));
    expect(i).toBeGreaterThanOrEqual(0);
    const radio = $$('[data-testid=capture-candidate]')[i] as HTMLInputElement;
    radio.checked = true;
    radio.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    const preview = await until(() => byId('capture-save') && byId('capture-preview'), 'the chosen contact');
    expect(preview.dataset.action).toBe('follow_up');
    expect(preview.textContent).toContain('张无忌');
    click('capture-save');
    await until$('capture-last');
    const fus = await followUpsOf({ id: wuji.id });
    expect(fus).toHaveLength(1);
    expect(fus[0].due_time?.slice(0, 5)).toBe('15:00');
    expect(fus[0].text).toContain('续保');
  });

  it('shows the core’s words when a phrase names nobody', async () => {
    show(CapturePanel, {});
    type('capture-text', 'called nobody-at-all about x');
    click('capture-read');
    expect((await until$('capture-error')).textContent).toContain('no contact');
  });
});

describe('email and calendar in Settings', () => {
  it('sets own addresses, imports a mailbox and a calendar, offers and accepts or dismisses suggested contacts', async () => {
    const lee = await addContact({ draft: draft('Lee Mail', { emails: [{ address: 'lee.mail@example.com', label: null }] }) });
    show(MailPanel, {});
    await until$('suggestions-empty');
    type('mail-own', 'me@example.com');
    (byId('mail-own') as HTMLInputElement).dispatchEvent(new Event('change', { bubbles: true }));
    await eventually(async () => (await getSettings({})).own_addresses.includes('me@example.com'), 'the own address');

    const msg = (n: number, to: string, day: number) =>
      `From me@example.com Mon Nov ${day} 10:00:00 2026\nFrom: Me <me@example.com>\nTo: ${to}\nSubject: Note ${n}\nDate: ${day} Nov 2026 10:00:00 +0000\nMessage-ID: <parity-${n}@example.com>\n\nHello ${n}.\n\n`;
    const mbox = join(dir, 'sent.mbox');
    writeFileSync(
      mbox,
      msg(1, 'Lee Mail <lee.mail@example.com>', 20) +
        msg(2, 'New Person <new.person@example.org>', 21) +
        msg(3, 'New Person <new.person@example.org>', 22) +
        msg(4, 'Other Person <other.person@example.org>', 23) +
        msg(5, 'Other Person <other.person@example.org>', 24),
    );
    await until(() => !(byId('mail-own') as HTMLInputElement).disabled, 'the panel');
    type('mail-path', mbox);
    click('mail-import');
    const done = await until$('mail-done');
    expect(done.textContent).toContain('Logged 1 email from 5 messages');
    const emails = await interactionsOf({ contact_id: lee.id, limit: null });
    expect(emails.map((x) => [x.kind, x.direction])).toEqual([['email', 'outbound']]);
    expect((await mailSuggestions({})).map((x) => x.address).sort()).toEqual(['new.person@example.org', 'other.person@example.org']);
    await until(() => $$('[data-testid=suggestion-row]').length === 2, 'the suggestions');

    click('mail-import');
    await until(() => byId('mail-done')?.textContent?.includes('Logged 0 emails'), 'the second import');
    expect(byId('mail-done')!.textContent).toContain('1 already logged');

    const row = (a: string) => $(`[data-testid=suggestion-row][data-address="${a}"]`)!;
    (row('new.person@example.org').querySelector('[data-testid=suggestion-accept]') as HTMLButtonElement).click();
    await until(() => $$('[data-testid=suggestion-row]').length === 1, 'the accepted suggestion gone');
    const all = await listContacts(listQuery());
    const added = all.find((x) => x.display_name === 'New Person');
    expect(added).toBeTruthy();
    expect(await interactionsOf({ contact_id: added!.id, limit: null })).toHaveLength(2);

    (row('other.person@example.org').querySelector('[data-testid=suggestion-dismiss]') as HTMLButtonElement).click();
    await until$('suggestions-empty');
    expect(await mailSuggestions({})).toEqual([]);

    const ics = join(dir, 'meetings.ics');
    writeFileSync(
      ics,
      [
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//parity//EN',
        'BEGIN:VEVENT', 'UID:parity-1@example.com', 'DTSTART:20261120T090000Z', 'DTEND:20261120T100000Z',
        'SUMMARY:Policy review', 'ORGANIZER:mailto:me@example.com', 'ATTENDEE:mailto:lee.mail@example.com', 'END:VEVENT',
        'END:VCALENDAR', '',
      ].join('\r\n'),
    );
    type('calendar-path', ics);
    click('calendar-import');
    expect((await until$('calendar-done')).textContent).toContain('Logged 1 meeting from 1 events');
    expect((await interactionsOf({ contact_id: lee.id, limit: null })).map((x) => x.kind).sort()).toEqual(['email', 'meeting']);
  });

  it('shows the core’s words for a mail path that is not there', async () => {
    show(MailPanel, {});
    await until$('suggestions-empty');
    type('mail-path', join(dir, 'no-such.mbox'));
    click('mail-import');
    expect((await until$('mail-error')).textContent!.length).toBeGreaterThan(0);
  });
});

describe('duplicates and undo', () => {
  it('merges a group the core found into its oldest contact, and the journal undoes it', async () => {
    const old = await addContact({ draft: draft('Nia Twin', { emails: [{ address: 'nia.twin@example.com', label: null }] }) });
    const dup = await addContact({ draft: draft('Nia T.', { emails: [{ address: 'NIA.twin@example.com', label: null }], company: 'Twins Ltd' }) });
    show(DuplicatesPanel, {});
    const group = await until(() => $(`[data-testid=duplicate-group][data-keep="${old.id}"]`), 'the group');
    expect(group.textContent).toContain('Nia T.');
    expect(group.textContent).toContain('nia.twin@example.com');
    (group.querySelector('[data-testid=duplicate-merge]') as HTMLButtonElement).click();
    await until(() => !$(`[data-testid=duplicate-group][data-keep="${old.id}"]`), 'the group merged');
    await expect(getContact({ id: dup.id })).rejects.toMatchObject({ code: 'contact_not_found' });
    expect((await getContact({ id: old.id })).company).toBe('Twins Ltd');
    expect((await findDuplicates({})).groups.some((g) => g.keep === old.id)).toBe(false);
    unmount(mounted!);
    mounted = null;

    show(UndoPanel, {});
    const step = await until(() => $('[data-testid=undo-step][data-undone=no]'), 'the step');
    const [newest] = (await undoHistory({ limit: 1 })).steps;
    expect(newest.action).toBe('merge_duplicates');
    expect(step.dataset.step).toBe(String(newest.id));
    click('undo-run');
    await until(() => $(`[data-testid=undo-step][data-step="${newest.id}"]`)?.dataset.undone === 'yes', 'the undo');
    expect((await getContact({ id: dup.id })).display_name).toBe('Nia T.');
    expect((await undoHistory({ limit: 1 })).steps[0].undone_at).not.toBeNull();
  });
});

describe('segments and bulk actions', () => {
  const byTag = async (tag: string) =>
    (await listContacts(listQuery({ tag }))).map((c) => c.display_name);

  it('saves a segment the core evaluates, shows its members, acts on them in bulk (undoable), pins, renames, removes', async () => {
    await addContact({ draft: draft('Oz Seg', { tags: ['seg-test'] }) });
    await addContact({ draft: draft('Pat Seg', { tags: ['seg-test'] }) });
    await addContact({ draft: draft('Quin Other') });
    show(SegmentsPanel, {});
    await until$('segments-none');
    type('segment-name', 'Seg test');
    type('segment-tags', 'seg-test');
    click('segment-preview');
    expect((await until$('segment-preview-count')).textContent).toBe('2 contacts');
    await enabled('segment-save');
    click('segment-save');
    const row = await until(() => $('[data-testid=segment-row][data-name="Seg test"]'), 'the saved segment');
    expect(row.querySelector('[data-testid=segment-count]')!.textContent).toBe('2');
    expect((await listSegments({ pinned_only: false })).segments.map((x) => [x.segment.name, x.count])).toEqual([['Seg test', 2]]);

    (row.querySelector('[data-testid=segment-open]') as HTMLButtonElement).click();
    await until(() => $$('[data-testid=segment-member]').length === 2, 'the members');
    await enabled('bulk-preview');
    expect($$('[data-testid=segment-member]').map((b) => b.textContent)).toEqual(['Oz Seg', 'Pat Seg']);

    choose('bulk-kind', 'add_tags');
    type('bulk-tags', 'bulk-added');
    click('bulk-preview');
    expect((await until$('bulk-confirm')).textContent).toContain('2 contacts');
    await enabled('bulk-apply');
    click('bulk-apply');
    await eventually(async () => (await byTag('bulk-added')).length === 2, 'the bulk tag');
    expect(await byTag('bulk-added')).toEqual(['Oz Seg', 'Pat Seg']);
    const toastUndo = await until(() => ui.toasts.at(-1)?.undo, 'the undo in the toast');
    await toastUndo();
    expect(await byTag('bulk-added')).toEqual([]);

    await enabled('segment-pin');
    click('segment-pin');
    await eventually(async () => (await listSegments({ pinned_only: true })).segments.length === 1, 'the pin');
    await until(() => !(byId('segment-rename') as HTMLInputElement | null)?.disabled, 'the panel');
    type('segment-rename', 'Seg renamed');
    (byId('segment-rename') as HTMLInputElement).form!.requestSubmit();
    await eventually(async () => (await listSegments({ pinned_only: false })).segments.some((x) => x.segment.name === 'Seg renamed'), 'the rename');
    await until(() => $('[data-testid=segment-row][data-name="Seg renamed"]'), 'the renamed row');
    await enabled('segment-remove');
    click('segment-remove');
    await until$('segments-none');
    expect((await listSegments({ pinned_only: false })).segments).toEqual([]);
  });

  it('sets a keep-in-touch cadence on chosen contacts, and shows the core’s refusal of 0 days', async () => {
    const a = await addContact({ draft: draft('Ray Bulk') });
    const b = await addContact({ draft: draft('Sue Bulk') });
    show(BulkPanel, { target: { kind: 'ids', ids: [a.id, b.id] } });
    choose('bulk-kind', 'set_cadence');
    type('bulk-days', '21');
    click('bulk-preview');
    expect((await until$('bulk-confirm')).textContent).toContain('2 contacts');
    await enabled('bulk-apply');
    click('bulk-apply');
    await eventually(async () => (await getContact({ id: b.id })).cadence_days === 21, 'the cadence');
    expect((await getContact({ id: a.id })).cadence_days).toBe(21);

    type('bulk-days', '0');
    await enabled('bulk-preview');
    click('bulk-preview');
    await enabled('bulk-apply');
    click('bulk-apply');
    await until$('bulk-error');
    expect((await getContact({ id: a.id })).cadence_days).toBe(21);
  });

  it('shows the value × risk matrix as the core counts it and saves its cells as segments', async () => {
    show(SegmentsPanel, {});
    await until$('segments-none');
    click('matrix-show');
    await until$('matrix');
    const core = await valueRiskMatrix({});
    await enabled('matrix-save');
    const cells = core.rows.flatMap((r) => r.cells);
    expect($$('[data-testid=matrix-cell]').map((c) => [c.dataset.name, Number(c.textContent)])).toEqual(cells.map((c) => [c.name, c.count]));
    click('matrix-save');
    await until(() => $$('[data-testid=segment-row]').length === cells.length, 'the saved cells');
    expect((await listSegments({ pinned_only: false })).segments.map((x) => x.segment.name).sort()).toEqual(cells.map((c) => c.name).sort());
  });
});

describe('campaigns', () => {
  it('creates a campaign on a segment with a control group, logs outreach, shows the response, and undoes a creation', async () => {
    for (let i = 0; i < 10; i++) await addContact({ draft: draft(`Camp Member ${i}`, { tags: ['camp-test'] }) });
    await saveSegment({ name: 'Camp segment', condition: { kind: 'tags', mode: 'any', tags: ['camp-test'] }, pinned: false });
    show(CampaignsPanel, {});
    await until$('campaigns-none');
    await until(() => $$('[data-testid=campaign-segment] option').length > 0, 'the segments');
    const today = localDate(new Date());
    type('campaign-name', 'Spring call');
    choose('campaign-segment', 'Camp segment');
    choose('campaign-channel', 'call');
    type('campaign-starts', today);
    type('campaign-ends', addDays(today, 30));
    type('campaign-share', '0.2');
    click('campaign-create');
    const detail = await until$('campaign-detail');
    const [created] = (await listCampaigns({})).campaigns;
    expect(created).toMatchObject({ name: 'Spring call', segment: 'Camp segment', channel: 'call' });
    expect(created.treatment + created.control).toBe(10);
    expect(created.control).toBeGreaterThan(0);
    expect(detail.querySelectorAll('[data-testid=campaign-member]').length).toBe(10);
    expect(detail.querySelectorAll('[data-testid=campaign-member][data-arm=control]').length).toBe(created.control);

    await enabled('campaign-outreach');
    click('campaign-outreach');
    await until(() => $$('[data-testid=campaign-member][data-contacted=yes]').length === 1, 'the outreach');
    expect((await showCampaign({ name: 'Spring call' })).contacted).toBe(1);

    await enabled('campaign-report');
    click('campaign-report');
    await until$('campaign-result');
    expect(byId('result-treatment-members')!.textContent).toBe(String(created.treatment));

    // With outreach logged the core keeps the campaign.
    click('campaign-undo');
    await until$('campaigns-error');
    expect((await listCampaigns({})).campaigns.map((c) => c.name)).toEqual(['Spring call']);

    type('campaign-name', 'Second try');
    type('campaign-starts', today);
    type('campaign-ends', addDays(today, 7));
    type('campaign-share', '');
    await enabled('campaign-create');
    click('campaign-create');
    await until(() => byId('campaign-detail')?.textContent?.includes('Second try'), 'the second campaign');
    await enabled('campaign-undo');
    click('campaign-undo');
    await until(() => !byId('campaign-detail'), 'the undo');
    expect((await listCampaigns({})).campaigns.map((c) => c.name)).toEqual(['Spring call']);
  });
});

describe('a contact from a signature', () => {
  it('reads a pasted signature into a draft the user checks, then adds the contact', async () => {
    let added = 0;
    show(ContactFromText, { onadded: (id: number) => (added = id) });
    type('from-text-input', 'Ada Lovelace\nHead of Engines | Analytical Ltd\nada.sig@analytical.example\n+44 20 7946 0000');
    click('from-text-read');
    await until$('from-text-draft');
    expect(byId('from-text-display_name')!.textContent).toBe('Ada Lovelace');
    expect(byId('from-text-email')!.textContent).toBe('ada.sig@analytical.example');
    expect(added).toBe(0);
    click('from-text-add');
    await until(() => added > 0, 'the contact');
    const c = await getContact({ id: added });
    expect(c.display_name).toBe('Ada Lovelace');
    expect(c.emails.map((e) => e.address)).toEqual(['ada.sig@analytical.example']);
    expect(c.phones.length).toBe(1);
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

  it('Settings has the tiers, stages, export, mail and backup panels; Today has capture', async () => {
    show(Settings, {});
    for (const id of ['value-panel', 'pipeline-panel', 'export-panel', 'mail-panel', 'backup-panel']) await until$(id);
    unmount(mounted!);
    mounted = null;
    show(Today, {});
    await until$('capture-panel');
  });

  it('the Segments screen (g m) has segments, campaigns, duplicates and the undo journal; Contacts adds from a signature', async () => {
    expect(globalAction({ key: 'm' }, false, true)).toEqual({ type: 'go', screen: { name: 'groups' } });
    show(Groups, {});
    for (const id of ['segments-panel', 'campaigns-panel', 'duplicates-panel', 'undo-panel']) await until$(id);
    unmount(mounted!);
    mounted = null;
    show(Contacts, {});
    expect(byId('from-text-panel')).toBeNull();
    click('contact-from-text');
    await until$('from-text-panel');
  });

  it('a pinned segment is in the sidebar and opens with its members', async () => {
    await addContact({ draft: draft('Uma Pinned', { tags: ['pin-test'] }) });
    await saveSegment({ name: 'Pinned test', condition: { kind: 'tags', mode: 'any', tags: ['pin-test'] }, pinned: true });
    go({ name: 'today' });
    show(App, {});
    const link = await until(() => $$('[data-testid=nav-segment]').find((b) => b.textContent === 'Pinned test'), 'the pinned segment');
    link.click();
    flushSync();
    await until(() => $$('[data-testid=segment-member]').some((b) => b.textContent === 'Uma Pinned'), 'its members');
    expect(ui.screen).toEqual({ name: 'groups', segment: 'Pinned test' });
    ui.lang = 'en';
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
