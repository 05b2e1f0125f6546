import { describe, expect, it } from 'vitest';
import { createMockBackend } from '../src/lib/mock/backend';
import { canDo, complete, daysUntil, dueCount, keyToAction, logInteraction, moveSelection, reselect, rowsOf, snooze } from '../src/lib/today';
import { draft, TODAY } from './helpers';

async function book() {
  const b = createMockBackend({ today: TODAY, count: 0 });
  const ada = await b.addContact(draft('Ada'));
  const bo = await b.addContact(draft('Bo', { cadence_days: 10 }));
  b.data.contacts.get(bo.id)!.created_at = '2026-02-01T12:00:00Z';
  const cy = await b.addContact(draft('Cy', { birthday: '1990-03-10' }));
  await b.addFollowUp({ contact_id: ada.id, due_date: '2026-03-07', due_time: null, text: 'send offer' });
  await b.addFollowUp({ contact_id: cy.id, due_date: '2026-03-12', due_time: null, text: 'lunch' });
  return { b, ada, bo, cy };
}

describe('Today keys', () => {
  it('maps the one-key actions and leaves modified keys alone', () => {
    expect(['j', 'ArrowDown', 'k', 'ArrowUp', 'l', 'c', 's', 'S', 'Enter', 'x'].map((key) => keyToAction({ key }))).toEqual([
      'down', 'down', 'up', 'up', 'log', 'complete', 'snooze1', 'snooze7', 'open', null,
    ]);
    expect(keyToAction({ key: 'd' })).toBe('snoozeDate');
    expect(keyToAction({ key: 'c', ctrlKey: true })).toBeNull();
    expect(keyToAction({ key: 's', metaKey: true })).toBeNull();
  });

  it('moves the selection inside the list', () => {
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(1, 1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(5, 0, 0)).toBe(0);
  });
});

describe('Today rows', () => {
  it('lists sections in order: overdue, today (cadence), occasions, upcoming', async () => {
    const { b } = await book();
    const view = await b.todayList();
    const rows = rowsOf(view);
    expect(rows.map((r) => [r.section, r.item.display_name, r.item.reason])).toEqual([
      ['overdue', 'Ada', 'follow_up'],
      ['today', 'Bo', 'cadence'],
      ['occasions', 'Cy', 'birthday'],
      ['upcoming', 'Cy', 'follow_up'],
    ]);
    expect(Number(rows[1].item.days_late)).toBe(27); // due 11 Feb, listed 10 Mar
    expect(rows[2].item.years).toBe(36);
    expect(dueCount(view)).toBe(3);
    expect(canDo('complete', rows[0])).toBe(true);
    expect(canDo('complete', rows[1])).toBe(false);
  });

  it('lists drifting valuable customers as at risk and open cases, with their details', async () => {
    const { b, ada } = await book();
    b.data.revenue.set(ada.id, 90_000); // the only buyer: top tier, never contacted
    b.data.cases.push({ id: 7, contact_id: ada.id, display_name: 'Ada', text: 'broken', severity: 'high', opened_at: '2026-03-08T09:00:00Z', follow_up_id: null, resolution: null, closed_at: null });
    const view = await b.todayList();
    const rows = rowsOf(view);
    const risk = rows.find((r) => r.section === 'at_risk')!;
    expect(risk.item).toMatchObject({ reason: 'at_risk', display_name: 'Ada', drift: { tier: 'vip', days_silent: 365 } });
    const kase = rows.find((r) => r.section === 'open_cases')!;
    expect(kase.item).toMatchObject({ reason: 'service_case', case_id: 7, severity: 'high', text: 'broken' });
    expect(Number(kase.item.days_late)).toBe(2);
    expect(rows.map((r) => r.section)).toEqual(['overdue', 'today', 'occasions', 'at_risk', 'open_cases', 'upcoming']);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(dueCount(view)).toBe(5);
  });

  it('keeps the cursor on the same row after a reload, else the same index', async () => {
    const { b } = await book();
    const rows = rowsOf(await b.todayList());
    expect(reselect(rows, rows[2].key, 0)).toBe(2);
    expect(reselect(rows, 'gone', 9)).toBe(rows.length - 1);
  });
});

describe('Today actions against the mock', () => {
  it('snoozing a follow-up by a day moves it to upcoming; undo puts it back', async () => {
    const { b } = await book();
    const view = await b.todayList();
    const out = await snooze(b, view, rowsOf(view)[0], 1);
    expect(out.date).toBe('2026-03-11');
    let after = await b.todayList();
    expect(after.overdue).toEqual([]);
    expect(after.upcoming.map((i) => [i.display_name, i.due_date])).toContainEqual(['Ada', '2026-03-11']);
    await out.undo!();
    after = await b.todayList();
    expect(after.overdue.map((i) => i.due_date)).toEqual(['2026-03-07']);
  });

  it('snoozing a cadence row by a week sets a follow-up, which takes it off today', async () => {
    const { b, bo } = await book();
    const view = await b.todayList();
    await snooze(b, view, rowsOf(view)[1], 7);
    const after = await b.todayList();
    expect(after.today).toEqual([]);
    expect((await b.followUpsOf(bo.id)).map((f) => f.due_date)).toEqual(['2026-03-17']);
  });

  it('snoozing to a chosen date needs a later date', async () => {
    const { b } = await book();
    const view = await b.todayList();
    expect(daysUntil(view, '2026-03-20')).toBe(10);
    expect(daysUntil(view, '2026-03-10')).toBeNull();
    expect(daysUntil(view, 'soon')).toBeNull();
    await snooze(b, view, rowsOf(view)[0], daysUntil(view, '2026-03-20')!);
    expect((await b.todayList()).overdue).toEqual([]);
    expect(b.data.followUps[0].due_date).toBe('2026-03-20');
  });

  it('completing removes the follow-up and offers the next one a week out', async () => {
    const { b, ada } = await book();
    const view = await b.todayList();
    const out = await complete(b, view, rowsOf(view)[0]);
    expect((await b.todayList()).overdue).toEqual([]);
    await out!.next!();
    const fus = await b.followUpsOf(ada.id);
    expect(fus.filter((f) => f.status === 'open').map((f) => [f.due_date, f.text])).toEqual([['2026-03-17', 'send offer']]);
  });

  it('logging a call resets the cadence; undo brings the row back', async () => {
    const { b } = await book();
    const view = await b.todayList();
    const out = await logInteraction(b, rowsOf(view)[1], 'call', 'caught up', new Date('2026-03-10T09:00:00Z'));
    expect((await b.todayList()).today).toEqual([]);
    await out.undo!();
    expect((await b.todayList()).today.map((i) => i.display_name)).toEqual(['Bo']);
  });
});
