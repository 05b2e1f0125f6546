// The Contact screen's logic: inline edits of single fields turned into a
// full draft (the backend replaces all user-set fields at once), and the
// timeline of interactions and follow-ups, newest first.

import type { Contact } from './bindings/Contact';
import type { ContactDraft } from './bindings/ContactDraft';
import type { FollowUp } from './bindings/FollowUp';
import type { Interaction } from './bindings/Interaction';
import type { Stage } from './bindings/Stage';
import { STAGES } from './ipc';

export type EditableField =
  | 'display_name' | 'given_name' | 'family_name' | 'phonetic_name' | 'company' | 'title'
  | 'email' | 'phone' | 'address' | 'birthday' | 'anniversary' | 'tags' | 'stage' | 'source'
  | 'cadence' | 'custom';

/** The user-set part of a contact. */
export function draftOf(c: Contact): ContactDraft {
  return plain({
    display_name: c.display_name,
    given_name: c.given_name,
    family_name: c.family_name,
    phonetic_name: c.phonetic_name,
    company: c.company,
    title: c.title,
    emails: c.emails,
    phones: c.phones,
    addresses: c.addresses,
    birthday: c.birthday,
    anniversary: c.anniversary,
    tags: c.tags,
    stage: c.stage,
    custom_fields: c.custom_fields,
    source: c.source,
    do_not_contact: c.do_not_contact,
    cadence_days: c.cadence_days,
  });
}

/** An empty draft with a name. */
export function newDraft(name: string): ContactDraft {
  return {
    display_name: name, given_name: null, family_name: null, phonetic_name: null, company: null, title: null,
    emails: [], phones: [], addresses: [], birthday: null, anniversary: null, tags: [], stage: null,
    custom_fields: [], source: null, do_not_contact: false, cadence_days: null,
  };
}

/** A deep copy as plain data (Svelte state proxies cannot be structured-cloned). */
function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const splitList = (s: string) => s.split(/[,，;；\n]/).map((x) => x.trim()).filter(Boolean);
const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** A field as text for its inline editor. */
export function fieldText(d: ContactDraft, f: EditableField): string {
  switch (f) {
    case 'email': return d.emails.map((e) => e.address).join(', ');
    case 'phone': return d.phones.map((p) => p.raw).join(', ');
    case 'tags': return d.tags.join(', ');
    case 'address': {
      const a = d.addresses[0];
      return a ? [a.street, a.city, a.region, a.postal_code, a.country].filter(Boolean).join(', ') : '';
    }
    case 'cadence': return d.cadence_days === null ? '' : String(d.cadence_days);
    case 'custom': return d.custom_fields.map((c) => `${c.key}: ${c.value}`).join('\n');
    case 'stage': return d.stage ?? '';
    default: return d[f] ?? '';
  }
}

const PARTIAL_DATE = /^(\d{4}|-)-(\d{2})-(\d{2})$/;

function validPartialDate(s: string): boolean {
  const m = PARTIAL_DATE.exec(s);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const year = m[1] === '-' ? 2000 : Number(m[1]); // leap year when unknown: 29 Feb is allowed
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export type EditResult = { ok: true; draft: ContactDraft } | { ok: false; error: string };

/** The draft with one field set from its editor's text, or why the text is not acceptable. */
export function applyField(d0: ContactDraft, f: EditableField, text: string): EditResult {
  const d = plain(d0);
  const v = text.trim();
  switch (f) {
    case 'display_name':
      if (!v) return { ok: false, error: 'a contact needs a name' };
      d.display_name = v;
      break;
    case 'email': {
      const addrs = splitList(v);
      const bad = addrs.find((a) => !/^[^@\s]+@[^@\s]+$/.test(a));
      if (bad) return { ok: false, error: `'${bad}' is not an email address` };
      d.emails = addrs.map((address) => ({ address, label: d0.emails.find((e) => e.address === address)?.label ?? null }));
      break;
    }
    case 'phone': {
      const raws = splitList(v);
      const bad = raws.find((p) => (p.match(/\d/g) ?? []).length < 3);
      if (bad) return { ok: false, error: `'${bad}' is not a phone number` };
      d.phones = raws.map((raw) => d0.phones.find((p) => p.raw === raw) ?? { raw, e164: null, label: null });
      break;
    }
    case 'tags':
      d.tags = [...new Set(splitList(v))];
      break;
    case 'address': {
      const rest = d.addresses.slice(1);
      d.addresses = v ? [{ label: d0.addresses[0]?.label ?? null, street: v, city: null, region: null, postal_code: null, country: null }, ...rest] : rest;
      break;
    }
    case 'birthday':
    case 'anniversary':
      if (v && !validPartialDate(v)) return { ok: false, error: `'${v}' is not a date (YYYY-MM-DD or --MM-DD)` };
      d[f] = v || null;
      break;
    case 'stage':
      if (v && !STAGES.includes(v as Stage)) return { ok: false, error: `'${v}' is not a stage` };
      d.stage = (v || null) as Stage | null;
      break;
    case 'cadence': {
      if (!v) {
        d.cadence_days = null;
        break;
      }
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 3660) return { ok: false, error: 'cadence must be 1–3660 days' };
      d.cadence_days = n;
      break;
    }
    case 'custom': {
      const lines = v.split('\n').map((l) => l.trim()).filter(Boolean);
      const fields = [];
      for (const l of lines) {
        const i = l.search(/[:：]/);
        if (i <= 0) return { ok: false, error: `'${l}' needs the form key: value` };
        fields.push({ key: l.slice(0, i).trim(), value: l.slice(i + 1).trim() });
      }
      d.custom_fields = fields;
      break;
    }
    default:
      d[f] = orNull(v);
  }
  return { ok: true, draft: d };
}

export type TimelineEntry =
  | { type: 'interaction'; at: string; interaction: Interaction }
  | { type: 'follow_up'; at: string; followUp: FollowUp };

/**
 * Interactions and follow-ups, newest first. An interaction sorts by when it
 * happened, a follow-up by when it was done or, while open, by its due date.
 */
export function timeline(interactions: Interaction[], followUps: FollowUp[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...interactions.map((interaction): TimelineEntry => ({ type: 'interaction', at: interaction.occurred_at, interaction })),
    ...followUps.map((followUp): TimelineEntry => ({
      type: 'follow_up',
      at: followUp.completed_at ?? `${followUp.due_date}T${followUp.due_time ?? '09:00'}:00`,
      followUp,
    })),
  ];
  const ms = (s: string) => new Date(s).getTime();
  return entries.sort((a, b) => ms(b.at) - ms(a.at));
}

/** The next open follow-up, if any. */
export function nextFollowUp(followUps: FollowUp[]): FollowUp | null {
  return followUps.filter((f) => f.status !== 'done').sort((a, b) => (a.due_date < b.due_date ? -1 : 1))[0] ?? null;
}
