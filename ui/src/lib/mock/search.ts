// The mock's search: substring matching over the fields PRODUCT.md §4 names,
// pinyin (full and initials) for Chinese names, digit runs for phones,
// grouped per contact and ranked exact name > name prefix > fields > notes.

import type { Contact } from '../bindings/Contact';
import type { FollowUp } from '../bindings/FollowUp';
import type { Interaction } from '../bindings/Interaction';
import type { SearchHit, SearchMatch } from '../ipc';
import { hasHan, syllables, toSimplified } from './pinyin';

/** Case, width and accent folding, and traditional → simplified. */
export function fold(s: string): string {
  return toSimplified(s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase());
}

/** A match of `q` (already folded) in `value`, with char-offset highlight, or null. */
function substringMatch(field: string, value: string, q: string, window = 40): SearchMatch | null {
  const chars = Array.from(value);
  const folded = chars.map((c) => fold(c));
  // Find q across the folded chars (folding keeps one char → one or more chars; search char-wise).
  const joined = folded.join('');
  const at = joined.indexOf(q);
  if (at < 0) return null;
  // Map the string offset back to char offsets.
  let pos = 0;
  let start = -1;
  let end = -1;
  for (let i = 0; i < folded.length; i++) {
    if (start < 0 && pos + folded[i].length > at) start = i;
    pos += folded[i].length;
    if (start >= 0 && pos >= at + q.length) {
      end = i + 1;
      break;
    }
  }
  if (start < 0 || end < 0) return null;
  let from = 0;
  let to = chars.length;
  if (chars.length > window * 2) {
    from = Math.max(0, start - window / 2);
    to = Math.min(chars.length, end + window);
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < chars.length ? '…' : '';
  const snippet = prefix + chars.slice(from, to).join('') + suffix;
  const shift = prefix ? 1 - from : -from;
  return { field, snippet, highlights: [[start + shift, end + shift]] };
}

/** Whole-name match by pinyin: full syllables (`zhangweiming`, `zhang wei`) or initials (`zwm`). */
function pinyinMatch(name: string, q: string): boolean {
  if (!hasHan(name)) return false;
  const syl = syllables(name);
  const compact = q.replace(/\s+/g, '');
  if (!compact || !/^[a-z]+$/.test(compact)) return false;
  const initials = syl.map((s) => s[0]).join('');
  if (compact.length >= 2 && initials.startsWith(compact)) return true;
  return syl.join('').startsWith(compact) && compact.length >= 2;
}

function digits(s: string): string {
  return s.replace(/\D/g, '');
}

interface Scored {
  hit: SearchHit;
  score: number;
  recency: string;
}

/** Searches the mock's data. */
export function searchMock(
  contacts: Iterable<Contact>,
  interactions: Interaction[],
  followUps: FollowUp[],
  query: string,
  limit: number,
): SearchHit[] {
  const q = fold(query.trim());
  if (!q) return [];
  const qDigits = digits(query);
  const notesBy = new Map<number, string[]>();
  for (const it of interactions) {
    const l = notesBy.get(it.contact_id) ?? [];
    l.push(it.text);
    notesBy.set(it.contact_id, l);
  }
  for (const f of followUps) {
    const l = notesBy.get(f.contact_id) ?? [];
    l.push(f.text);
    notesBy.set(f.contact_id, l);
  }
  const out: Scored[] = [];
  for (const c of contacts) {
    if (c.deleted_at) continue;
    const matches: SearchMatch[] = [];
    let score = 0;
    const name = fold(c.display_name);
    const nm = substringMatch('name', c.display_name, q);
    if (nm) {
      matches.push(nm);
      score = name === q ? 100 : name.startsWith(q) ? 80 : 60;
    } else if (pinyinMatch(c.display_name, q)) {
      matches.push({ field: 'name', snippet: c.display_name, highlights: [[0, Array.from(c.display_name).length]] });
      score = 70;
    }
    const fields: Array<[string, string | null]> = [
      ['company', c.company],
      ['title', c.title],
      ...c.emails.map((e): [string, string] => ['email', e.address]),
      ...c.tags.map((t): [string, string] => ['tag', t]),
      ...c.custom_fields.map((f): [string, string] => ['custom', `${f.key}: ${f.value}`]),
      ...c.addresses.map((a): [string, string] => ['address', [a.street, a.city, a.country].filter(Boolean).join(', ')]),
    ];
    for (const [field, value] of fields) {
      if (!value) continue;
      const m = substringMatch(field, value, q);
      if (m) {
        matches.push(m);
        score = Math.max(score, 40);
      }
    }
    if (qDigits.length >= 4) {
      for (const p of c.phones) {
        const d = digits(p.raw);
        const at = d.indexOf(qDigits);
        if (at < 0) continue;
        // Highlight the chars of `raw` that hold the matched digits.
        const chars = Array.from(p.raw);
        let seen = 0;
        let start = -1;
        let end = -1;
        chars.forEach((ch, i) => {
          if (!/\d/.test(ch)) return;
          if (seen === at) start = i;
          seen++;
          if (seen === at + qDigits.length) end = i + 1;
        });
        matches.push({ field: 'phone', snippet: p.raw, highlights: [[start, end]] });
        score = Math.max(score, 40);
      }
    }
    for (const text of notesBy.get(c.id) ?? []) {
      const m = substringMatch('note', text, q);
      if (m) {
        matches.push(m);
        score = Math.max(score, 20);
        break;
      }
    }
    if (matches.length) {
      out.push({
        hit: { contact_id: c.id, display_name: c.display_name, company: c.company, matches },
        score,
        recency: c.last_contacted?.at ?? '',
      });
    }
  }
  out.sort((a, b) => b.score - a.score || (b.recency > a.recency ? 1 : b.recency < a.recency ? -1 : 0));
  return out.slice(0, limit).map((s) => s.hit);
}
