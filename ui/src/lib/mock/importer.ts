// The mock's import: a small CSV reader with encoding and delimiter
// detection, header auto-mapping, and row → contact draft, enough for the
// wizard to behave as it does against the real core.

import type { ContactDraft } from '../bindings/ContactDraft';
import type { ImportTarget } from '../bindings/ImportTarget';
import type { Mapping } from '../bindings/Mapping';
import type { RowIssue } from '../bindings/RowIssue';

/** Files the mock "disk" holds, by path, as raw bytes. */
export type MockFiles = Map<string, Uint8Array>;

const utf8 = new TextEncoder();

/** The mock's sample files. */
export function sampleFiles(): MockFiles {
  const files: MockFiles = new Map();
  files.set(
    '/home/me/Downloads/google-contacts.csv',
    utf8.encode(
      [
        'Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,Birthday,Labels,Notes',
        'Brigitte Dubois,Brigitte,Dubois,brigitte@example.fr,+33 6 12 34 56 78,Maison Dubois,Owner,1975-06-02,VIP,"Met at the fair, wants a quote"',
        'Ada Lovelace,Ada,Lovelace,ada@example.com,+1 (415) 555-8123,Analytical Engines,CEO,,referral,Already a customer',
        '王芳,芳,王,wangfang@example.cn,13912345678,万科地产,销售经理,1988-11-20,老客户,',
        'Carlos Mendes,Carlos,Mendes,not-an-email,,Globex,,1990-13-45,,',
        '"Smith, John",John,Smith,john@example.com,+44 20 7946 0958,Initech,CFO,,golf,"Two lines\nof notes"',
      ].join('\n') + '\n',
    ),
  );
  files.set(
    '/home/me/Downloads/通讯录.csv',
    utf8.encode(
      ['姓名;手机;邮箱;公司;职位;生日;备注', '张伟明;+86 138 0013 8000;c1@example.cn;华信科技;总经理;1980-01-01;老朋友', '刘洋;13700001111;liuyang@example.cn;平安保险;顾问;;', '陈静;;chenjing@example.cn;招商银行;;1992-07-07;喜欢打高尔夫'].join('\n') + '\n',
    ),
  );
  return files;
}

/** Decodes `bytes` with a WHATWG label; the guess is UTF-8 unless there is a BOM. */
export function decode(bytes: Uint8Array, label: string | null): { text: string; name: string; reason: string; confidence: number } {
  let name = label;
  let reason = 'chosen';
  let confidence = 1;
  if (!name) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) [name, reason] = ['UTF-16LE', 'byte-order mark'];
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) [name, reason] = ['UTF-16BE', 'byte-order mark'];
    else {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        [name, reason, confidence] = ['UTF-8', 'valid UTF-8', 0.99];
      } catch {
        [name, reason, confidence] = ['GBK', 'statistical guess', 0.6];
      }
    }
  }
  let text: string;
  try {
    text = new TextDecoder(name).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
  }
  return { text: text.replace(/^\uFEFF/, ''), name, reason, confidence };
}

