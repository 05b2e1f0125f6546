// @vitest-environment jsdom
/// <reference types="node" />
// The Groups screen on the real core: `rapport serve` on a temporary data folder,
// contacts made through the client, the components mounted in a DOM, and what they
// show checked against what the core answers.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addContact, campaignResult, editSegment, interactionsOf, changeSetting, findDuplicates, getContact, httpTransport, listCampaigns, logInteraction,
  previewSegment, saveSegment, showCampaign, showSegment, todayList, undoHistory, useTransport,
} from '../src/lib/client';
import { go, ui } from '../src/lib/app.svelte';
import { addDays } from '../src/lib/dates';
import { builderOf, conditionOf, newRow, percent } from '../src/lib/groups';
import type { Condition } from '../src/lib/bindings/Condition';
import type { ContactDraft } from '../src/lib/bindings/ContactDraft';
import type { SegmentCount } from '../src/lib/bindings/SegmentCount';
import { newDraft } from '../src/lib/contact';
import Groups from '../src/screens/Groups.svelte';
import App from '../src/App.svelte';
import SegmentEditor from '../src/components/groups/SegmentEditor.svelte';
import SegmentList from '../src/components/groups/SegmentList.svelte';
import SegmentMembersList from '../src/components/groups/SegmentMembersList.svelte';
import ValueRiskMatrix from '../src/components/groups/ValueRiskMatrix.svelte';
import BulkActions from '../src/components/groups/BulkActions.svelte';
import UndoHistory from '../src/components/groups/UndoHistory.svelte';
import Duplicates from '../src/components/groups/Duplicates.svelte';
import Campaigns from '../src/components/groups/Campaigns.svelte';
import CampaignDetail from '../src/components/groups/CampaignDetail.svelte';
import PinnedSegments from '../src/components/groups/PinnedSegments.svelte';

const uiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.RAPPORT_BIN ?? resolve(uiDir, '../target/debug/rapport');

let core: ChildProcess | null = null;
let dataRoot = '';

