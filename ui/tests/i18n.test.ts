import { describe, expect, it } from 'vitest';
import { en, zh, placeholders, translate } from '../src/lib/i18n';

// Every UI source file as text (Vite's glob import; the generated bindings hold no UI strings).
const sources = import.meta.glob<string>(['../src/**/*.svelte', '../src/**/*.ts', '!../src/lib/bindings/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('i18n', () => {
  it('has every key in both languages, none empty, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(en) as Array<[keyof typeof en, string]>) {
      expect(v.trim(), k).not.toBe('');
      expect(zh[k].trim(), k).not.toBe('');
      expect(placeholders(zh[k]), k).toEqual(placeholders(v));
    }
  });

  it('knows every literal key the UI asks for', () => {
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'today.late', { days: 3 })).toBe('3 d late');
    expect(translate('zh-CN', 'today.late', { days: 3 })).toBe('逾期 3 天');
    expect(translate('en', 'today.late')).toBe('{days} d late');
    expect(translate('en', 'import.rows', { count: 1 })).toBe('1 row');
    expect(translate('en', 'import.rows', { count: 2 })).toBe('2 rows');
    expect(translate('en', 'contacts.count', { count: '100,003' })).toBe('100,003 contacts');
    expect(translate('zh-CN', 'import.rows', { count: 1 })).toBe('1 行');
    // The dashboard said "1 customers".
    expect(translate('en', 'dashboard.customers', { count: 1, amount: '¥5' })).toBe('1 customer · revenue ¥5');
    expect(translate('en', 'dashboard.customers', { count: 3, amount: '¥5' })).toBe('3 customers · revenue ¥5');
    expect(translate('zh-CN', 'dashboard.customers', { count: 1, amount: '¥5' })).toBe('1 位客户 · 成交额 ¥5');
  });

  it('has UI text in Chinese for the Chinese UI', () => {
    const cjk = Object.values(zh).filter((v) => /[\u4e00-\u9fff]/.test(v)).length;
    expect(cjk / Object.keys(zh).length).toBeGreaterThan(0.9);
  });
});
