// The Contact screen: inline edits turned into drafts (pure), the timeline
// (pure, on typed fixtures), and what the core makes of edits, merges and deletes.
import { describe, expect, it } from 'vitest';
import { addContact, deleteContact, getContact, logInteraction, mergeContacts, restoreContact, undoHistory, undoStep, updateContact } from '../src/lib/client';
import { applyField, draftOf, fieldText, nextFollowUp, timeline, type EditableField } from '../src/lib/contact';
import type { Contact } from '../src/lib/bindings/Contact';
import type { FollowUp } from '../src/lib/bindings/FollowUp';
import type { Interaction } from '../src/lib/bindings/Interaction';
import { draft, sharedBook } from './core/book';

describe('inline edits', () => {
  const d = draft('Ada', { emails: [{ address: 'ada@x.com', label: 'work' }], phones: [{ raw: '+1 415 555 8123', e164: '+14155558123', label: 'mobile' }] });

  it('turns list fields into lists and keeps labels of unchanged entries', () => {
    const r = applyField(d, 'email', 'ada@x.com, ada@home.org');
    expect(r.ok && r.draft.emails).toEqual([{ address: 'ada@x.com', label: 'work' }, { address: 'ada@home.org', label: null }]);
    const t = applyField(d, 'tags', 'VIP， golf, VIP');
    expect(t.ok && t.draft.tags).toEqual(['VIP', 'golf']);
    expect(fieldText(d, 'phone')).toBe('+1 415 555 8123');
  });

  it('rejects text that cannot be read as the field, with a reason', () => {
    expect(applyField(d, 'display_name', '  ')).toEqual({ ok: false, error: 'a contact needs a name' });
    expect(applyField(d, 'cadence', 'often')).toMatchObject({ ok: false });
    expect(applyField(d, 'custom', 'no colon')).toMatchObject({ ok: false });
  });

  it('clears empty fields and reads custom fields in either colon', () => {
    expect(applyField(d, 'company', '  ')).toMatchObject({ ok: true, draft: { company: null } });
    expect(applyField(d, 'cadence', '')).toMatchObject({ ok: true, draft: { cadence_days: null } });
    expect(applyField(d, 'custom', '微信: wx_1\nLinkedIn：ada')).toMatchObject({ ok: true, draft: { custom_fields: [{ key: '微信', value: 'wx_1' }, { key: 'LinkedIn', value: 'ada' }] } });
  });

  it('never changes the draft it was given', () => {
    const before = JSON.stringify(d);
    applyField(d, 'tags', 'x');
    expect(JSON.stringify(d)).toBe(before);
  });
});

describe('timeline', () => {
  const i = (id: number, at: string): Interaction => ({ id, contact_id: 1, kind: 'call', occurred_at: at, direction: null, text: `i${id}`, outcome: null, created_at: at, satisfaction: null });
  const f = (id: number, due: string, done: string | null = null): FollowUp => ({ id, contact_id: 1, due_date: due, due_time: null, text: `f${id}`, status: done ? 'done' : 'open', completed_at: done, created_at: '2026-01-01T00:00:00Z' });

  it('puts interactions and follow-ups together, newest first', () => {
    const entries = timeline([i(1, '2026-03-01T10:00:00Z'), i(2, '2026-03-09T10:00:00Z')], [f(1, '2026-03-20'), f(2, '2026-02-01', '2026-03-05T08:00:00Z')]);
    expect(entries.map((e) => (e.type === 'interaction' ? `i${e.interaction.id}` : `f${e.followUp.id}`))).toEqual(['f1', 'i2', 'f2', 'i1']);
  });

  it('finds the next open follow-up', () => {
    expect(nextFollowUp([f(1, '2026-03-20'), f(2, '2026-03-12'), f(3, '2026-03-01', '2026-03-02T00:00:00Z')])?.id).toBe(2);
    expect(nextFollowUp([])).toBeNull();
  });
});

describe('contact edits on the core', () => {
  sharedBook();

  /** Saves one inline edit as the Contact screen does: the core's answer, or its message. */
  async function edit(c: Contact, field: EditableField, text: string): Promise<Contact | string> {
    const r = applyField(draftOf(c), field, text);
    if (!r.ok) return r.error;
    return updateContact({ id: c.id, draft: r.draft }).catch((e: Error) => e.message);
  }

  it('saves what the core accepts and shows why it refuses the rest', async () => {
    const c = await addContact({ draft: draft('Grace', { emails: [{ address: 'grace@x.com', label: null }] }) });
    expect(await edit(c, 'email', 'nope')).toMatch(/'nope' is not an email address/);
    expect(await edit(c, 'birthday', '1990-02-30')).toMatch(/'1990-02-30' is not a date/);
    expect(await edit(c, 'cadence', '0')).toMatch(/cadence must be 1–3660 days/);
    // A partial date, 29 February without a year: the core keeps it as typed.
    expect(await edit(c, 'birthday', '--02-29')).toMatchObject({ birthday: '--02-29' });
    expect(await edit(await getContact({ id: c.id }), 'anniversary', '2012-02-29')).toMatchObject({ anniversary: '2012-02-29', birthday: '--02-29' });
    expect(await edit(await getContact({ id: c.id }), 'tags', 'VIP， golf, VIP')).toMatchObject({ tags: ['VIP', 'golf'] });
  });

  it('saves an edit, merges a duplicate and restores a delete', async () => {
    const a = await addContact({ draft: draft('Ada', { emails: [{ address: 'a@x.com', label: null }] }) });
    const dup = await addContact({ draft: draft('Ada L.', { company: 'Engines', emails: [{ address: 'ada@home.org', label: null }], tags: ['VIP'] }) });
    await logInteraction({ draft: { contact_id: dup.id, kind: 'meeting', occurred_at: new Date().toISOString(), direction: null, text: 'met', outcome: null } });
    const r = applyField(draftOf(await getContact({ id: a.id })), 'title', 'Countess');
    const saved = await updateContact({ id: a.id, draft: r.ok ? r.draft : draft('x') });
    expect(saved.title).toBe('Countess');
    const merged = await mergeContacts({ from: dup.id, into: a.id });
    expect(merged.company).toBe('Engines');
    expect(merged.emails.map((e) => e.address)).toEqual(['a@x.com', 'ada@home.org']);
    expect(merged.last_contacted?.kind).toBe('meeting');
    await expect(getContact({ id: dup.id })).rejects.toMatchObject({ code: 'contact_not_found' });
    await expect(mergeContacts({ from: a.id, into: a.id })).rejects.toMatchObject({ code: 'invalid_input' });
    await deleteContact({ id: a.id });
    await expect(getContact({ id: a.id })).rejects.toMatchObject({ code: 'contact_not_found', name: 'RapportError' });
    await restoreContact({ id: a.id });
    expect((await getContact({ id: a.id })).display_name).toBe('Ada');
  });

  it('undoes a merge in one step: both contacts come back as they were', async () => {
    const a = await addContact({ draft: draft('Grace', { emails: [{ address: 'grace@x.com', label: null }] }) });
    const dup = await addContact({ draft: draft('G. Hopper', { company: 'Navy', tags: ['VIP'] }) });
    await mergeContacts({ from: dup.id, into: a.id });
    const history = await undoHistory({ limit: 1 });
    expect(history.steps[0].label).toBe('merge G. Hopper into Grace');
    await undoStep({ step: null });
    expect((await getContact({ id: dup.id })).company).toBe('Navy');
    const back = await getContact({ id: a.id });
    expect([back.company, back.tags]).toEqual([null, []]);
  });
});
