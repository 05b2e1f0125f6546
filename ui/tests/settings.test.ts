/// <reference types="node" />
// Settings: display helpers (pure), and what the core does with each setting,
// cadence rule and export the Settings screen sends.
import { describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addContact, addFollowUp, addMailAccount, cadenceRules, changeSetting, exportContacts, getSettings, logInteraction, mailAccounts, mailSync, removeCadenceRule,
  setCadenceRule, testMailAccount, todayList,
} from '../src/lib/client';
import { fingerprintOf } from '../src/lib/mailSync';
import { exportFileName, parseTime, sortRules } from '../src/lib/settings';
import { coreToday, draft, emptyBookPerTest, noonOn } from './core/book';

describe('settings display', () => {
  it('names export files by what and when', () => {
    expect(exportFileName('csv', '2026-03-10', null)).toBe('rapport-contacts-2026-03-10.csv');
    expect(exportFileName('vcard3', '2026-03-10', '老 客户')).toBe('rapport-contacts-老-客户-v3-2026-03-10.vcf');
    expect(exportFileName('ics', '2026-03-10', 'VIP')).toBe('rapport-follow-ups-2026-03-10.ics');
  });

  it('finds the fingerprint an untrusted server offers to pin', () => {
    const fp = 'ab'.repeat(32);
    expect(fingerprintOf(`mail server 127.0.0.1:993: self-signed. To trust this server anyway, pin its certificate: sha256:${fp.toUpperCase()}`)).toBe(fp);
    expect(fingerprintOf('the connection was refused')).toBeNull();
  });

  // Regression: a typed 0552 became 23:30 in the reminder's time field.
  it('reads a typed time with or without its colon', () => {
    for (const typed of ['0552', '5:52', '05:52', '552', ' 5.52 ', '5：52', '5h52']) expect(parseTime(typed)).toBe('05:52');
    expect(parseTime('23:30')).toBe('23:30');
    expect(parseTime('2330')).toBe('23:30');
    expect(parseTime('0')).toBe('00:00');
    expect(parseTime('7')).toBe('07:00');
    expect(parseTime('17')).toBe('17:00');
    expect(parseTime('07:45:00')).toBe('07:45');
    for (const bad of ['', 'abc', '2460', '24:00', '5:60', '12345', '5:5', ':52', '-1:00']) expect(parseTime(bad)).toBeNull();
  });

  it('sorts rules stages first', () => {
    expect(sortRules([{ kind: 'tag', name: 'b', days: 1 }, { kind: 'stage', name: 'lead', days: 2 }, { kind: 'tag', name: 'a', days: 3 }]).map((r) => r.name)).toEqual(['lead', 'a', 'b']);
  });
});

