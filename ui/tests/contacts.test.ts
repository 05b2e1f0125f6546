// The contact list's queries, as the Contacts screen sends them, answered by the core.
import { beforeAll, describe, expect, it } from 'vitest';
import { addContact, addDeal, addFollowUp, countContacts, listContacts, listTags, logInteraction, setArchived } from '../src/lib/client';
import type { Contact } from '../src/lib/bindings/Contact';
import type { ListContactsRequest } from '../src/lib/bindings/ListContactsRequest';
import { addDays } from '../src/lib/dates';
import { coreToday, draft, emptyBookPerFile, listQuery as q, noonOn } from './core/book';

const names = async (query: ListContactsRequest) => (await listContacts(query)).map((c) => c.display_name);

describe('contact list queries on the core', () => {
  emptyBookPerFile();
  let zed: Contact, amy: Contact, bob: Contact, cyd: Contact;

  beforeAll(async () => {
    const date = await coreToday();
    zed = await addContact({ draft: draft('Zed', { company: 'Acme', tags: ['VIP'], stage: 'customer' }) });
    amy = await addContact({ draft: draft('amy') });
    bob = await addContact({ draft: draft('Bob', { company: 'Bolt' }) });
    cyd = await addContact({ draft: draft('cyd', { company: 'Cog', cadence_days: 7 }) });
    const call = (id: number, ago: number) =>
      logInteraction({ draft: { contact_id: id, kind: 'call', occurred_at: noonOn(date, -ago), direction: null, text: '', outcome: null } });
    await call(zed.id, 1);
    await call(amy.id, 9);
    await call(cyd.id, 30); // a weekly cadence, lapsed three weeks ago
    await addFollowUp({ draft: { contact_id: amy.id, due_date: addDays(date, -5), due_time: null, text: 'late' } });
  });

  it('sorts by name (case-insensitive), last contacted (never last) and company (none last)', async () => {
    expect(await names(q())).toEqual(['amy', 'Bob', 'cyd', 'Zed']);
    expect(await names(q({ sort: 'last_contacted' }))).toEqual(['Zed', 'amy', 'cyd', 'Bob']);
    expect(await names(q({ sort: 'company' }))).toEqual(['Zed', 'Bob', 'cyd', 'amy']);
  });

  it('filters by tag, stage, never contacted and overdue, and counts the same rows', async () => {
    expect(await names(q({ tag: 'vip' }))).toEqual(['Zed']);
    expect(await names(q({ stage: 'customer' }))).toEqual(['Zed']);
    expect(await names(q({ never_contacted: true }))).toEqual(['Bob']);
    // amy has a follow-up past due, cyd's cadence lapsed.
    expect(await names(q({}, true))).toEqual(['amy', 'cyd']);
    expect(await countContacts(q({}, true))).toBe(2);
    expect(await countContacts(q({ limit: 1 }))).toBe(4);
  });

  it('filters by value tier', async () => {
    const date = await coreToday();
    await addDeal({ contact_id: zed.id, product: null, amount: '1000', currency: null, date: addDays(date, -3), status: 'won', stage: null });
    await addDeal({ contact_id: bob.id, product: null, amount: '10', currency: null, date: addDays(date, -3), status: 'won', stage: null });
    expect(await names(q({ tier: 'vip' }))).toEqual(['Zed']);
    const tiers = Object.fromEntries((await listContacts(q())).map((c) => [c.display_name, c.tier]));
    expect(tiers.Zed).toBe('vip');
    expect(tiers.Bob).not.toBe('vip');
    expect(tiers.Bob).not.toBeNull();
    expect(tiers.amy).toBeNull();
  });

  it('pages with offset and limit, and reflects writes at once', async () => {
    expect(await names(q({ offset: 1, limit: 2 }))).toEqual(['Bob', 'cyd']);
    await setArchived({ id: zed.id, archived: true });
    expect(await names(q())).toEqual(['amy', 'Bob', 'cyd']);
    expect(await names(q({ include_archived: true }))).toEqual(['amy', 'Bob', 'cyd', 'Zed']);
    expect(await listTags({})).toEqual(['VIP']);
    await setArchived({ id: zed.id, archived: false });
  });
});
