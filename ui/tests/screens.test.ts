// @vitest-environment jsdom
// The screens in a DOM, on the real core: each test makes its data through the
// client in an empty book, mounts the app, works it with the keyboard and the
// mouse, and checks what the core then answers.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import {
  addContact, addDeal, addFollowUp, changeSetting, countContacts, desktopIntegration, followUpsOf, getContact, getSettings, importRun, interactionsOf, listContacts, setArchived, setDesktopIntegration, todayList,
} from '../src/lib/client';
import { go, openFiles, ui } from '../src/lib/app.svelte';
import { importSession } from '../src/lib/importSession.svelte';
import { resetContactsList } from '../src/lib/contactsList.svelte';
import { addDays, localDate } from '../src/lib/dates';
import { defaultOptions } from '../src/lib/importWizard';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import App from '../src/App.svelte';
import { coreToday, draft, emptyBookPerTest, fixture, generatedCsv, listQuery } from './core/book';

let app: ReturnType<typeof mount> | null = null;

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView ??= function () {};
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
async function until<T>(f: () => T | null | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await tick(10);
  }
}
const $ = (sel: string) => document.querySelector<HTMLElement>(sel);
const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];

/** Waits until an async check holds (a question to the core). */
async function eventually(f: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error('timed out');
    await tick(20);
  }
}

/** Maria: overdue by two days; 王芳: due today; 张伟明: nothing due; Ada: a customer. */
async function seed() {
  const date = await coreToday();
  const maria = await addContact({ draft: draft('Maria Keller', { company: 'Keller Logistik GmbH' }) });
  const wang = await addContact({ draft: draft('王芳', { company: '华东电气' }) });
  const zwm = await addContact({ draft: draft('张伟明', { company: '北京科技有限公司' }) });
  const ada = await addContact({ draft: draft('Ada Lovelace') });
  const overdue = await addFollowUp({ draft: { contact_id: maria.id, due_date: addDays(date, -2), due_time: null, text: 'Send the renewal quote' } });
  await addFollowUp({ draft: { contact_id: wang.id, due_date: date, due_time: null, text: '确认合同细节' } });
  await addDeal({ contact_id: ada.id, product: 'Fleet insurance', amount: '12000', currency: null, date: addDays(date, -20), status: 'won', stage: null });
  return { date, maria, wang, zwm, ada, overdue };
}

async function start() {
  ui.lang = 'en';
  ui.toasts = [];
  importSession.wizard.reset();
  resetContactsList();
  go({ name: 'today' });
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(App, { target });
  flushSync();
}

function key(k: string, extra: KeyboardEventInit = {}) {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...extra }));
  flushSync();
}

