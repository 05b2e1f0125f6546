// The Contact screen's logic: inline edits of single fields turned into a
// full draft (the core replaces all user-set fields at once), and the
// timeline of interactions and follow-ups, newest first. What a field may
// hold (an email address, a date, a cadence) is the core's to say: a rejected
// edit shows the core's message.

import type { Contact } from './bindings/Contact';
import type { ContactDraft } from './bindings/ContactDraft';
import type { FollowUp } from './bindings/FollowUp';
import type { Interaction } from './bindings/Interaction';
import type { Stage } from './bindings/Stage';

/** Every contact stage, in pipeline order (the menu of the stage filter and field). */
export const STAGES: Stage[] = ['lead', 'prospect', 'customer', 'dormant', 'lost'];

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

export type EditResult = { ok: true; draft: ContactDraft } | { ok: false; error: string };

/** The draft with one field set from its editor's text, or why the text cannot be read as that field. */
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
      d.emails = addrs.map((address) => ({ address, label: d0.emails.find((e) => e.address === address)?.label ?? null }));
      break;
    }
    case 'phone': {
      const raws = splitList(v);
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
      d[f] = v || null;
      break;
    case 'stage':
      d.stage = (v || null) as Stage | null;
      break;
    case 'cadence': {
      if (!v) {
        d.cadence_days = null;
        break;
      }
      const n = Number(v);
      if (!Number.isInteger(n)) return { ok: false, error: `'${v}' is not a number of days` };
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
