import { describe, expect, it } from 'vitest';
import { dateInputExample, formatDateInput, isIsoDate, parseDateInput } from '../src/lib/dateInput';

const TODAY = '2026-03-10';
const zh = (text: string) => parseDateInput(text, 'zh-CN', TODAY);
const en = (text: string) => parseDateInput(text, 'en', TODAY);

describe('date fields', () => {
  it('show a date year first in Chinese and with the month by name in English', () => {
    expect(formatDateInput('2026-12-04', 'zh-CN')).toBe('2026-12-04');
    expect(formatDateInput('2026-12-04', 'en')).toBe('4 Dec 2026');
    expect(formatDateInput('2026-01-31', 'en')).toBe('31 Jan 2026');
    expect(formatDateInput('', 'en')).toBe('');
    expect(formatDateInput('', 'zh-CN')).toBe('');
    // What they show reads back as the same date, in either language.
    for (const d of ['2026-12-04', '2028-02-29', '2026-01-01', '2026-12-31']) {
      expect(zh(formatDateInput(d, 'zh-CN'))).toBe(d);
      expect(en(formatDateInput(d, 'en'))).toBe(d);
    }
    expect(en(dateInputExample('en'))).toBe('2026-12-04');
    expect(zh(dateInputExample('zh-CN'))).toBe('2026-12-04');
  });

  it('read ISO dates and the Chinese forms', () => {
    expect(zh('2026-12-04')).toBe('2026-12-04');
    expect(zh('2026-12-4')).toBe('2026-12-04');
    expect(zh('2026/12/4')).toBe('2026-12-04');
    expect(zh('2026.12.04')).toBe('2026-12-04');
    expect(zh('2026年12月4日')).toBe('2026-12-04');
    expect(zh('2026 年 12 月 4 日')).toBe('2026-12-04');
    expect(zh('2027年1月5号')).toBe('2027-01-05');
    // Without a year: this year.
    expect(zh('12月4日')).toBe('2026-12-04');
    expect(zh('12月4')).toBe('2026-12-04');
    expect(zh('12/4')).toBe('2026-12-04');
    expect(zh('  2026-12-04  ')).toBe('2026-12-04');
  });

  it('read the English forms: month first with slashes, or the month by name', () => {
    expect(en('2026-12-04')).toBe('2026-12-04');
    expect(en('12/4')).toBe('2026-12-04');
    expect(en('12/04/2026')).toBe('2026-12-04');
    expect(en('12/4/26')).toBe('2026-12-04');
    expect(en('4 Dec 2026')).toBe('2026-12-04');
    expect(en('4 december 2026')).toBe('2026-12-04');
    expect(en('4th Dec')).toBe('2026-12-04');
    expect(en('Dec 4, 2026')).toBe('2026-12-04');
    expect(en('Dec. 4')).toBe('2026-12-04');
    expect(en('Sept 30 2026')).toBe('2026-09-30');
    expect(en('4-Dec-2026')).toBe('2026-12-04');
    // A Chinese date typed in the English UI is read too.
    expect(en('12月4日')).toBe('2026-12-04');
  });

  it('take an empty field as no date', () => {
    expect(en('')).toBe('');
    expect(zh('   ')).toBe('');
  });

  it('know leap days', () => {
    expect(zh('2028-02-29')).toBe('2028-02-29');
    expect(zh('2026-02-29')).toBeNull();
    expect(zh('2000-02-29')).toBe('2000-02-29');
    expect(zh('2100-02-29')).toBeNull();
    // Without a year, 29 February is a day only in a leap year.
    expect(zh('2月29日')).toBeNull();
    expect(parseDateInput('2/29', 'en', '2028-01-15')).toBe('2028-02-29');
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });

  it('refuse what they cannot read', () => {
    for (const bad of ['tomorrow', '12', '2026', '2026-13-01', '2026-12-32', '2026-04-31', '13/1', '0/5', '4 Foo 2026', 'De 4', '2026-12-04x', '12月', '2026/12', '1.2.3.4', '００']) {
      expect(en(bad), bad).toBeNull();
      expect(zh(bad), bad).toBeNull();
    }
  });
});
