import { describe, expect, it } from 'vitest';
import { exportFileName, parseReminder, parseRegion, sortRules } from '../src/lib/settings';
import { createMockBackend } from '../src/lib/mock/backend';
import { TODAY } from './helpers';

describe('settings', () => {
  it('reads a reminder time, or off', () => {
    expect(parseReminder('8:05')).toEqual({ ok: true, time: '08:05' });
    expect(parseReminder('')).toEqual({ ok: true, time: null });
    expect(parseReminder('24:00')).toEqual({ ok: false });
    expect(parseReminder('8h')).toEqual({ ok: false });
  });

  it('reads a region code', () => {
    expect(parseRegion(' cn ')).toBe('CN');
    expect(parseRegion('CHN')).toBeNull();
  });

  it('names export files by what and when', () => {
    expect(exportFileName('csv', TODAY, null)).toBe('rapport-contacts-2026-03-10.csv');
    expect(exportFileName('vcard3', TODAY, '老 客户')).toBe('rapport-contacts-老-客户-v3-2026-03-10.vcf');
    expect(exportFileName('ics', TODAY, 'VIP')).toBe('rapport-follow-ups-2026-03-10.ics');
  });

  it('sorts rules stages first', () => {
    expect(sortRules([{ kind: 'tag', name: 'b', days: 1 }, { kind: 'stage', name: 'lead', days: 2 }, { kind: 'tag', name: 'a', days: 3 }]).map((r) => r.name)).toEqual(['lead', 'a', 'b']);
  });

  it('the mock keeps settings and validates like the core', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    await b.setDefaultRegion('cn');
    await b.setReminderTime('07:45');
    await b.setLanguage('zh-CN');
    expect(await b.getSettings()).toMatchObject({ default_region: 'CN', reminder_time: '07:45', language: 'zh-CN' });
    await expect(b.setDefaultRegion('China')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(b.setCadenceRule({ kind: 'tag', name: 'x', days: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
    await b.setCadenceRule({ kind: 'tag', name: 'golf', days: 21 });
    await b.setCadenceRule({ kind: 'tag', name: 'GOLF', days: 14 });
    expect((await b.cadenceRules()).filter((r) => r.name.toLowerCase() === 'golf')).toEqual([{ kind: 'tag', name: 'GOLF', days: 14 }]);
    expect(await b.removeCadenceRule('tag', 'golf')).toBe(true);
    expect(await b.removeCadenceRule('tag', 'golf')).toBe(false);
  });

  it('a cadence rule puts a tagged contact on today once it lapses', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    const c = await b.addContact({ ...(await import('./helpers')).draft('Gil'), tags: ['golf'] });
    b.data.contacts.get(c.id)!.created_at = '2026-03-01T12:00:00Z';
    expect((await b.todayList()).today).toEqual([]);
    await b.setCadenceRule({ kind: 'tag', name: 'golf', days: 7 });
    expect((await b.todayList()).today.map((i) => [i.display_name, i.cadence_days])).toEqual([['Gil', 7]]);
  });
});
