// @vitest-environment jsdom
/// <reference types="node" />
// The capture box, the mail import panel and the suggestions panel on the real
// core: a `rapport serve` of its own on a temporary data folder (RAPPORT_BIN, else
// ../target/debug/rapport), stopped by its PID at the end.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closingFetch } from './core/http';
import { addContact, changeSetting, followUpsOf, getContact, getSettings, httpTransport, interactionsOf, listContacts, mailSuggestions, useTransport } from '../src/lib/client';
import type { Contact } from '../src/lib/bindings/Contact';
import { newDraft } from '../src/lib/contact';
import { ui } from '../src/lib/app.svelte';
import CaptureBox from '../src/components/CaptureBox.svelte';
import MailImportPanel from '../src/components/MailImportPanel.svelte';
import SuggestionsPanel from '../src/components/SuggestionsPanel.svelte';
import App from '../src/App.svelte';
import { go } from '../src/lib/app.svelte';

const uiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.RAPPORT_BIN ?? resolve(uiDir, '../target/debug/rapport');

let server: ChildProcess | null = null;
let dataDir = '';

/** Starts `rapport serve` and resolves with the address and token it prints. */
function serve(dir: string): Promise<{ url: string; token: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(bin, ['serve', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`rapport serve did not start in 20 s: ${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line && out.includes('\n')) {
        clearTimeout(timer);
        ok(JSON.parse(line) as { url: string; token: string });
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`rapport serve exited with ${code}: ${err}`));
    });
  });
}

/** The commands the client sent, in order. */
const calls: string[] = [];
let ada: Contact;
let lin: Contact;
let ming: Contact;

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`no rapport binary at ${bin}: build it (cargo build -p rapport-cli) or set RAPPORT_BIN`);
  dataDir = mkdtempSync(join(tmpdir(), 'rapport-capture-ui-'));
  const { url, token } = await serve(join(dataDir, 'data'));
  const http = httpTransport(url, token, closingFetch);
  useTransport({
    call(command, request) {
      calls.push(command);
      return http.call(command, request);
    },
  });
  await changeSetting({ change: { key: 'time_zone', value: 'Europe/London' } });
  ada = await addContact({ draft: { ...newDraft('Ada Lovelace'), emails: [{ address: 'ada@example.com', label: null }] } });
  lin = await addContact({ draft: { ...newDraft('Lin Wei'), company: 'Acme', emails: [{ address: 'lin.wei@example.com', label: null }] } });
  ming = await addContact({ draft: { ...newDraft('Lin Ming'), company: 'Globex' } });
  ui.lang = 'en';
}, 30_000);

afterAll(() => {
  if (server?.pid) process.kill(server.pid, 'SIGTERM');
  server = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
async function until<T>(f: () => T | null | undefined | false | Promise<T | null | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await tick(15);
  }
}
const $ = <E extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<E>(sel);
const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];

function show(component: Parameters<typeof mount>[0], props: Record<string, unknown> = {}) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(component, { target, props });
  flushSync();
}

function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

/** A paste of `text` (what the clipboard holds) into `el`. */
function paste(el: HTMLElement, text: string) {
  const e = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(e, 'clipboardData', { value: { getData: (kind: string) => (kind === 'text/plain' ? text : '') } });
  el.dispatchEvent(e);
  flushSync();
}

/** The live contact with this email address, if any. */
async function findContact(address: string): Promise<Contact | null> {
  const hits = await listContacts({ query: { tag: null, stage: null, tier: null, never_contacted: false, include_archived: true, sort: 'name', limit: null, offset: 0 }, overdue: false });
  for (const h of hits) {
    const c = await getContact({ id: h.id });
    if (c.emails.some((e) => e.address === address)) return c;
  }
  return null;
}

function press(el: HTMLElement, key: string) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  flushSync();
}

describe('capture box', () => {
  it('previews Ada and a call, logs it on Enter, and Undo removes it', async () => {
    show(CaptureBox, { debounceMs: 10 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    type(input, 'called Ada about the renewal');
    const preview = await until(() => $('[data-testid=capture-preview]'));
    expect(preview.dataset.action).toBe('log');
    expect(preview.dataset.kind).toBe('call');
    expect(Number(preview.dataset.contactId)).toBe(ada.id);
    expect($('[data-testid=capture-what]')!.textContent).toContain('Ada Lovelace');
    expect($('[data-testid=capture-what]')!.textContent).toContain('call');
    expect($('[data-testid=capture-text]')!.textContent).toContain('renewal');
    // Nothing is written by the preview.
    expect(await interactionsOf({ contact_id: ada.id, limit: null })).toEqual([]);

    press(input, 'Enter');
    const written = await until(() => $('[data-testid=capture-written]'));
    expect(written.textContent).toContain('Logged a call with Ada Lovelace');
    expect(input.value).toBe('');
    const logged = await interactionsOf({ contact_id: ada.id, limit: null });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ kind: 'call', contact_id: ada.id });
    expect(logged[0].text).toContain('renewal');

    $('[data-testid=capture-undo]')!.click();
    await until(() => $('[data-testid=capture-undone]'));
    expect(await interactionsOf({ contact_id: ada.id, limit: null })).toEqual([]);
  });

  it('lists both candidates for an ambiguous name and writes for the one picked', async () => {
    show(CaptureBox, { debounceMs: 10 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    type(input, 'met Lin yesterday about the offer');
    await until(() => $$('[data-testid=capture-candidate]').length === 2);
    const ids = $$('[data-testid=capture-candidate]').map((b) => Number(b.dataset.contactId)).sort();
    expect(ids).toEqual([lin.id, ming.id].sort());
    const names = $$('[data-testid=capture-candidate]').map((b) => b.textContent);
    expect(names.some((n) => n?.includes('Lin Wei') && n.includes('Acme'))).toBe(true);
    expect(names.some((n) => n?.includes('Lin Ming') && n.includes('Globex'))).toBe(true);

    // Enter with candidates shown writes nothing: it picks the highlighted one.
    const pick = $$('[data-testid=capture-candidate]').find((b) => Number(b.dataset.contactId) === ming.id)!;
    pick.click();
    flushSync();
    const preview = await until(() => {
      const p = $('[data-testid=capture-preview]');
      return p && p.dataset.contactId === String(ming.id) && !$('[data-testid=capture-candidate]') ? p : null;
    });
    expect(preview.dataset.kind).toBe('meeting');
    press(input, 'Enter');
    await until(() => $('[data-testid=capture-written]'));
    const met = await interactionsOf({ contact_id: ming.id, limit: null });
    expect(met).toHaveLength(1);
    expect(met[0].kind).toBe('meeting');
    expect(await interactionsOf({ contact_id: lin.id, limit: null })).toEqual([]);
  });

  it('Enter on an ambiguous phrase picks a candidate; the next Enter writes', async () => {
    show(CaptureBox, { debounceMs: 10 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    type(input, 'emailed Lin the contract');
    await until(() => $$('[data-testid=capture-candidate]').length === 2);
    const second = Number($$('[data-testid=capture-candidate]')[1].dataset.contactId);
    press(input, 'ArrowDown');
    press(input, 'Enter');
    await until(() => $('[data-testid=capture-preview]')?.dataset.contactId === String(second) && !$('[data-testid=capture-candidate]'));
    expect(await emailsOf(second)).toEqual([]);
    press(input, 'Enter');
    await until(() => $('[data-testid=capture-written]'));
    expect((await emailsOf(second)).map((i) => i.text)).toEqual(['emailed the contract']);
  });

  it('a future phrase previews and adds a follow-up', async () => {
    show(CaptureBox, { debounceMs: 10 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    type(input, '明天下午3点给Ada打电话 续保');
    const preview = await until(() => $('[data-testid=capture-preview]'));
    expect(preview.dataset.action).toBe('follow_up');
    expect($('[data-testid=capture-what]')!.textContent).toContain('15:00');
    press(input, 'Enter');
    await until(() => $('[data-testid=capture-written]'));
    const planned = await followUpsOf({ id: ada.id });
    expect(planned.some((f) => f.due_time?.startsWith('15:00') && f.text.includes('续保'))).toBe(true);
  });

  it('reads 明天下午3点回访张总 续保 as a follow-up with 张伟 at 15:00, in the Chinese UI', async () => {
    const zhang = await addContact({ draft: { ...newDraft('张伟'), title: '总经理', company: '华东贸易' } });
    ui.lang = 'zh-CN';
    try {
      show(CaptureBox, { debounceMs: 10 });
      const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
      expect(input.placeholder).toContain('明天下午3点回访张总');
      type(input, '明天下午3点回访张总 续保');
      const preview = await until(() => $('[data-testid=capture-preview]'));
      expect(preview.dataset.action).toBe('follow_up');
      expect(Number(preview.dataset.contactId)).toBe(zhang.id);
      expect($('[data-testid=capture-what]')!.textContent).toMatch(/15:00 跟进张伟/);
      press(input, 'Enter');
      const written = await until(() => $('[data-testid=capture-written]'));
      expect(written.textContent).toContain('已安排');
      const [f] = await followUpsOf({ id: zhang.id });
      expect(f.due_time).toMatch(/^15:00/);
      expect(f.text).toContain('续保');
      $('[data-testid=capture-undo]')!.click();
      await until(() => $('[data-testid=capture-undone]'));
      expect(await followUpsOf({ id: zhang.id })).toEqual([]);
    } finally {
      ui.lang = 'en';
    }
  });

  it('asks for one preview after a burst of keys, and shows the answer for the last text', async () => {
    show(CaptureBox, { debounceMs: 120 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    calls.length = 0;
    for (const partial of ['c', 'ca', 'cal', 'call', 'called', 'called A', 'called Ada']) type(input, partial);
    await until(() => $('[data-testid=capture-preview]'));
    await tick(200);
    expect(calls.filter((c) => c === 'capture_preview')).toEqual(['capture_preview']);
    expect(Number($('[data-testid=capture-preview]')!.dataset.contactId)).toBe(ada.id);
    press(input, 'Escape');
    expect(input.value).toBe('');
    expect($('[data-testid=capture-preview]')).toBeNull();
    expect(calls).not.toContain('capture');
  });

  it('offers a pasted signature as a new contact, creates it only on Create, and Undo removes it', async () => {
    show(CaptureBox, { debounceMs: 10 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    input.focus();
    paste(input, 'Grace Hopper\nRear Admiral\nNavy Labs\n+1 202 555 0143\ngrace.hopper@navy.example\n');
    const offer = await until(() => $('[data-testid=capture-draft]'));
    expect(input.value).toBe('Grace Hopper Rear Admiral Navy Labs +1 202 555 0143 grace.hopper@navy.example');
    expect($('[data-testid=draft-name]')!.textContent).toBe('Grace Hopper');
    expect($('[data-testid=draft-emails]')!.textContent).toBe('grace.hopper@navy.example');
    expect($('[data-testid=draft-phones]')!.textContent).toContain('202 555 0143');
    expect(offer.textContent).toContain('Nothing is saved');
    expect($('[data-testid=capture-problem]')).toBeNull();
    expect(await findContact('grace.hopper@navy.example')).toBeNull();

    press(input, 'Enter');
    const made = await until(() => $('[data-testid=capture-created]'));
    expect(made.textContent).toContain('Added Grace Hopper');
    const grace = await until(() => findContact('grace.hopper@navy.example'));
    expect(grace.display_name).toBe('Grace Hopper');
    expect(input.value).toBe('');

    $('[data-testid=capture-created-undo]')!.click();
    await until(() => $('[data-testid=capture-created-undone]'));
    expect(await findContact('grace.hopper@navy.example')).toBeNull();
  });

  // Regression: a pasted signature whose first line is a known contact's name was read as a
  // phrase about that contact, and no new contact was offered.
  it('a pasted block is read as a contact even when its first line names one', async () => {
    await addContact({ draft: newDraft('Grace Hopper') });
    show(CaptureBox, { debounceMs: 10 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    input.focus();
    paste(input, 'Grace Hopper\nRear Admiral, Navy Labs\ngrace.hopper@navy.example\n');
    await until(() => $('[data-testid=capture-draft]'));
    expect($('[data-testid=draft-emails]')!.textContent).toBe('grace.hopper@navy.example');
    expect($('[data-testid=capture-preview]')).toBeNull();
  });

  it('a pasted phrase is read as a phrase, with no contact offered', async () => {
    show(CaptureBox, { debounceMs: 10 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    paste(input, 'called Ada about the invoice');
    const preview = await until(() => $('[data-testid=capture-preview]'));
    expect(Number(preview.dataset.contactId)).toBe(ada.id);
    expect($('[data-testid=capture-draft]')).toBeNull();
  });

  it('a pasted "Name <email>" is offered; editing the text withdraws the offer', async () => {
    show(CaptureBox, { debounceMs: 10 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    paste(input, 'Katherine Johnson <kj@nasa.example>');
    await until(() => $('[data-testid=draft-emails]')?.textContent === 'kj@nasa.example');
    type(input, 'Katherine Johnson <kj@nasa.example> x');
    await until(() => !$('[data-testid=capture-draft]'));
    press(input, 'Escape');
    expect(await findContact('kj@nasa.example')).toBeNull();
  });

  it('says why when no contact is named, writes nothing, and Esc clears', async () => {
    show(CaptureBox, { debounceMs: 10 });
    const input = $<HTMLInputElement>('[data-testid=capture-input]')!;
    type(input, 'called Zed about the renewal');
    const problem = await until(() => $('[data-testid=capture-problem]'));
    expect(problem.textContent).toMatch(/no contact/i);
    press(input, 'Enter');
    await tick(100);
    expect($('[data-testid=capture-written]')).toBeNull();
    press(input, 'Escape');
    expect(input.value).toBe('');
    expect($('[data-testid=capture-problem]')).toBeNull();
  });
});

/** An mbox of `n` messages from `from` to `to`, with ids made from `tag`. */
function mbox(from: string, to: string, n: number, tag: string): string {
  let s = '';
  for (let i = 1; i <= n; i++) {
    s += `From ${from.replace(/.*<|>.*/g, '')} Mon Nov 30 10:0${i}:00 2026\n`;
    s += `From: ${from}\nTo: ${to}\nSubject: ${tag} ${i}\n`;
    s += `Date: Mon, 30 Nov 2026 10:0${i}:00 +0000\nMessage-ID: <${tag}-${i}@example.com>\n\nHello ${i}\n\n`;
  }
  return s;
}

async function importThrough(file: string) {
  type($<HTMLInputElement>('[data-testid=mail-path]')!, file);
  const before = $('[data-testid=mail-summary]');
  $('[data-testid=mail-run]')!.click();
  return until(() => {
    const s = $('[data-testid=mail-summary]');
    return s && s !== before && !$('[data-testid=mail-progress]') ? s : null;
  });
}

const emailsOf = async (id: number) => (await interactionsOf({ contact_id: id, limit: null })).filter((i) => i.kind === 'email');

describe('mail import panel', () => {
  it('imports a small mbox (2 emails logged), and a second run finds them already imported', async () => {
    const file = join(dataDir, 'inbox.mbox');
    writeFileSync(file, mbox('Ada Lovelace <ada@example.com>', 'Me <me@example.org>', 2, 'Renewal'));
    const imported: unknown[] = [];
    show(MailImportPanel, { pollMs: 20, onimported: (r: unknown) => imported.push(r) });
    type($<HTMLInputElement>('[data-testid=mail-path]')!, file);
    expect($('[data-testid=mail-run]')!.textContent).toContain('Import mail');
    let summary = await importThrough(file);
    expect(summary.dataset.kind).toBe('mail');
    expect($('[data-testid=mail-sum-messages]')!.textContent).toBe('2');
    expect($('[data-testid=mail-sum-created]')!.textContent).toBe('2');
    expect($('[data-testid=mail-sum-already]')!.textContent).toBe('0');
    expect($('[data-testid=mail-sum-unmatched]')!.textContent).toBe('0');
    expect(imported).toHaveLength(1);
    expect($('[data-testid=mail-no-own]')).not.toBeNull();
    expect((await emailsOf(ada.id)).map((e) => e.text).sort()).toEqual(['Renewal 1', 'Renewal 2']);

    summary = await importThrough(file);
    expect($('[data-testid=mail-sum-created]')!.textContent).toBe('0');
    expect($('[data-testid=mail-sum-already]')!.textContent).toBe('2');
    expect(await emailsOf(ada.id)).toHaveLength(2);
  });

  it('Undo removes the emails the import logged', async () => {
    const file = join(dataDir, 'lin.mbox');
    writeFileSync(file, mbox('Lin Wei <lin.wei@example.com>', 'Me <me@example.org>', 2, 'Offer'));
    show(MailImportPanel, { pollMs: 20 });
    await importThrough(file);
    expect($('[data-testid=mail-sum-created]')!.textContent).toBe('2');
    expect(await emailsOf(lin.id)).toHaveLength(2);
    $('[data-testid=mail-undo]')!.click();
    const undone = await until(() => $('[data-testid=mail-undone]'));
    expect(undone.textContent).toContain('2 interactions removed');
    expect(await emailsOf(lin.id)).toHaveLength(0);
  });

  it('shows progress from job_status while a long import runs, and Cancel keeps nothing', async () => {
    const cy = await addContact({ draft: { ...newDraft('Cy Long'), emails: [{ address: 'cy@example.com', label: null }] } });
    const file = join(dataDir, 'long.mbox');
    const body = 'a line of the body\n'.repeat(20);
    const parts: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      parts.push(`From cy@example.com Mon Nov 30 10:00:00 2026\nFrom: Cy <cy@example.com>\nTo: Me <me@example.org>\nSubject: Long ${i}\nDate: Mon, 30 Nov 2026 10:00:00 +0000\nMessage-ID: <long-${i}@example.com>\n\n${body}\n`);
    }
    writeFileSync(file, parts.join(''));
    show(MailImportPanel, { pollMs: 10 });
    type($<HTMLInputElement>('[data-testid=mail-path]')!, file);
    $('[data-testid=mail-run]')!.click();
    flushSync();
    const bar = await until(() => {
      const b = $('[data-testid=mail-progress] [role=progressbar]');
      return b && Number(b.getAttribute('aria-valuenow')) > 0 ? b : null;
    }, 10_000);
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeLessThan(100);
    $('[data-testid=mail-cancel]')!.click();
    await until(() => !$('[data-testid=mail-progress]'), 15_000);
    expect($('[data-testid=mail-problem]')?.textContent ?? '').toBe('');
    expect($('[data-testid=mail-cancelled]')).not.toBeNull();
    expect($('[data-testid=mail-summary]')).toBeNull();
    expect($('[data-testid=mail-problem]')).toBeNull();
    expect(await emailsOf(cy.id)).toHaveLength(0);
  }, 30_000);

  it('imports a path handed to it by the host (a file dropped on the window)', async () => {
    const file = join(dataDir, 'dropped.eml');
    writeFileSync(file, 'From: Ada Lovelace <ada@example.com>\nTo: Me <me@example.org>\nSubject: Dropped\nDate: Tue, 01 Dec 2026 09:00:00 +0000\nMessage-ID: <dropped-1@example.com>\n\nHi\n');
    const target = document.createElement('div');
    document.body.appendChild(target);
    const panel = mount(MailImportPanel, { target, props: { pollMs: 20 } }) as { importPath(p: string): Promise<void>; accepts(p: string): boolean };
    app = panel as ReturnType<typeof mount>;
    expect([file, 'x.mbox', 'cal.ICS', 'contacts.csv', 'card.vcf'].map((p) => panel.accepts(p))).toEqual([true, true, true, false, false]);
    await panel.importPath(file);
    flushSync();
    expect($('[data-testid=mail-sum-created]')!.textContent).toBe('1');
    expect($<HTMLInputElement>('[data-testid=mail-path]')!.value).toBe(file);
    expect((await emailsOf(ada.id)).map((e) => e.text)).toContain('Dropped');
  });

  it('says which file when the path does not exist, and shows no summary', async () => {
    show(MailImportPanel, { pollMs: 20 });
    type($<HTMLInputElement>('[data-testid=mail-path]')!, join(dataDir, 'nope.mbox'));
    $('[data-testid=mail-run]')!.click();
    const problem = await until(() => $('[data-testid=mail-problem]'));
    expect(problem.textContent).toContain('nope.mbox');
    expect($('[data-testid=mail-summary]')).toBeNull();
  });

  it('runs a calendar import for an .ics path', async () => {
    const file = join(dataDir, 'cal.ics');
    writeFileSync(
      file,
      [
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
        'BEGIN:VEVENT', 'UID:lunch-1@example.com', 'DTSTAMP:20261101T090000Z',
        'DTSTART:20261110T120000Z', 'DTEND:20261110T130000Z', 'SUMMARY:Lunch with Ada',
        'ORGANIZER:mailto:me@example.org', 'ATTENDEE;CN=Ada Lovelace:mailto:ada@example.com',
        'END:VEVENT', 'END:VCALENDAR', '',
      ].join('\r\n'),
    );
    show(MailImportPanel, { pollMs: 20 });
    type($<HTMLInputElement>('[data-testid=mail-path]')!, file);
    expect($('[data-testid=mail-run]')!.textContent).toContain('Import calendar');
    const summary = await importThrough(file);
    expect(summary.dataset.kind).toBe('calendar');
    expect($('[data-testid=mail-sum-created]')!.textContent).toBe('1');
    const meetings = (await interactionsOf({ contact_id: ada.id, limit: null })).filter((i) => i.kind === 'meeting');
    expect(meetings.map((m) => m.text)).toContain('Lunch with Ada');
  });
});

describe('suggestions panel', () => {
  it('lists people the user wrote to twice; Accept makes a contact with their emails, Dismiss drops one', async () => {
    const file = join(dataDir, 'sent.mbox');
    writeFileSync(
      file,
      mbox('Me <me@example.org>', 'Grace Hopper <grace@example.net>', 2, 'Compiler') +
        mbox('Me <me@example.org>', 'Bob Stranger <bob@example.net>', 2, 'Hello'),
    );
    show(MailImportPanel, { pollMs: 20 });
    // The user's own address, set in the panel, tells the messages they sent.
    const own = $<HTMLInputElement>('[data-testid=mail-own]')!;
    await until(() => $<HTMLButtonElement>('[data-testid=mail-own-save]')!.disabled);
    type(own, ' me@example.org ');
    $('[data-testid=mail-own-save]')!.click();
    await until(async () => (await getSettings({})).own_addresses.join() === 'me@example.org');
    await until(() => own.value === 'me@example.org');
    await importThrough(file);
    expect($('[data-testid=mail-no-own]')).toBeNull();
    unmount(app!);
    document.body.innerHTML = '';
    const accepted: unknown[] = [];
    show(SuggestionsPanel, { onaccepted: (a: unknown) => accepted.push(a) });
    await until(() => $$('[data-testid=suggestion]').length === 2);
    const grace = $('[data-testid=suggestion][data-address="grace@example.net"]')!;
    expect(grace.textContent).toContain('Grace Hopper');
    expect(grace.textContent).toContain('2 messages');

    grace.querySelector<HTMLElement>('[data-testid=suggest-accept]')!.click();
    const note = await until(() => $('[data-testid=suggest-accepted]'));
    expect(note.textContent).toContain('Added Grace Hopper with 2 emails');
    await until(() => $$('[data-testid=suggestion]').length === 1);
    expect(accepted).toHaveLength(1);
    const made = (accepted[0] as { contact: Contact }).contact;
    expect(made.emails.map((e) => e.address)).toEqual(['grace@example.net']);
    expect(await emailsOf(made.id)).toHaveLength(2);

    $('[data-testid=suggestion][data-address="bob@example.net"] [data-testid=suggest-dismiss]')!.click();
    await until(() => $('[data-testid=suggest-empty]'));
    expect(await mailSuggestions({})).toEqual([]);
  });
});

describe('in the app', () => {
  beforeAll(() => {
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
    Element.prototype.scrollIntoView ??= function () {};
  });

  function startApp(screen: Parameters<typeof go>[0]) {
    ui.lang = 'en';
    go(screen);
    const target = document.createElement('div');
    document.body.appendChild(target);
    app = mount(App, { target });
    flushSync();
  }
  const key = (k: string, extra: KeyboardEventInit = {}) => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...extra }));
    flushSync();
  };

  it('Today has the capture box on top; n puts the cursor in it, and what it writes shows on Today', async () => {
    const bo = await addContact({ draft: newDraft('Bo Tanaka') });
    startApp({ name: 'today' });
    const input = await until(() => $<HTMLInputElement>('[data-testid=screen-today] [data-testid=capture-input]'));
    await until(() => $('[data-testid=screen-today] [role=listbox]') ?? $('[data-testid=today-empty]'));
    expect($$('[data-testid=today-row]').some((r) => r.textContent?.includes('Bo Tanaka'))).toBe(false);
    key('n');
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe('');
    type(input, 'call Bo tomorrow about the renewal');
    await until(() => $('[data-testid=capture-preview]')?.dataset.contactId === String(bo.id), 5000);
    expect($('[data-testid=capture-preview]')!.dataset.action).toBe('follow_up');
    press(input, 'Enter');
    await until(() => $('[data-testid=capture-written]'));
    expect((await followUpsOf({ id: bo.id })).map((f) => f.text)).toEqual([expect.stringContaining('renewal')]);
    // Today reloads: the follow-up is in its upcoming section.
    await until(() => $$('[data-testid=today-section-upcoming] [data-testid=today-row]').some((r) => r.textContent?.includes('Bo Tanaka')));
    // Undo takes it off again.
    $('[data-testid=capture-undo]')!.click();
    await until(() => !$$('[data-testid=today-row]').some((r) => r.textContent?.includes('Bo Tanaka')));
    expect(await followUpsOf({ id: bo.id })).toEqual([]);
  });

  it('Ctrl+N focuses the box from the list', async () => {
    startApp({ name: 'today' });
    const input = await until(() => $<HTMLInputElement>('[data-testid=capture-input]'));
    key('n', { ctrlKey: true });
    expect(document.activeElement).toBe(input);
  });

  it('the Import screen has the mail and calendar import and the suggestions', async () => {
    startApp({ name: 'import' });
    await until(() => $('[data-testid=screen-import] [data-testid=mail-import]'));
    await until(() => $('[data-testid=screen-import] [data-testid=suggestions]'));
  });
});