/** The delimiter of the header line: the most frequent of `,` `;` tab `|` outside quotes. */
export function detectDelimiter(text: string): string {
  const first = text.split('\n', 1)[0] ?? '';
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    const count = first.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/** RFC 4180 records: quoted fields may hold delimiters, quotes (`""`) and newlines. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const HEADER_TARGETS: Array<[RegExp, (slot: number, header: string) => ImportTarget]> = [
  [/^(name|full name|display name|姓名|名称)$/i, () => ({ field: 'full_name' })],
  [/^(given name|first name|名)$/i, () => ({ field: 'given_name' })],
  [/^(family name|last name|surname|姓)$/i, () => ({ field: 'family_name' })],
  [/e-?mail|邮箱|电子邮件/i, (slot) => ({ field: 'email', slot, label: null })],
  [/phone|mobile|手机|电话/i, (slot, h) => ({ field: 'phone', slot, label: /mobile|手机/i.test(h) ? 'mobile' : null })],
  [/organi[sz]ation.*title|^(title|job title|position|职位|职务)$/i, () => ({ field: 'title' })],
  [/company|organi[sz]ation|公司|单位/i, () => ({ field: 'company' })],
  [/birthday|生日/i, () => ({ field: 'birthday' })],
  [/anniversary|纪念日/i, () => ({ field: 'anniversary' })],
  [/^(labels|tags|group membership|标签|分组)$/i, () => ({ field: 'tags' })],
  [/^(notes?|备注)$/i, () => ({ field: 'notes' })],
  [/address|地址/i, (slot) => ({ field: 'address', slot, part: 'formatted', label: null })],
];

/** The suggested target of a header (a custom field when nothing fits). */
export function suggestTarget(header: string, slot: number): ImportTarget {
  for (const [re, target] of HEADER_TARGETS) if (re.test(header.trim())) return target(slot, header);
  return header.trim() ? { field: 'custom', key: header.trim() } : { field: 'ignore' };
}

/** Auto-mapping of a header row. */
export function autoMapping(headers: string[]): Mapping {
  let emails = 0;
  let phones = 0;
  let addresses = 0;
  const columns = headers.map((column) => {
    const guess = suggestTarget(column, 0);
    let target = guess;
    if (guess.field === 'email') target = { ...guess, slot: emails++ };
    if (guess.field === 'phone') target = { ...guess, slot: phones++ };
    if (guess.field === 'address') target = { ...guess, slot: addresses++ };
    return { column, target, guessed: false };
  });
  const profile = headers.includes('Organization 1 - Name') ? 'Google Contacts' : headers.includes('姓名') ? 'Chinese headers' : null;
  return { profile, columns };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function emptyDraft(): ContactDraft {
  return {
    display_name: '', given_name: null, family_name: null, phonetic_name: null, company: null, title: null,
    emails: [], phones: [], addresses: [], birthday: null, anniversary: null, tags: [], stage: null,
    custom_fields: [], source: null, do_not_contact: false, cadence_days: null,
  };
}

function validDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const [mo, d] = [Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

/** A row as a draft (or `null` when it cannot be a contact), its note, and its problems. */
export function rowToDraft(
  row: string[],
  mapping: Mapping,
  rowNumber: number,
): { draft: ContactDraft | null; note: string | null; issues: RowIssue[] } {
  const d = emptyDraft();
  const issues: RowIssue[] = [];
  let note: string | null = null;
  mapping.columns.forEach(({ column, target }, i) => {
    const v = (row[i] ?? '').trim();
    if (!v) return;
    const warn = (message: string) => issues.push({ row: rowNumber, column, message, severity: 'warning' });
    switch (target.field) {
      case 'full_name': d.display_name = v; break;
      case 'given_name': d.given_name = v; break;
      case 'family_name': d.family_name = v; break;
      case 'company': d.company = v; break;
      case 'title': d.title = v; break;
      case 'email':
        if (EMAIL.test(v)) d.emails.push({ address: v, label: target.label });
        else warn(`'${v}' is not an email address; kept as a custom field`), d.custom_fields.push({ key: column, value: v });
        break;
      case 'phone': d.phones.push({ raw: v, e164: null, label: target.label }); break;
      case 'birthday':
      case 'anniversary':
        if (validDate(v)) d[target.field] = v;
        else warn(`'${v}' is not a date`);
        break;
      case 'tags': d.tags.push(...v.split(/[,;]| ::: /).map((t) => t.trim()).filter(Boolean)); break;
      case 'notes': note = v; break;
      case 'address': d.addresses.push({ label: target.label, street: v, city: null, region: null, postal_code: null, country: null }); break;
      case 'custom': d.custom_fields.push({ key: target.key, value: v }); break;
      default: break;
    }
  });
  if (!d.display_name) {
    const cjk = /[\u3400-\u9fff]/.test((d.family_name ?? '') + (d.given_name ?? ''));
    d.display_name = [d.family_name, d.given_name].filter(Boolean).join(cjk ? '' : ' ');
    if (!cjk) d.display_name = [d.given_name, d.family_name].filter(Boolean).join(' ');
  }
  if (!d.display_name) {
    d.display_name = d.company ?? d.emails[0]?.address ?? '';
  }
  if (!d.display_name) {
    issues.push({ row: rowNumber, column: null, message: 'no name, company, email or phone', severity: 'error' });
    return { draft: null, note, issues };
  }
  return { draft: d, note, issues };
}
