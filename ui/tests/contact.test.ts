import { describe, expect, it } from 'vitest';
import { applyField, draftOf, fieldText, nextFollowUp, timeline } from '../src/lib/contact';
import { createMockBackend } from '../src/lib/mock/backend';
import type { FollowUp } from '../src/lib/bindings/FollowUp';
import type { Interaction } from '../src/lib/bindings/Interaction';
import { draft, TODAY } from './helpers';

describe('inline edits', () => {
  const d = draft('Ada', { emails: [{ address: 'ada@x.com', label: 'work' }], phones: [{ raw: '+1 415 555 8123', e164: '+14155558123', label: 'mobile' }] });

  it('turns list fields into lists and keeps labels of unchanged entries', () => {
    const r = applyField(d, 'email', 'ada@x.com, ada@home.org');
    expect(r.ok && r.draft.emails).toEqual([{ address: 'ada@x.com', label: 'work' }, { address: 'ada@home.org', label: null }]);
    const t = applyField(d, 'tags', 'VIP， golf, VIP');
    expect(t.ok && t.draft.tags).toEqual(['VIP', 'golf']);
    expect(fieldText(d, 'phone')).toBe('+1 415 555 8123');
  });

  it('rejects what the core would reject, with a reason', () => {
    expect(applyField(d, 'display_name', '  ')).toEqual({ ok: false, error: 'a contact needs a name' });
    expect(applyField(d, 'email', 'nope')).toMatchObject({ ok: false });
    expect(applyField(d, 'birthday', '1990-02-30')).toMatchObject({ ok: false });
    expect(applyField(d, 'cadence', '0')).toMatchObject({ ok: false });
    expect(applyField(d, 'stage', 'boss')).toMatchObject({ ok: false });
    expect(applyField(d, 'custom', 'no colon')).toMatchObject({ ok: false });
  });

  it('accepts partial dates, 29 February without a year, and clears empty fields', () => {
    expect(applyField(d, 'birthday', '--02-29')).toMatchObject({ ok: true, draft: { birthday: '--02-29' } });
    expect(applyField(d, 'anniversary', '2012-02-29')).toMatchObject({ ok: true });
    expect(applyField(d, 'company', '  ')).toMatchObject({ ok: true, draft: { company: null } });
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

describe('contact operations on the mock', () => {
  it('saves an edit, merges a duplicate and restores a delete', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    const a = await b.addContact(draft('Ada', { emails: [{ address: 'a@x.com', label: null }] }));
    const dup = await b.addContact(draft('Ada L.', { company: 'Engines', emails: [{ address: 'ada@home.org', label: null }], tags: ['VIP'] }));
    await b.logInteraction({ contact_id: dup.id, kind: 'meeting', occurred_at: '2026-03-01T10:00:00Z', direction: null, text: 'met', outcome: null });
    const r = applyField(draftOf(await b.getContact(a.id)), 'title', 'Countess');
    const saved = await b.updateContact(a.id, r.ok ? r.draft : draft('x'));
    expect(saved.title).toBe('Countess');
    const merged = await b.mergeContacts(dup.id, a.id);
    expect(merged.company).toBe('Engines');
    expect(merged.emails.map((e) => e.address)).toEqual(['a@x.com', 'ada@home.org']);
    expect(merged.last_contacted?.kind).toBe('meeting');
    await expect(b.getContact(dup.id)).rejects.toMatchObject({ code: 'contact_not_found' });
    await expect(b.mergeContacts(a.id, a.id)).rejects.toMatchObject({ code: 'invalid_input' });
    await b.deleteContact(a.id);
    await expect(b.getContact(a.id)).rejects.toMatchObject({ code: 'contact_not_found' });
    await b.restoreContact(a.id);
    expect((await b.getContact(a.id)).display_name).toBe('Ada');
  });
});