/** Starts `rapport serve` on a new data folder and resolves with the address it prints. */
function startCore(): Promise<{ url: string; token: string }> {
  if (!existsSync(bin)) throw new Error(`no rapport binary at ${bin}: build it or set RAPPORT_BIN`);
  dataRoot = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'rapport-groups-test-'));
  const child = spawn(bin, ['serve', '--data-dir', join(dataRoot, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
  core = child;
  return new Promise((resolveAddress, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`rapport serve printed no address in time: ${err}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolveAddress(JSON.parse(line) as { url: string; token: string });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`rapport serve exited (${code}): ${err}`));
    });
  });
}

let today = '';

beforeAll(async () => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView ??= function () {};
  const { url, token } = await startCore();
  useTransport(httpTransport(url, token));
  // Instants written in the tests fall on the intended day wherever they run.
  await changeSetting({ change: { key: 'time_zone', value: 'UTC' } });
  today = (await todayList({ date: null, rows_per_section: null, past_workload: false })).date;
  ui.lang = 'en';
}, 30_000);

afterAll(() => {
  if (core?.pid) process.kill(core.pid, 'SIGTERM');
  core = null;
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
});

const mounted: Array<ReturnType<typeof mount>> = [];
afterEach(() => {
  while (mounted.length) unmount(mounted.pop()!);
  document.body.innerHTML = '';
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function show<P extends Record<string, any>>(component: Component<P>, props: P) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  const app = mount(component, { target, props });
  mounted.push(app);
  flushSync();
  return target;
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
async function until<T>(f: () => T | null | undefined | false | Promise<T | null | undefined | false>, what = 'the condition', ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the page reads: ${document.body.textContent}`);
    await tick(15);
  }
}
const $ = <E extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector<E>(sel);
const $$ = (sel: string, root: ParentNode = document) => [...root.querySelectorAll<HTMLElement>(sel)];
const text = (sel: string, root: ParentNode = document) => $(sel, root)?.textContent?.trim() ?? '';

function type(el: HTMLInputElement | null, value: string) {
  if (!el) throw new Error('no input');
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}
function choose(el: HTMLSelectElement | null, value: string) {
  if (!el) throw new Error('no select');
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}
function click(el: HTMLElement | null) {
  if (!el) throw new Error('nothing to click');
  el.click();
  flushSync();
}

const draft = (name: string, extra: Partial<ContactDraft> = {}): ContactDraft => ({ ...newDraft(name), ...extra });
const tagged = (tag: string): Condition => ({ kind: 'tags', mode: 'any', tags: [tag] });
const countOf = async (c: Condition) => (await previewSegment({ condition: c, limit: 0 })).total;

async function vipSegment(): Promise<void> {
  try {
    await showSegment({ name: 'VIP' });
  } catch {
    await saveSegment({ name: 'VIP', condition: tagged('VIP'), pinned: false });
  }
}

describe('the condition builder', () => {
  it('turns rows into the core condition and back', () => {
    const a = newRow('tags', '2026-12-01');
    const b = newRow('stage', '2026-12-01');
    b.negate = true;
    const c = conditionOf({ join: 'any', rows: [a, b] });
    expect(c).toEqual({ kind: 'any', of: [{ kind: 'tags', mode: 'any', tags: [] }, { kind: 'not', of: { kind: 'stage', stages: [] } }] });
    const back = builderOf(c)!;
    expect(back.join).toBe('any');
    expect(back.rows.map((r) => [r.negate, r.leaf])).toEqual([[false, a.leaf], [true, b.leaf]]);
    // One row stands alone; a tree deeper than the builder is left to show as it is.
    expect(conditionOf({ join: 'all', rows: [a] })).toEqual(a.leaf);
    expect(builderOf({ kind: 'all', of: [{ kind: 'any', of: [] }] })).toBeNull();
  });
});

describe('Groups on the core', { timeout: 30_000 }, () => {
  it('a segment "VIP" counts the 3 tagged contacts, live while typing, and is listed with its count', async () => {
    for (const name of ['Ada VIP', 'Bo VIP', 'Cy VIP']) await addContact({ draft: draft(name, { tags: ['VIP'], emails: [{ address: `${name.split(' ')[0].toLowerCase()}@vip.test`, label: null }] }) });
    for (const name of ['Dee', 'Eli']) await addContact({ draft: draft(name, { tags: ['Other'] }) });

    let saved: SegmentCount | null = null;
    const root = show(SegmentEditor, { onsaved: (s: SegmentCount) => (saved = s), oncancel: () => {} });
    type($<HTMLInputElement>('[data-testid=segment-name]', root), 'VIP');
    type($<HTMLInputElement>('[data-testid=cond-tags]', root), 'vip');
    await until(() => text('[data-testid=segment-live-count]') === '3 contacts now', 'the live count');
    expect(text('[data-testid=segment-sample]')).toBe('Ada VIP, Bo VIP, Cy VIP');

    // Another row, joined by all: the count follows.
    choose($<HTMLSelectElement>('[data-testid=cond-add-kind]', root), 'company');
    click($('[data-testid=cond-add]', root));
    const row = $$('[data-testid=condition-row]', root)[1];
    type($<HTMLInputElement>('[data-testid=cond-text]', row), 'nobody-works-here');
    await until(() => text('[data-testid=segment-live-count]') === '0 contacts now', 'the count of both rows');
    click($('[data-testid=cond-remove]', row));
    await until(() => text('[data-testid=segment-live-count]') === '3 contacts now', 'the count after removing the row');

    click($('[data-testid=segment-save]', root));
    const s = await until(() => saved, 'the save');
    expect(s.count).toBe(3);
    expect(s.segment.condition).toEqual({ kind: 'tags', mode: 'any', tags: ['vip'] });
    expect((await showSegment({ name: 'vip' })).count).toBe(3);

    const list = show(SegmentList, { onselect: () => {}, onedit: () => {}, onchanged: () => {} });
    const item = await until(() => $('[data-testid=segment-item][data-name=VIP]', list), 'the listed segment');
    expect(text('[data-testid=segment-count]', item)).toBe('3');

    // Pinned from the list, it shows in the sidebar's pinned segments with its count.
    click($('[data-testid=segment-pin]', item));
    await until(async () => (await showSegment({ name: 'VIP' })).segment.pinned, 'the pin');
    let opened = '';
    const sidebar = show(PinnedSegments, { onopen: (name: string) => (opened = name) });
    const pin = await until(() => $('[data-testid=pinned-segment][data-name=VIP]', sidebar), 'the pinned segment');
    expect(pin.textContent).toContain('3');
    click(pin);
    expect(opened).toBe('VIP');

    const members = show(SegmentMembersList, { name: 'VIP', pageSize: 2 });
    await until(() => $$('[data-testid=member-row]', members).length === 2, 'the first page');
    expect(text('[data-testid=members-total]', members)).toBe('3 members');
    click($('[data-testid=members-next]', members));
    await until(() => $$('[data-testid=member-row]', members).length === 1, 'the second page');
    expect(text('[data-testid=member-row]', members)).toContain('Cy VIP');
  });

  it('shows the core refusing a condition with no tag, and saves nothing', async () => {
    let saved = false;
    const root = show(SegmentEditor, { onsaved: () => (saved = true), oncancel: () => {} });
    type($<HTMLInputElement>('[data-testid=segment-name]', root), 'Empty tags');
    await until(() => $('[data-testid=segment-preview-error]', root), 'the refusal');
    expect(text('[data-testid=segment-preview-error]', root)).toContain('names no tag');
    click($('[data-testid=segment-save]', root));
    await until(() => $('[data-testid=segment-save-error]', root), 'the save refusal');
    expect(saved).toBe(false);
    await expect(showSegment({ name: 'Empty tags' })).rejects.toThrow();
  });

  it('a bulk tag on the segment, confirmed after the core counts it, then Undo restores every contact', async () => {
    await vipSegment();
    const members = (await previewSegment({ condition: tagged('VIP'), limit: null })).contacts;
    const before = await Promise.all(members.map((m) => getContact({ id: m.id })));

    let changes = 0;
    const root = show(BulkActions, { target: { kind: 'segment', name: 'VIP' }, onchanged: () => changes++ });
    type($<HTMLInputElement>('[data-testid=bulk-tags]', root), 'Gold, New-year card');
    click($('[data-testid=bulk-review]', root));
    await until(() => $('[data-testid=bulk-confirm]', root), 'the confirmation');
    expect(text('[data-testid=bulk-preview-count]', root)).toBe('Add the tags to 3 contacts?');
    expect(await countOf(tagged('Gold'))).toBe(0);

    click($('[data-testid=bulk-apply]', root));
    await until(() => $('[data-testid=bulk-done]', root), 'the outcome');
    expect(text('[data-testid=bulk-done] span', root)).toBe('Done on 3 contacts (changed: 6)');
    expect(await countOf(tagged('Gold'))).toBe(3);
    expect(await countOf({ kind: 'tags', mode: 'all', tags: ['gold', 'new-year card', 'vip'] })).toBe(3);

    const history = show(UndoHistory, { onchanged: () => {} });
    const step = await until(() => $('[data-testid=undo-step]', history), 'the journal');
    expect(step.textContent).toContain('Gold');
    expect(step.dataset.undone).toBe('false');

    click($('[data-testid=bulk-undo]', root));
    await until(() => $('[data-testid=bulk-undone]', root), 'the undo');
    expect(await countOf(tagged('Gold'))).toBe(0);
    const after = await Promise.all(members.map((m) => getContact({ id: m.id })));
    expect(after).toEqual(before);
    expect(changes).toBe(2);
    expect((await undoHistory({ limit: 1 })).steps[0].undone_at).not.toBeNull();
  });

  it('a bulk delete of picked contacts and a bulk log, each undone', async () => {
    const ids = [];
    for (const name of ['Gus Gone', 'Hal Gone']) ids.push((await addContact({ draft: draft(name, { tags: ['gone'] }) })).id);
    const root = show(BulkActions, { target: { kind: 'ids', ids }, onchanged: () => {} });
    expect(text('[data-testid=bulk-target]', root)).toBe('on 2 picked contacts');

    choose($<HTMLSelectElement>('[data-testid=bulk-kind]', root), 'log');
    choose($<HTMLSelectElement>('[data-testid=bulk-interaction]', root), 'note');
    type($<HTMLInputElement>('[data-testid=bulk-text]', root), 'sent the new-year card');
    click($('[data-testid=bulk-review]', root));
    await until(() => text('[data-testid=bulk-preview-count]', root) === 'Log the interaction on 2 contacts?', 'the confirmation');
    click($('[data-testid=bulk-apply]', root));
    await until(() => $('[data-testid=bulk-done]', root), 'the log');
    const notes = await interactionsOf({ contact_id: ids[0], limit: null });
    expect(notes.map((i) => [i.kind, i.text])).toEqual([['note', 'sent the new-year card']]);
    click($('[data-testid=bulk-undo]', root));
    await until(() => $('[data-testid=bulk-undone]', root), 'the undo of the log');
    expect(await interactionsOf({ contact_id: ids[0], limit: null })).toEqual([]);

    choose($<HTMLSelectElement>('[data-testid=bulk-kind]', root), 'delete');
    click($('[data-testid=bulk-review]', root));
    await until(() => text('[data-testid=bulk-preview-count]', root) === 'Delete 2 contacts? Undo brings them back.', 'the confirmation');
    expect($('[data-testid=bulk-apply]', root)!.classList.contains('danger')).toBe(true);
    click($('[data-testid=bulk-apply]', root));
    await until(() => $('[data-testid=bulk-done]', root), 'the delete');
    expect(await countOf(tagged('gone'))).toBe(0);
    click($('[data-testid=bulk-undo]', root));
    await until(() => $('[data-testid=bulk-undone]', root), 'the undo of the delete');
    expect(await countOf(tagged('gone'))).toBe(2);
  });

  it('the screen: picking one member makes the bulk action about that one, and the history undoes it', async () => {
    await vipSegment();
    show(Groups, {});
    click(await until(() => $('[data-testid=segment-item][data-name=VIP] [data-testid=segment-open]'), 'the segment list'));
    await until(() => $$('[data-testid=member-row]').length === 3, 'the members');
    expect(text('[data-testid=bulk-target]')).toBe('on every member of VIP');
    const first = $('[data-testid=member-row]')!;
    const id = Number(first.dataset.contactId);
    click($('[data-testid=member-check]', first));
    expect(text('[data-testid=bulk-target]')).toBe('on 1 picked contact');

    choose($<HTMLSelectElement>('[data-testid=bulk-kind]'), 'set_stage');
    choose($<HTMLSelectElement>('[data-testid=bulk-stage]'), 'customer');
    click($('[data-testid=bulk-review]'));
    await until(() => text('[data-testid=bulk-preview-count]') === 'Set the stage of 1 contact?', 'the confirmation');
    click($('[data-testid=bulk-apply]'));
    await until(() => $('[data-testid=bulk-done]'), 'the outcome');
    expect((await getContact({ id })).stage).toBe('customer');
    expect(await countOf({ kind: 'stage', stages: ['customer'] })).toBe(1);

    click($('[data-testid=groups-tab-history]'));
    const undo = await until(() => $('[data-testid=undo-latest]:not([disabled])'), 'the undo button');
    expect(undo.textContent).toContain('stage');
    click(undo);
    await until(() => $('[data-testid=undo-step][data-undone=true]')?.textContent?.includes('stage'), 'the undone step');
    expect((await getContact({ id })).stage).toBeNull();

    // A cell of the matrix not saved yet opens as a new segment with the cell's condition.
    click($('[data-testid=groups-tab-segments]'));
    click(await until(() => $('[data-testid=matrix-cell][data-name="vip · drifting"]'), 'the matrix'));
    const editor = await until(() => $('[data-testid=segment-editor]'), 'the editor');
    expect($<HTMLInputElement>('[data-testid=segment-name]', editor)!.value).toBe('vip · drifting');
    expect($$('[data-testid=condition-row]', editor).map((r) => r.dataset.kind)).toEqual(['tier', 'risk']);
    expect($<HTMLInputElement>('[data-testid=cond-tier-vip]', editor)!.checked).toBe(true);
    expect($<HTMLInputElement>('[data-testid=cond-risk-drifting]', editor)!.checked).toBe(true);
    await until(() => text('[data-testid=segment-live-count]') === '0 contacts now', 'the cell count');

    // Removing the open segment closes its page.
    click($('[data-testid=segment-cancel]'));
    click($('[data-testid=segment-item][data-name=VIP] [data-testid=segment-open]'));
    await until(() => $('[data-testid=bulk-actions]'), 'the segment page');
    click($('[data-testid=segment-new]'));
    type($<HTMLInputElement>('[data-testid=segment-name]'), 'Scratch');
    type($<HTMLInputElement>('[data-testid=cond-tags]'), 'VIP');
    click($('[data-testid=segment-save]'));
    // The saved segment opens.
    await until(() => text('[data-testid=bulk-target]') === 'on every member of Scratch', 'the new segment page');
    await until(() => $('[data-testid=segment-item][data-name=Scratch]'), 'the new segment listed');
    click($('[data-testid=segment-item][data-name=Scratch] [data-testid=segment-remove]'));
    click($('[data-testid=segment-item][data-name=Scratch] [data-testid=segment-remove-confirm]'));
    await until(() => !$('[data-testid=segment-item][data-name=Scratch]') && !$('[data-testid=bulk-actions]'), 'the page to close');
    await expect(showSegment({ name: 'Scratch' })).rejects.toThrow(/segment/i);
  });

  it('the value × risk matrix shows the core counts and saves its cells as segments', async () => {
    let saved: string[] = [];
    const root = show(ValueRiskMatrix, { onopen: () => {}, onsaved: (names: string[]) => (saved = names) });
    await until(() => $$('[data-testid=matrix-cell]', root).length > 0, 'the matrix');
    const cells = $$('[data-testid=matrix-cell]', root);
    expect(cells.length === 12 || cells.length === 9).toBe(true);
    expect(cells.map((c) => c.dataset.name)).toContain('vip · drifting');
    click($('[data-testid=matrix-save]', root));
    await until(() => saved.length > 0, 'the save');
    expect(saved.length).toBe(cells.length);
    expect((await showSegment({ name: 'vip · drifting' })).segment.name).toBe('vip · drifting');
  });

  it('finds two contacts with the same email as duplicates, merges them, and Undo splits them again', async () => {
    const a = await addContact({ draft: draft('Fay Wong', { tags: ['dup'], emails: [{ address: 'fay@dup.test', label: null }] }) });
    const b = await addContact({ draft: draft('F. Wong', { tags: ['dup'], company: 'Wong Ltd', emails: [{ address: 'FAY@dup.test', label: 'work' }] }) });

    const root = show(Duplicates, { onchanged: () => {} });
    const group = await until(() => $(`[data-testid=dup-group][data-keep="${a.id}"]`, root), 'the group');
    expect($$('[data-testid=dup-member]', group).map((m) => Number(m.dataset.contactId))).toEqual([a.id, b.id]);
    const reason = $('[data-testid=dup-reason]', group)!;
    expect(reason.dataset.kind).toBe('email');
    expect(reason.textContent).toContain('fay@dup.test');

    click($('[data-testid=dup-merge]', group));
    await until(() => $('[data-testid=dup-done]', root), 'the merge');
    expect(text('[data-testid=dup-done] span', root)).toBe('Merged 1 contact in 1 group');
    expect(await countOf(tagged('dup'))).toBe(1);
    const kept = await getContact({ id: a.id });
    expect(kept.company).toBe('Wong Ltd');
    expect((await findDuplicates({})).groups.some((g) => g.keep === a.id)).toBe(false);
    await until(() => !$(`[data-testid=dup-group][data-keep="${a.id}"]`, root), 'the group to go');

    click($('[data-testid=dup-undo]', root));
    await until(() => $('[data-testid=dup-undone]', root), 'the undo');
    expect(await countOf(tagged('dup'))).toBe(2);
    expect((await getContact({ id: a.id })).company).toBeNull();
    await until(() => $(`[data-testid=dup-group][data-keep="${a.id}"]`, root), 'the group again');

    click($('[data-testid=dup-merge-all]', root));
    click($('[data-testid=dup-merge-all-confirm]', root));
    await until(() => $('[data-testid=dup-empty]', root), 'no duplicates left');
    expect((await findDuplicates({})).groups).toEqual([]);
  });

  it('a campaign over a segment of 20 holds out a control group and reports its result against it', async () => {
    for (let i = 1; i <= 20; i++) await addContact({ draft: draft(`Promo ${String(i).padStart(2, '0')}`, { tags: ['promo'] }) });
    await saveSegment({ name: 'Promo', condition: tagged('promo'), pinned: false });

    const root = show(Campaigns, { segment: 'Promo', creating: true, onchanged: () => {} });
    await until(() => $<HTMLSelectElement>('[data-testid=campaign-segment]', root)?.value === 'Promo', 'the segment menu');
    type($<HTMLInputElement>('[data-testid=campaign-name]', root), 'Spring');
    choose($<HTMLSelectElement>('[data-testid=campaign-channel]', root), 'call');
    type($<HTMLInputElement>('[data-testid=campaign-starts]', root), addDays(today, -2));
    type($<HTMLInputElement>('[data-testid=campaign-ends]', root), addDays(today, 5));
    type($<HTMLInputElement>('[data-testid=campaign-control]', root), '20');
    type($<HTMLInputElement>('[data-testid=campaign-seed]', root), '42');
    type($<HTMLInputElement>('[data-testid=campaign-cost]', root), '300');
    click($('[data-testid=campaign-create]', root));

    const detail = await until(() => $('[data-testid=campaign-detail][data-name=Spring]', root), 'the campaign page');
    await until(() => $$('[data-testid=campaign-member]', detail).length === 20, 'its members');
    const shown = await showCampaign({ name: 'Spring' });
    expect(shown.campaign.control).toBe(4);
    expect(shown.campaign.treatment).toBe(16);
    expect(shown.campaign.seed).toBe(42);
    expect(shown.campaign.cost_minor).toBe(30_000);
    expect($$('[data-testid=campaign-member][data-arm=control]', detail).length).toBe(4);
    expect(text('[data-testid=campaign-facts]', detail)).toContain('16 to reach · 4 held out (20.0%)');
    // Control members get no outreach button.
    expect($$('[data-testid=campaign-member][data-arm=control] [data-testid=campaign-outreach]', detail)).toEqual([]);

    const treatment = shown.members.filter((m) => m.arm === 'treatment').map((m) => m.contact_id);
    const control = shown.members.filter((m) => m.arm === 'control').map((m) => m.contact_id);
    click($(`[data-testid=campaign-member][data-contact-id="${treatment[0]}"] [data-testid=campaign-outreach]`, detail));
    await until(() => $(`[data-testid=campaign-member][data-contact-id="${treatment[0]}"] [data-testid=member-contacted]`, detail), 'the outreach');
    expect((await showCampaign({ name: 'Spring' })).contacted).toBe(1);

    // Three treatment members and one control member get in touch after the start.
    const earlier = new Date(Date.now() - 60_000).toISOString();
    for (const id of [treatment[1], treatment[2], treatment[3], control[0]]) {
      await logInteraction({ draft: { contact_id: id, kind: 'call', occurred_at: earlier, direction: 'inbound', text: 'called back', outcome: null } });
    }
    const report = await campaignResult({ name: 'Spring' });
    expect([report.treatment.members, report.treatment.responders, report.control.members, report.control.responders]).toEqual([16, 3, 4, 1]);
    expect(report.lift!.difference).toBeCloseTo(3 / 16 - 1 / 4, 10);
    expect(report.lift!.low).toBeLessThan(report.lift!.difference);
    expect(report.lift!.high).toBeGreaterThan(report.lift!.difference);

    // A fresh page shows the core's numbers.
    const page = show(CampaignDetail, { name: 'Spring', onchanged: () => {}, onremoved: () => {} });
    await until(() => $('[data-testid=campaign-result]', page), 'the result');
    expect(text('[data-testid=result-treatment-members]', page)).toBe('16');
    expect(text('[data-testid=result-treatment-responders]', page)).toBe('3');
    expect(text('[data-testid=result-treatment-rate]', page)).toBe(percent(3 / 16, 'en'));
    expect(text('[data-testid=result-control-rate]', page)).toBe(percent(1 / 4, 'en'));
    const lift = text('[data-testid=campaign-lift]', page);
    expect(lift).toContain(`Lift ${percent(report.lift!.difference, 'en', true)}`);
    expect(text('[data-testid=campaign-interval]', page)).toBe(
      `95% interval ${percent(report.lift!.low, 'en', true)} to ${percent(report.lift!.high, 'en', true)}`,
    );
    expect(lift).toContain(report.lift!.method);
    expect($$('[data-testid=responder]', page).length).toBe(4);

    // Once outreach is logged the creation cannot be undone: the core says so.
    click($('[data-testid=campaign-undo]', page));
    click($('[data-testid=campaign-undo-confirm]', page));
    await until(() => $('[data-testid=campaign-detail-error]', page), 'the refusal');
    expect((await listCampaigns({})).campaigns.map((c) => c.name)).toContain('Spring');
  });

  it('a campaign with no outreach yet is undone from its page', async () => {
    const root = show(Campaigns, { segment: 'Promo', creating: true, onchanged: () => {} });
    await until(() => $<HTMLSelectElement>('[data-testid=campaign-segment]', root)?.value === 'Promo', 'the segment menu');
    type($<HTMLInputElement>('[data-testid=campaign-name]', root), 'Autumn');
    click($('[data-testid=campaign-create]', root));
    const detail = await until(() => $('[data-testid=campaign-detail][data-name=Autumn]', root), 'the campaign page');
    await until(() => $$('[data-testid=campaign-member]', detail).length === 20, 'its members');
    // The default share: 10% of 20.
    expect($$('[data-testid=campaign-member][data-arm=control]', detail).length).toBe(2);
    click($('[data-testid=campaign-undo]', detail));
    click($('[data-testid=campaign-undo-confirm]', detail));
    await until(() => !$('[data-testid=campaign-detail]', root), 'the page to close');
    await until(() => !$('[data-testid=campaign-item][data-name=Autumn]', root), 'the list without it');
    expect((await listCampaigns({})).campaigns.map((c) => c.name)).not.toContain('Autumn');
  });

  it('in the app: g g opens Groups, and a pinned segment in the sidebar opens with its members', async () => {
    await vipSegment();
    await editSegment({ name: 'VIP', rename: null, condition: null, pinned: true });
    go({ name: 'today' });
    show(App, {});
    await until(() => $('[data-testid=nav-groups]'), 'the app');
    const key = (k: string) => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
      flushSync();
    };
    key('g');
    key('g');
    await until(() => $('[data-testid=screen-groups]'), 'the Groups screen');
    expect($('[data-testid=nav-groups]')!.getAttribute('aria-current')).toBe('page');
    click(await until(() => $('[data-testid=pinned-segment][data-name=VIP]'), 'the pinned segment'));
    await until(() => text('[data-testid=bulk-target]') === 'on every member of VIP', 'the segment page');
    await until(() => $$('[data-testid=member-row]').length === 3, 'its members');
    expect($('[data-testid=pinned-segment][data-name=VIP]')!.classList.contains('active')).toBe(true);
    // Unpinned on the screen, it leaves the sidebar.
    click(await until(() => $('[data-testid=segment-item][data-name=VIP] [data-testid=segment-pin]'), 'the segment list'));
    await until(() => !$('[data-testid=pinned-segment][data-name=VIP]'), 'the sidebar without it');
  });
});