describe('settings on the core', () => {
  emptyBookPerTest();

  it('keeps settings, normalised, and refuses bad values with a coded error', async () => {
    expect(await getSettings({})).toMatchObject({ reminder_time: null, language: 'en' });
    await changeSetting({ change: { key: 'default_region', value: ' cn ' } });
    await changeSetting({ change: { key: 'reminder_time', value: '7:45' } });
    const s = await changeSetting({ change: { key: 'language', value: 'zh-CN' } });
    expect(s).toMatchObject({ default_region: 'CN', reminder_time: '07:45', language: 'zh-CN' });
    expect(await getSettings({})).toEqual(s);
    await expect(changeSetting({ change: { key: 'default_region', value: 'China' } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(changeSetting({ change: { key: 'reminder_time', value: '24:00' } })).rejects.toMatchObject({ code: 'invalid_input' });
    await changeSetting({ change: { key: 'reminder_time', value: null } });
    expect((await getSettings({})).reminder_time).toBeNull();
  });

  it('keeps the background mail sync interval within bounds, or off', async () => {
    expect((await getSettings({})).mail_sync_minutes).toBeNull();
    expect((await changeSetting({ change: { key: 'mail_sync_minutes', value: 15 } })).mail_sync_minutes).toBe(15);
    await expect(changeSetting({ change: { key: 'mail_sync_minutes', value: 2 } })).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await getSettings({})).mail_sync_minutes).toBe(15);
    expect((await changeSetting({ change: { key: 'mail_sync_minutes', value: null } })).mail_sync_minutes).toBeNull();
  });

  it('tries a mail account before storing it, and says why it cannot', async () => {
    const account = { host: '127.0.0.1', port: 1, security: 'tls' as const, login: 'ada@example.com', password: 'pw', folders: [], pinned_certificate: null };
    await expect(testMailAccount(account)).rejects.toMatchObject({ code: 'mail_server', message: expect.stringContaining('refused') });
    await expect(addMailAccount(account)).rejects.toMatchObject({ code: 'mail_server' });
    await expect(addMailAccount({ ...account, password: '' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('password') });
    await expect(addMailAccount({ ...account, pinned_certificate: '12:34' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('SHA-256') });
    expect(await mailAccounts({})).toEqual([]);
    expect(await mailSync({ account: null })).toEqual([]);
    await expect(mailSync({ account: 7 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('no mail account 7') });
  });

  it('adds, replaces and removes cadence rules', async () => {
    await expect(setCadenceRule({ rule: { kind: 'tag', name: 'x', days: 0 } })).rejects.toMatchObject({ code: 'invalid_input' });
    await setCadenceRule({ rule: { kind: 'tag', name: 'golf', days: 21 } });
    await setCadenceRule({ rule: { kind: 'tag', name: 'golf', days: 14 } });
    expect((await cadenceRules({})).filter((r) => r.name === 'golf')).toEqual([{ kind: 'tag', name: 'golf', days: 14 }]);
    expect(await removeCadenceRule({ kind: 'tag', name: 'golf' })).toBe(true);
    expect(await removeCadenceRule({ kind: 'tag', name: 'golf' })).toBe(false);
  });

  it('a cadence rule puts a tagged contact on today once it lapses', async () => {
    const date = await coreToday();
    const gil = await addContact({ draft: draft('Gil', { tags: ['golf'] }) });
    await logInteraction({ draft: { contact_id: gil.id, kind: 'call', occurred_at: noonOn(date, -10), direction: null, text: '', outcome: null } });
    const today = () => todayList({ date: null, rows_per_section: null, past_workload: false });
    expect((await today()).today).toEqual([]);
    await setCadenceRule({ rule: { kind: 'tag', name: 'golf', days: 7 } });
    expect((await today()).today.map((i) => [i.display_name, i.cadence_days, i.days_late])).toEqual([['Gil', 7, 3]]);
  });

  it('exports contacts and follow-ups to the file the user picked', async () => {
    const date = await coreToday();
    const ada = await addContact({ draft: draft('Ada Lovelace', { tags: ['VIP'], emails: [{ address: 'ada@x.com', label: null }] }) });
    await addContact({ draft: draft('Quiet', { tags: ['VIP'], do_not_contact: true }) });
    await addFollowUp({ draft: { contact_id: ada.id, due_date: date, due_time: null, text: 'call back' } });
    const dir = inject('coreRoot');
    const csv = join(dir, `export-${process.pid}-${Date.now()}.csv`);
    const all = await exportContacts({ format: 'csv', filter: { tag: 'vip', ids: null, for_outreach: false, include_archived: false, channel: null }, path: csv });
    expect(all).toEqual({ path: csv, count: 2 });
    expect(readFileSync(csv, 'utf8')).toContain('ada@x.com');
    const outreach = await exportContacts({ format: 'google_csv', filter: { tag: 'vip', ids: null, for_outreach: true, include_archived: false, channel: null }, path: csv });
    expect(outreach.count).toBe(1);
    expect(readFileSync(csv, 'utf8')).not.toContain('Quiet');
    const ics = join(dir, `export-${process.pid}-${Date.now()}.ics`);
    expect((await exportContacts({ format: 'ics', filter: { tag: null, ids: null, for_outreach: false, include_archived: false, channel: null }, path: ics })).count).toBe(1);
    expect(readFileSync(ics, 'utf8')).toContain('call back');
  });
});
