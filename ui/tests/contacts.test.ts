import { describe, expect, it } from 'vitest';
import { createMockBackend } from '../src/lib/mock/backend';
import type { ContactListQuery } from '../src/lib/ipc';
import { draft, TODAY } from './helpers';

const q = (patch: Partial<ContactListQuery['query']> = {}, overdue = false): ContactListQuery => ({
  query: { tag: null, stage: null, tier: null, never_contacted: false, include_archived: false, sort: 'name', limit: null, offset: 0, ...patch },
  overdue,
});

async function book() {
  const b = createMockBackend({ today: TODAY, count: 0 });
  const zed = await b.addContact(draft('Zed', { company: 'Acme', tags: ['VIP'], stage: 'customer' }));
  const amy = await b.addContact(draft('amy', { company: null }));
  const bob = await b.addContact(draft('Bob', { company: 'Bolt', cadence_days: 7 }));
  b.data.contacts.get(bob.id)!.created_at = '2026-02-01T10:00:00Z';
  await b.logInteraction({ contact_id: zed.id, kind: 'call', occurred_at: '2026-03-09T10:00:00Z', direction: null, text: '', outcome: null });
  await b.logInteraction({ contact_id: amy.id, kind: 'email', occurred_at: '2026-03-01T10:00:00Z', direction: null, text: '', outcome: null });
  await b.addFollowUp({ contact_id: amy.id, due_date: '2026-03-05', due_time: null, text: 'late' });
  return { b, zed, amy, bob };
}
const names = async (b: Awaited<ReturnType<typeof book>>['b'], query: ContactListQuery) => (await b.listContacts(query)).map((c) => c.display_name);

describe('contact list queries on the mock', () => {
  it('sorts by name (case-insensitive), last contacted (never last) and company (none last)', async () => {
    const { b } = await book();
    expect(await names(b, q())).toEqual(['amy', 'Bob', 'Zed']);
    expect(await names(b, q({ sort: 'last_contacted' }))).toEqual(['Zed', 'amy', 'Bob']);
    expect(await names(b, q({ sort: 'company' }))).toEqual(['Zed', 'Bob', 'amy']);
  });

  it('filters by tag, stage, never contacted and overdue, and counts the same rows', async () => {
    const { b } = await book();
    expect(await names(b, q({ tag: 'vip' }))).toEqual(['Zed']);
    expect(await names(b, q({ stage: 'customer' }))).toEqual(['Zed']);
    expect(await names(b, q({ never_contacted: true }))).toEqual(['Bob']);
    // amy has a follow-up past due, Bob's cadence lapsed days ago.
    expect(await names(b, q({}, true))).toEqual(['amy', 'Bob']);
    expect(await b.countContacts(q({}, true))).toBe(2);
  });

  it('filters by value tier', async () => {
    const { b, zed, bob } = await book();
    b.data.revenue.set(zed.id, 1000);
    b.data.revenue.set(bob.id, 10);
    expect(await names(b, q({ tier: 'vip' }))).toEqual(['Zed']);
    expect((await b.listContacts(q())).map((c) => c.tier)).toEqual([null, 'small', 'vip']);
  });

  it('pages with offset and limit, and reflects writes at once', async () => {
    const { b, zed } = await book();
    expect(await names(b, q({ offset: 1, limit: 1 }))).toEqual(['Bob']);
    await b.setArchived(zed.id, true);
    expect(await names(b, q())).toEqual(['amy', 'Bob']);
    expect(await names(b, q({ include_archived: true }))).toEqual(['amy', 'Bob', 'Zed']);
    expect(await b.listTags()).toEqual(['VIP']);
  });
});