describe('screens on the core', () => {
  emptyBookPerTest();

  it('Today: shows the overdue follow-up made in the core, and completes it with c', async () => {
    const { maria, overdue } = await seed();
    await start();
    const first = await until(() => $('[data-testid=today-section-overdue] [data-testid=today-row]'));
    expect(Number(first.dataset.followUpId)).toBe(overdue.id);
    expect(first.textContent).toContain('Maria Keller');
    expect($('[data-testid=today-section-today]')?.textContent ?? 'no Today section').toContain('王芳');
    key('c');
    await until(() => !$(`[data-testid=today-row][data-follow-up-id="${overdue.id}"]`));
    expect((await followUpsOf({ id: maria.id })).find((f) => f.id === overdue.id)?.status).toBe('done');
    expect($('[data-testid=toast]')?.textContent).toContain('Completed');
  });

  it('Today: after a snooze or a completion the cursor stays in place, on the next person, not on the one acted on', async () => {
    const { date, maria, wang } = await seed();
    const bea = await addContact({ draft: draft('Bea Nord') });
    await addFollowUp({ draft: { contact_id: bea.id, due_date: addDays(date, -1), due_time: null, text: 'call back' } });
    await start();
    await until(() => $$('[data-testid=today-section-overdue] [data-testid=today-row]').length === 2);
    const selected = () => $('[data-testid=today-row].selected');
    expect(Number(selected()?.dataset.contactId)).toBe(maria.id);
    key('s');
    // Maria moves to tomorrow (upcoming); the cursor stays on the overdue row now first: Bea.
    await until(() => $(`[data-testid=today-section-upcoming] [data-testid=today-row][data-contact-id="${maria.id}"]`));
    expect(Number(selected()?.dataset.contactId)).toBe(bea.id);
    expect(selected()?.closest('section')?.dataset.testid).toBe('today-section-overdue');
    key('c');
    // Overdue is empty now: the next row is the first of Today, 王芳.
    await until(() => !$('[data-testid=today-section-overdue]'));
    expect(Number(selected()?.dataset.contactId)).toBe(wang.id);
    expect((await followUpsOf({ id: bea.id })).map((f) => f.status)).toEqual(['done']);
  });

  it('Date fields follow the UI language: year first in Chinese, and a date typed as 2026/12/4 or 12月4日 reaches the core', async () => {
    const { date, maria, wang, overdue } = await seed();
    await changeSetting({ change: { key: 'language', value: 'zh-CN' } });
    await start();
    await until(() => ui.lang === 'zh-CN');
    await until(() => $(`[data-testid=today-row].selected[data-follow-up-id="${overdue.id}"]`));
    /** Types into a field as a user does: focus, the text, then leave it. */
    const typeInto = (field: HTMLInputElement, text: string) => {
      field.focus();
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      flushSync();
    };
    const leave = (field: HTMLInputElement) => {
      field.blur();
      field.dispatchEvent(new FocusEvent('blur'));
      flushSync();
    };

    // Snooze to a date: the field offers three days on, year first.
    key('d');
    const snoozeField = await until(() => $('[data-testid=snooze-date]') as HTMLInputElement | null);
    expect(snoozeField.value).toBe(addDays(date, 3));
    // What cannot be read is marked, and the date stays.
    typeInto(snoozeField, '下周');
    expect(snoozeField.classList.contains('invalid')).toBe(true);
    expect(snoozeField.getAttribute('aria-invalid')).toBe('true');
    // Nor does the form go: the snooze is not made with the date shown before.
    $('[data-testid=snooze-submit]')!.click();
    flushSync();
    expect($('[data-testid=snooze-date]')).not.toBeNull();
    // Esc gives the date back, and leaves the dialog open; the arrows move it by a day.
    snoozeField.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    flushSync();
    expect(snoozeField.value).toBe(addDays(date, 3));
    expect(snoozeField.classList.contains('invalid')).toBe(false);
    expect($('[data-testid=snooze-date]')).not.toBeNull();
    snoozeField.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    flushSync();
    expect(snoozeField.value).toBe(addDays(date, 4));
    const target = addDays(date, 5);
    const [ty, tm, td] = target.split('-').map(Number);
    typeInto(snoozeField, `${ty}/${tm}/${td}`);
    expect(snoozeField.classList.contains('invalid')).toBe(false);
    leave(snoozeField);
    expect(snoozeField.value).toBe(target);
    $('[data-testid=snooze-submit]')!.click();
    await eventually(async () => (await followUpsOf({ id: maria.id })).some((f) => f.id === overdue.id && f.due_date === target));

    // A follow-up on a contact, typed the Chinese way without a year (this year's date).
    go({ name: 'contact', id: wang.id });
    flushSync();
    const fuField = await until(() => $('[data-testid=followup-date]') as HTMLInputElement | null);
    expect(fuField.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const thisYear = String(new Date().getFullYear());
    const fu = `${thisYear}-12-04`;
    typeInto(fuField, '12月4日');
    leave(fuField);
    expect(fuField.value).toBe(fu);
    const text = $('[data-testid=followup-text]') as HTMLInputElement;
    text.value = '寄样品';
    text.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    $('[data-testid=followup-add]')!.click();
    await eventually(async () => (await followUpsOf({ id: wang.id })).some((f) => f.due_date === fu && f.text === '寄样品'));

    // In English the same field shows the month by name.
    ui.lang = 'en';
    flushSync();
    expect(($('[data-testid=followup-date]') as HTMLInputElement).value).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  });

  it('A logged call\'s date and time follow the UI language, and a time typed as 0930 is the one logged', async () => {
    const { date, wang } = await seed();
    await changeSetting({ change: { key: 'language', value: 'zh-CN' } });
    await start();
    await until(() => ui.lang === 'zh-CN');
    go({ name: 'contact', id: wang.id });
    flushSync();
    const day = await until(() => $('[data-testid=quicklog-date-day]') as HTMLInputElement | null);
    const time = $('[data-testid=quicklog-date-time]') as HTMLInputElement;
    // Year first in Chinese, and a time of its own (the native field showed 12/04/2026, 03:10).
    expect(day.value).toBe(date);
    expect(time.value).toMatch(/^\d{2}:\d{2}$/);
    const type = (field: HTMLInputElement, text: string) => {
      field.focus();
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      flushSync();
    };
    type(time, '25:61');
    expect(time.classList.contains('invalid')).toBe(true);
    type(time, '0930');
    expect(time.classList.contains('invalid')).toBe(false);
    const yesterday = addDays(date, -1);
    type(day, yesterday);
    const text = $('[data-testid=quicklog-text]') as HTMLTextAreaElement;
    text.value = '电话回访';
    text.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    $('[data-testid=quicklog-submit]')!.click();
    await eventually(async () => (await interactionsOf({ contact_id: wang.id, limit: null })).some((i) => i.text === '电话回访'));
    const logged = (await interactionsOf({ contact_id: wang.id, limit: null })).find((i) => i.text === '电话回访')!;
    const at = new Date(logged.occurred_at);
    expect([localDate(at), at.getHours(), at.getMinutes()]).toEqual([yesterday, 9, 30]);
  });

  it('Today: a long section says how many it holds, shows more on request, and the count is the whole day', async () => {
    const date = await coreToday();
    // One after the other: the writer is single, and parallel calls only queue on it.
    for (let n = 0; n < 230; n++) {
      const c = await addContact({ draft: draft(`Overdue ${String(n).padStart(3, '0')}`) });
      await addFollowUp({ draft: { contact_id: c.id, due_date: addDays(date, -1), due_time: null, text: 'call back' } });
    }
    await start();
    await until(() => $('[data-testid=today-section-overdue] [data-testid=today-row]'));
    const rows = () => $$('[data-testid=today-section-overdue] [data-testid=today-row]').length;
    expect(rows()).toBe(200);
    expect($('[data-testid=today-section-overdue] h2')?.textContent).toContain('230');
    expect(document.body.textContent).toContain('230 to do');
    const more = await until(() => $('[data-testid=today-more-overdue]'));
    expect(more.textContent).toContain('Show 30 more');
    more.click();
    await until(() => rows() === 230);
    expect($('[data-testid=today-more-overdue]')).toBeNull();
  }, 60_000);

  it('g then c goes to Contacts without completing anything on Today', async () => {
    const { maria } = await seed();
    await start();
    await until(() => $('[data-testid=today-section-overdue] [data-testid=today-row]'));
    key('g');
    key('c');
    await until(() => $('[data-testid=screen-contacts]'));
    await tick(100);
    expect((await followUpsOf({ id: maria.id })).map((f) => f.status)).toEqual(['open']);
  });

  it('Today: logs a call with l and the dialog', async () => {
    const { maria } = await seed();
    await start();
    await until(() => $('[data-testid=today-row]'));
    key('l');
    const text = await until(() => $('[data-testid=log-text]') as HTMLTextAreaElement | null);
    text.value = 'talked';
    text.dispatchEvent(new Event('input', { bubbles: true }));
    $('[data-testid=log-submit]')!.click();
    await eventually(async () => (await interactionsOf({ contact_id: maria.id, limit: null })).length === 1);
    expect((await interactionsOf({ contact_id: maria.id, limit: null }))[0]).toMatchObject({ kind: 'call', text: 'talked' });
  });

  it('Today: after logging a call on a follow-up row, one key also marks that follow-up done', async () => {
    const { maria, overdue } = await seed();
    await start();
    await until(() => $(`[data-testid=today-row].selected[data-follow-up-id="${overdue.id}"]`));
    key('l');
    const text = await until(() => $('[data-testid=log-text]') as HTMLTextAreaElement | null);
    text.value = 'sent the quote';
    text.dispatchEvent(new Event('input', { bubbles: true }));
    $('[data-testid=log-submit]')!.click();
    await eventually(async () => (await interactionsOf({ contact_id: maria.id, limit: null })).length === 1);
    // The log alone leaves the follow-up open; the toast offers to close it.
    const offer = await until(() => $('[data-testid=today-also-done]'));
    expect(offer.textContent).toContain('(y)');
    expect((await followUpsOf({ id: maria.id })).find((f) => f.id === overdue.id)?.status).toBe('open');
    key('y');
    await eventually(async () => (await followUpsOf({ id: maria.id })).find((f) => f.id === overdue.id)?.status === 'done');
    const list = await todayList({ date: null, rows_per_section: null, past_workload: false });
    const ids = [...list.overdue, ...list.today, ...list.upcoming].map((x) => x.follow_up_id);
    expect(ids).not.toContain(overdue.id);
    await until(() => !$(`[data-testid=today-row][data-follow-up-id="${overdue.id}"]`));
    expect($('[data-testid=today-also-done]')).toBeNull();
    // The log is kept.
    expect(await interactionsOf({ contact_id: maria.id, limit: null })).toHaveLength(1);
  });

  it('Today: the offer to mark the follow-up done after a log is a button too', async () => {
    const { wang } = await seed();
    await start();
    const row = await until(() => $(`[data-testid=today-section-today] [data-testid=today-row][data-contact-id="${wang.id}"]`));
    (row.querySelector('[data-testid=today-log]') as HTMLElement).click();
    flushSync();
    const text = await until(() => $('[data-testid=log-text]') as HTMLTextAreaElement | null);
    text.value = '谈好了';
    text.dispatchEvent(new Event('input', { bubbles: true }));
    $('[data-testid=log-submit]')!.click();
    (await until(() => $('[data-testid=today-also-done]'))).click();
    await eventually(async () => (await followUpsOf({ id: wang.id })).every((f) => f.status === 'done'));
  });

  it('while an import runs, Today answers and the sidebar says a job is running', async () => {
    const { overdue } = await seed();
    const options = { ...defaultOptions(), chunk_rows: 500 };
    // Large enough to outlast the screen's first render (4,000 rows took 0.4 s).
    const run = importRun({ path: generatedCsv(30000), options, sample_rows: null });
    await start();
    const badge = await until(() => $('[data-testid=job-status]'));
    const row = await until(() => $(`[data-testid=today-row][data-follow-up-id="${overdue.id}"]`));
    expect(row.textContent).toContain('Maria Keller');
    expect($('[data-testid=job-status]')).not.toBeNull(); // still running when Today showed
    expect(badge.getAttribute('title')).toMatch(/import/);
    await run;
    await until(() => !$('[data-testid=job-status]'), 5000);
  });

  it('Today: shows the empty state on an empty book', async () => {
    await start();
    expect((await until(() => $('[data-testid=today-empty]'))).textContent).toContain('import');
  });

  it('search palette opens with Ctrl+K and finds 张伟明 by zwm', async () => {
    const { zwm } = await seed();
    await start();
    await until(() => $('[data-testid=today-row]'));
    key('k', { ctrlKey: true });
    const input = await until(() => $('[data-testid=search-input]') as HTMLInputElement | null);
    input.value = 'zwm';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const hit = await until(() => $('[data-testid=search-result]'));
    expect(hit.textContent).toContain('张伟明');
    expect($('[data-testid=search-snippet] mark')?.textContent).toBe('张伟明');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    flushSync();
    await until(() => $('[data-testid=screen-contact]'));
    expect(ui.screen).toEqual({ name: 'contact', id: zwm.id });
  });

  it('Contacts renders a window of rows, not all of them', async () => {
    const { counts } = await importRun({ path: generatedCsv(2000), options: defaultOptions(), sample_rows: null });
    expect(counts.created).toBeGreaterThan(1900);
    await start();
    go({ name: 'contacts' });
    flushSync();
    await until(() => $$('[data-testid=contact-row]').length > 0);
    expect($('[data-testid=contacts-count]')?.textContent).toContain(counts.created.toLocaleString('en'));
    expect($$('[data-testid=contact-row]').length).toBeLessThan(60);
  });

  it('Contacts: New contact keeps nothing until a draft with a name is saved; an untouched draft left is gone', async () => {
    await start();
    const all = listQuery({ include_archived: true });
    for (let n = 0; n < 2; n++) {
      go({ name: 'contacts' });
      flushSync();
      (await until(() => $('[data-testid=contact-add]'))).click();
      flushSync();
      await until(() => !$('[data-testid=screen-contacts]'));
      await tick(100);
    }
    go({ name: 'today' });
    flushSync();
    await until(() => $('[data-testid=screen-today]'));
    await tick(100);
    expect(await countContacts(all)).toBe(0);
    expect(await listContacts(all)).toEqual([]);

    // A draft with a name, saved: one contact, and its screen.
    go({ name: 'contacts' });
    flushSync();
    (await until(() => $('[data-testid=contact-add]'))).click();
    flushSync();
    const save = await until(() => $('[data-testid=new-contact-save]') as HTMLButtonElement | null);
    expect(save.disabled).toBe(true);
    const name = $('[data-testid=new-contact-name]') as HTMLInputElement;
    name.value = 'Nora Field';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    const company = $('[data-testid=new-contact-company]') as HTMLInputElement;
    company.value = 'Field & Co';
    company.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(save.disabled).toBe(false);
    save.click();
    await until(() => ui.screen.name === 'contact' && $('[data-testid=screen-contact]'));
    const listed = await listContacts(all);
    expect(listed.map((c) => [c.display_name, c.company])).toEqual([['Nora Field', 'Field & Co']]);
    expect(ui.screen).toEqual({ name: 'contact', id: listed[0].id });
  });

  it('Contact: Esc, Alt+Left and Back return to the list, which keeps its sort, filters and scroll position', async () => {
    await importRun({ path: generatedCsv(2000), options: defaultOptions(), sample_rows: null });
    await start();
    go({ name: 'contacts' });
    flushSync();
    await until(() => $$('[data-testid=contact-row]').length > 0);
    const sort = $('[data-testid=contacts-sort]') as HTMLSelectElement;
    sort.value = 'company';
    sort.dispatchEvent(new Event('change', { bubbles: true }));
    const never = $('[data-testid=filter-never]') as HTMLInputElement;
    never.click();
    flushSync();
    await tick(100);
    const count = await until(() => $('[data-testid=contacts-count]')?.textContent);
    const scrollTo = async (top: number) => {
      const list = $('[data-testid=contacts-list]')!;
      list.scrollTop = top;
      list.dispatchEvent(new Event('scroll'));
      // The window of rows moves down once the scroll is seen.
      await until(() => Number($('[data-testid=contacts-list] .rows')?.getAttribute('style')?.match(/translateY\((\d+)px\)/)?.[1]) > 0);
    };
    await scrollTo(3200);
    const firstShown = () => $('[data-testid=contact-row]')?.dataset.contactId;
    const shownBefore = firstShown();
    const leaveWith = async (how: () => void) => {
      (await until(() => $$('[data-testid=contact-row]')[5])).click();
      flushSync();
      await until(() => $('[data-testid=screen-contact] [data-testid=contact-name]'));
      how();
      flushSync();
      await until(() => $('[data-testid=screen-contacts]'));
      await until(() => $('[data-testid=contact-row]'));
      expect(($('[data-testid=contacts-sort]') as HTMLSelectElement).value).toBe('company');
      expect(($('[data-testid=filter-never]') as HTMLInputElement).checked).toBe(true);
      await until(() => $('[data-testid=contacts-count]')?.textContent === count);
      expect($('[data-testid=contacts-list]')!.scrollTop).toBe(3200);
      await until(() => firstShown() === shownBefore);
    };
    await leaveWith(() => key('Escape'));
    await leaveWith(() => key('ArrowLeft', { altKey: true }));
    await leaveWith(() => $('[data-testid=contact-back]')!.click());

    // Esc while typing in the contact's log box stays on the contact.
    (await until(() => $$('[data-testid=contact-row]')[0])).click();
    flushSync();
    const box = await until(() => $('[data-testid=quicklog-text]'));
    box.focus();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    flushSync();
    await tick(50);
    expect($('[data-testid=screen-contact]')).not.toBeNull();
  }, 30_000);

  it('Contacts: with a select focused, ? and g t still work, its arrows stay its own, and help lists the list\'s keys', async () => {
    await seed();
    await start();
    go({ name: 'contacts' });
    flushSync();
    await until(() => $$('[data-testid=contact-row]').length > 0);
    const sort = $('[data-testid=contacts-sort]') as HTMLSelectElement;
    sort.focus();
    const press = (k: string) => {
      const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
      sort.dispatchEvent(e);
      flushSync();
      return e;
    };
    // The select's own keys: the list's cursor does not move, and nothing stops the select.
    expect(press('ArrowDown').defaultPrevented).toBe(false);
    expect(press('Enter').defaultPrevented).toBe(false);
    expect($('[data-testid=contact-row].selected')).toBeNull();
    expect(ui.screen.name).toBe('contacts');
    press('?');
    const help = await until(() => $('[data-testid=help-overlay]'));
    const list = await until(() => $('[data-testid=help-contacts]'));
    expect(list.textContent).toContain('Contact list');
    expect(list.textContent).toContain('Move down / up');
    expect(list.textContent).toContain('Open the contact');
    expect([...list.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(expect.arrayContaining(['j', 'k', 'Enter']));
    expect(help).not.toBeNull();
    key('Escape');
    await until(() => !$('[data-testid=help-overlay]'));
    sort.focus();
    press('g');
    press('t');
    await until(() => $('[data-testid=screen-today]'));
  });

  it('Contacts: j selects a row, marked with the class and attribute its style is on', async () => {
    await seed();
    await start();
    go({ name: 'contacts' });
    flushSync();
    await until(() => $$('[data-testid=contact-row]').length === 4);
    expect($$('[data-testid=contact-row][aria-selected=true]')).toHaveLength(0);
    key('j');
    const row = await until(() => $('[data-testid=contact-row].selected'));
    expect(row.getAttribute('role')).toBe('option');
    expect(row.getAttribute('aria-selected')).toBe('true');
    expect($$('[data-testid=contact-row][aria-selected=true]')).toHaveLength(1);
    expect(row.closest('[role=listbox]')?.getAttribute('tabindex')).toBe('0');
  });

  it('Contact: opened from Today, Esc goes back to Today', async () => {
    const { maria } = await seed();
    await start();
    await until(() => $('[data-testid=today-row]'));
    key('Enter');
    await until(() => $('[data-testid=screen-contact] [data-testid=contact-name]'));
    expect(ui.screen).toEqual({ name: 'contact', id: maria.id });
    key('Escape');
    await until(() => $('[data-testid=screen-today]'));
  });

  it('Contact: an archived contact can be unarchived, and the list shows archived contacts on request', async () => {
    const { ada, zwm } = await seed();
    await setArchived({ id: zwm.id, archived: true });
    await start();
    go({ name: 'contacts' });
    flushSync();
    const listed = () => $$('[data-testid=contact-row]').map((r) => Number(r.dataset.contactId));
    await until(() => listed().includes(ada.id));
    expect(listed()).not.toContain(zwm.id);
    const archived = $('[data-testid=filter-archived]') as HTMLInputElement;
    expect(archived.checked).toBe(false);
    archived.click();
    flushSync();
    await until(() => listed().includes(zwm.id));
    expect($('[data-testid=contacts-count]')?.textContent).toContain('4 contacts');

    $(`[data-testid=contact-row][data-contact-id="${zwm.id}"]`)!.click();
    flushSync();
    const unarchive = await until(() => $('[data-testid=contact-unarchive]'));
    expect($('[data-testid=contact-archive]')).toBeNull();
    unarchive.click();
    await eventually(async () => (await getContact({ id: zwm.id })).archived_at === null);
    await until(() => $('[data-testid=contact-archive]'));
    expect($('[data-testid=contact-unarchive]')).toBeNull();
  });

  it('Contact: edits a field inline and shows the value badge', async () => {
    const { ada } = await seed();
    await start();
    go({ name: 'contact', id: ada.id });
    flushSync();
    const badge = await until(() => $('[data-testid=value-badge]:not([data-tier=""])'));
    expect(badge.dataset.tier).toBe('vip');
    $('[data-testid=field-title]')!.click();
    flushSync();
    const input = await until(() => $('input[data-testid=field-title]') as HTMLInputElement | null);
    input.value = 'CEO';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await eventually(async () => (await getContact({ id: ada.id })).title === 'CEO');
  });

  it('Import: previews a real GBK file typed as a path', async () => {
    await start();
    go({ name: 'import' });
    flushSync();
    const path = await until(() => $('[data-testid=import-path]') as HTMLInputElement | null);
    path.value = fixture('import/chinese_gbk.csv');
    path.dispatchEvent(new Event('input', { bubbles: true }));
    $('[data-testid=import-path-submit]')!.click();
    const table = await until(() => $('[data-testid=import-preview-table]'));
    expect(table.textContent).toContain('张伟明');
    expect(table.textContent).toContain('欧阳娜娜');
  });

  it('Opened with the app: the launch\'s file shows its import preview; a later one replaces it, a mail file goes to the mail import', async () => {
    (window as unknown as { __RAPPORT_OPEN_FILES__: string[] }).__RAPPORT_OPEN_FILES__ = [fixture('import/chinese_gbk.csv')];
    await start();
    const table = await until(() => $('[data-testid=import-preview-table]'));
    expect(table.textContent).toContain('张伟明');
    expect(ui.openFile).toBeNull();
    // Taken once: the app is not sent back to it.
    expect((window as unknown as { __RAPPORT_OPEN_FILES__: string[] }).__RAPPORT_OPEN_FILES__).toEqual([]);
    // A second launch's file, while the first is previewed: its preview replaces it.
    openFiles([fixture('import/google_contacts.csv')]);
    await until(() => $('[data-testid=import-preview-table]')?.textContent?.includes('Lovelace'));
    expect($('[data-testid=import-preview-table]')!.textContent).not.toContain('欧阳娜娜');
    // A calendar: back to the first step, where the mail and calendar import runs it.
    const ics = join(mkdtempSync(join(tmpdir(), 'rapport-open-')), 'meeting.ics');
    writeFileSync(ics, ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:open-with-1', 'DTSTART:20261201T020000Z',
      'DTEND:20261201T030000Z', 'SUMMARY:Renewal review', 'ATTENDEE;CN=Ada Lovelace:mailto:ada@engines.example', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'));
    openFiles([ics]);
    await until(() => $('[data-testid=mail-summary]'), 10000);
    expect(($('[data-testid=mail-path]') as HTMLInputElement).value).toBe(ics);
    expect(ui.openFile).toBeNull();
  });

  it('Import: the mapping step shows example values next to each column, and the delimiter menu is translated', async () => {
    await changeSetting({ change: { key: 'language', value: 'zh-CN' } });
    await start();
    await until(() => ui.lang === 'zh-CN');
    go({ name: 'import' });
    flushSync();
    const path = await until(() => $('[data-testid=import-path]') as HTMLInputElement | null);
    path.value = fixture('import/chinese_gbk.csv');
    path.dispatchEvent(new Event('input', { bubbles: true }));
    $('[data-testid=import-path-submit]')!.click();
    const delimiter = await until(() => $('[data-testid=import-delimiter]') as HTMLSelectElement | null);
    const options = [...delimiter.options].map((o) => o.textContent ?? '');
    expect(options[0]).toContain('逗号');
    expect(options.join(' ')).not.toMatch(/comma|semicolon|tab|pipe/);
    (await until(() => $('[data-testid=import-next]:not([disabled])'))).click();
    flushSync();
    const rows = await until(() => ($$('[data-testid=mapping-row]').length > 0 ? $$('[data-testid=mapping-row]') : null));
    const row = (column: string) => rows.find((r) => r.querySelector('code')?.textContent === column)!;
    expect(row('公司').querySelector('[data-testid=mapping-example]')?.textContent).toContain('北京科技有限公司');
    expect(row('公司').querySelector('[data-testid=mapping-example]')?.textContent).toContain('上海贸易公司');
    expect(row('微信').querySelector('[data-testid=mapping-example]')?.textContent).toContain('zwm_88');
    expect($('[data-testid=import-mapping-table] thead')?.textContent).toContain('示例');
    // Each column's menu is labelled with its column.
    expect(row('公司').querySelector('select')?.getAttribute('aria-label')).toContain('公司');
    ui.lang = 'en';
  });

  it('Settings: the core normalises what is typed, refuses bad values with its reason, and keeps the language', async () => {
    await start();
    go({ name: 'settings' });
    flushSync();
    const region = await until(() => $('[data-testid=settings-region]') as HTMLInputElement | null);
    const setField = (el: HTMLInputElement, v: string) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const setRegion = (v: string) => setField(region, v);
    setRegion('cn');
    await eventually(async () => (await getSettings({})).default_region === 'CN');
    await until(() => region.value === 'CN');
    expect(region.classList.contains('invalid')).toBe(false);
    setRegion('zz');
    await until(() => region.classList.contains('invalid'));
    expect((await getSettings({})).default_region).toBe('CN');
    await until(() => $$('[data-testid=toast]').some((x) => x.textContent?.includes('is not a country code')));
    const currency = $('[data-testid=settings-currency]') as HTMLInputElement;
    setField(currency, 'usd');
    await until(() => currency.value === 'USD');
    const zone = $('[data-testid=settings-time-zone]') as HTMLInputElement;
    expect(zone.value).toBe('UTC'); // the test book's
    setField(zone, 'Asia/Shanghai');
    await eventually(async () => (await getSettings({})).time_zone === 'Asia/Shanghai');
    const workload = $('[data-testid=settings-workload]') as HTMLInputElement;
    setField(workload, '0');
    await until(() => workload.classList.contains('invalid'));
    expect((await getSettings({})).cadence_workload).toBe(15);
    const lang = $('[data-testid=settings-language]') as HTMLSelectElement;
    lang.value = 'zh-CN';
    lang.dispatchEvent(new Event('change', { bubbles: true }));
    await eventually(async () => (await getSettings({})).language === 'zh-CN');
    await until(() => ui.lang === 'zh-CN');
    ui.lang = 'en';
  });

  it('Settings: a reminder time typed as 0552, 5:52 or 552 is saved as 05:52', async () => {
    await changeSetting({ change: { key: 'reminder_time', value: '08:30' } });
    await start();
    go({ name: 'settings' });
    flushSync();
    const input = await until(() => $('[data-testid=settings-reminder]') as HTMLInputElement | null);
    expect(input.getAttribute('aria-label')).toBeTruthy();
    const type = async (v: string, expected: string) => {
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await eventually(async () => (await getSettings({})).reminder_time === expected);
      await until(() => input.value === expected);
    };
    await type('0552', '05:52');
    await type('7:45', '07:45');
    await type('552', '05:52');
    await type('1830', '18:30');
    // What cannot be read as a time is the core's to refuse, with its reason; the saved time stays.
    input.value = '25:99';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => input.classList.contains('invalid'));
    expect((await getSettings({})).reminder_time).toBe('18:30');
  });

  it('Settings: starting at login and the reminder while closed are written by the core', async () => {
    await start();
    go({ name: 'settings' });
    flushSync();
    const login = await until(() => $('[data-testid=settings-start-at-login]') as HTMLInputElement | null);
    const closed = $('[data-testid=settings-remind-when-closed]') as HTMLInputElement;
    expect([login.checked, closed.checked]).toEqual([false, false]);
    const toggle = (el: HTMLInputElement) => {
      el.checked = !el.checked;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    };
    toggle(login);
    await eventually(async () => (await desktopIntegration({})).start_at_login);
    // The timer runs at the reminder time: without one the core refuses, and says why.
    await changeSetting({ change: { key: 'reminder_time', value: null } });
    toggle(closed);
    await until(() => $$('[data-testid=toast]').some((x) => x.textContent?.includes('reminder time')));
    expect((await desktopIntegration({})).remind_when_closed).toBe(false);
    await changeSetting({ change: { key: 'reminder_time', value: '07:45' } });
    await setDesktopIntegration({ start_at_login: false, remind_when_closed: true });
    expect(await desktopIntegration({})).toEqual({ available: true, start_at_login: false, remind_when_closed: true });
    // Turning the reminder off takes the timer away.
    await changeSetting({ change: { key: 'reminder_time', value: null } });
    expect((await desktopIntegration({})).remind_when_closed).toBe(false);
  });

  it('Import: leaving the screen while a file imports, and coming back, shows its progress and then its summary', async () => {
    await start();
    go({ name: 'import' });
    flushSync();
    const path = await until(() => $('[data-testid=import-path]') as HTMLInputElement | null);
    path.value = generatedCsv(4000);
    path.dispatchEvent(new Event('input', { bubbles: true }));
    $('[data-testid=import-path-submit]')!.click();
    for (let step = 0; step < 6 && !$('[data-testid=import-start]'); step++) {
      (await until(() => $('[data-testid=import-next]:not([disabled])'), 15_000)).click();
      flushSync();
    }
    (await until(() => $('[data-testid=import-start]:not([disabled])'))).click();
    await until(() => $('[data-testid=import-progress]'));
    go({ name: 'today' });
    flushSync();
    await until(() => $('[data-testid=screen-today]'));
    go({ name: 'import' });
    flushSync();
    await until(() => $('[data-testid=import-progress]') ?? $('[data-testid=import-summary]'));
    expect($('[data-testid=import-path]')).toBeNull();
    const created = await until(() => $('[data-testid=summary-created]'), 20_000);
    expect(Number(created.textContent)).toBeGreaterThan(3900);
    // Once seen, leaving starts over.
    go({ name: 'today' });
    flushSync();
    go({ name: 'import' });
    flushSync();
    await until(() => $('[data-testid=import-path]'));
  });

  it('Import, Dashboard, Settings and help mount', async () => {
    await seed();
    await start();
    for (const [screen, id] of [['import', 'import-path'], ['dashboard', 'chart-tiers'], ['settings', 'settings-data-dir']] as const) {
      go({ name: screen });
      flushSync();
      await until(() => $(`[data-testid=${id}]`));
    }
    expect($('[data-testid=settings-data-dir]')?.textContent).toMatch(/book-/);
    key('?');
    expect($('[data-testid=help-overlay]')).not.toBeNull();
  });
});
