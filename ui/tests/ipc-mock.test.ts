import { describe, expect, it } from 'vitest';
import { createMockBackend } from '../src/lib/mock/backend';
import { IpcError, toIpcError } from '../src/lib/ipc';

const TODAY = '2026-03-10';

describe('mock backend', () => {
  it('puts follow-ups in overdue / today / upcoming by due date', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    const c = await b.addContact({ ...draft('Ada') });
    for (const due of ['2026-03-08', '2026-03-10', '2026-03-12', '2026-03-20']) {
      await b.addFollowUp({ contact_id: c.id, due_date: due, due_time: null, text: due });
    }
    const list = await b.todayList();
    expect(list.overdue.map((i) => i.text)).toEqual(['2026-03-08']);
    expect(list.today.map((i) => i.text)).toEqual(['2026-03-10']);
    expect(list.upcoming.map((i) => i.text)).toEqual(['2026-03-12']);
    expect(Number(list.overdue[0].days_late)).toBe(2);
  });

  it('lists a lapsed cadence and drops it once an interaction is logged', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    const c = await b.addContact({ ...draft('Bo'), cadence_days: 7 });
    b.data.contacts.get(c.id)!.created_at = '2026-02-01T10:00:00Z';
    let list = await b.todayList();
    expect(list.today.map((i) => i.reason)).toEqual(['cadence']);
    await b.logInteraction({ contact_id: c.id, kind: 'call', occurred_at: '2026-03-09T10:00:00Z', direction: 'outbound', text: 'hi', outcome: null });
    list = await b.todayList();
    expect(list.today).toEqual([]);
  });

  it('shows 29 February birthdays on 28 February in common years', async () => {
    const b = createMockBackend({ today: '2027-02-28', count: 0 });
    await b.addContact({ ...draft('Leap'), birthday: '2000-02-29' });
    const list = await b.todayList();
    expect(list.occasions.map((i) => [i.reason, i.years])).toEqual([['birthday', 27]]);
  });

  it('never lists do-not-contact or deleted contacts', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    const a = await b.addContact({ ...draft('A'), do_not_contact: true });
    const c = await b.addContact(draft('C'));
    for (const x of [a, c]) await b.addFollowUp({ contact_id: x.id, due_date: TODAY, due_time: null, text: 'x' });
    await b.deleteContact(c.id);
    expect((await b.todayList()).today).toEqual([]);
    await b.restoreContact(c.id);
    expect((await b.todayList()).today.map((i) => i.display_name)).toEqual(['C']);
  });

  it('rejects with a coded error', async () => {
    const b = createMockBackend({ today: TODAY, count: 0 });
    await expect(b.getContact(999)).rejects.toMatchObject({ code: 'contact_not_found' });
    expect(toIpcError({ code: 'x', message: 'y' })).toBeInstanceOf(IpcError);
  });
});

function draft(name: string) {
  return {
    display_name: name, given_name: null, family_name: null, phonetic_name: null, company: null, title: null,
    emails: [], phones: [], addresses: [], birthday: null, anniversary: null, tags: [], stage: null,
    custom_fields: [], source: null, do_not_contact: false, cadence_days: null,
  };
}
