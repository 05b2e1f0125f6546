// The Today screen's logic on the real core: the rows come from the core's
// today list for a book made through the client, and the one-key actions
// change what the core answers next.
import { describe, expect, it } from 'vitest';
import { addContact, addDeal, deleteContact, followUpsOf, logInteraction as logWith, openCase, todayList, addFollowUp } from '../src/lib/client';
import { canDo, complete, daysUntil, dueCount, keyToAction, logInteraction, moveSelection, reselect, reselectAfterAction, rowsOf, snooze } from '../src/lib/today';
import { addDays } from '../src/lib/dates';
import { coreToday, draft, emptyBookPerTest, noonOn } from './core/book';

const today = () => todayList({ date: null, rows_per_section: null, past_workload: false });

/**
 * Ada: a follow-up three days overdue. Bo: a 10-day cadence, last called 37
 * days ago (lapsed 27 days). Cy: born on this day in 1988, lunch in two days.
 */
async function book() {
  const date = await coreToday();
  const ada = await addContact({ draft: draft('Ada') });
  const bo = await addContact({ draft: draft('Bo', { cadence_days: 10 }) });
  await logWith({ draft: { contact_id: bo.id, kind: 'call', occurred_at: noonOn(date, -37), direction: 'outbound', text: 'catch-up', outcome: null } });
  const cy = await addContact({ draft: draft('Cy', { birthday: `1988-${date.slice(5)}` }) });
  await addFollowUp({ draft: { contact_id: ada.id, due_date: addDays(date, -3), due_time: null, text: 'send offer' } });
  await addFollowUp({ draft: { contact_id: cy.id, due_date: addDays(date, 2), due_time: null, text: 'lunch' } });
  return { date, ada, bo, cy };
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

describe('Today rows from the core', () => {
  emptyBookPerTest();

  it('lists sections in order: overdue, today (cadence), occasions, upcoming', async () => {
    const { date } = await book();
    const view = await today();
    expect(view.date).toBe(date);
    const rows = rowsOf(view);
    expect(rows.map((r) => [r.section, r.item.display_name, r.item.reason])).toEqual([
      ['overdue', 'Ada', 'follow_up'],
      ['today', 'Bo', 'cadence'],
      ['occasions', 'Cy', 'birthday'],
      ['upcoming', 'Cy', 'follow_up'],
    ]);
    expect(rows[0].item).toMatchObject({ days_late: 3, text: 'send offer', due_date: addDays(date, -3) });
    expect(rows[1].item).toMatchObject({ days_late: 27, cadence_days: 10, last_contacted: { kind: 'call' } });
    expect(rows[2].item.years).toBe(Number(date.slice(0, 4)) - 1988);
    expect(dueCount(view)).toBe(3);
    expect(canDo('complete', rows[0])).toBe(true);
    expect(canDo('complete', rows[1])).toBe(false);
  });

  it('lists a drifting valuable customer as at risk, and an open case with its follow-up', async () => {
    const date = await coreToday();
    const ada = await addContact({ draft: draft('Ada') });
    // Bought every 30 days, then nothing for 240 days: past twice her rhythm.
    for (const ago of [300, 270, 240]) {
      await addDeal({ contact_id: ada.id, product: 'Fleet insurance', amount: '1000', currency: null, date: addDays(date, -ago), status: 'won', stage: null });
    }
    let rows = rowsOf(await today());
    const risk = rows.find((r) => r.section === 'at_risk')!;
    expect(risk.item).toMatchObject({ reason: 'at_risk', display_name: 'Ada', drift: { usual_interval_days: 30, days_silent: 240 } });

    const opened = await openCase({ contact_id: ada.id, text: 'broken', severity: 'high', opened_at: null, follow_up_on: null });
    const view = await today();
    rows = rowsOf(view);
    const kase = rows.find((r) => r.section === 'open_cases')!;
    expect(kase.item).toMatchObject({ reason: 'service_case', case_id: opened.id, severity: 'high', text: 'broken' });
    // The case plans a follow-up for today, so she is being looked after: no longer at risk.
    expect(rows.find((r) => r.section === 'today')?.item).toMatchObject({ reason: 'follow_up', case_id: opened.id });
    expect(view.at_risk).toEqual([]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('puts follow-ups in overdue, today and upcoming by due date, upcoming a week ahead', async () => {
    const date = await coreToday();
    const c = await addContact({ draft: draft('Dee') });
    for (const n of [-2, 0, 2, 10]) {
      await addFollowUp({ draft: { contact_id: c.id, due_date: addDays(date, n), due_time: null, text: `in ${n}` } });
    }
    const view = await today();
    expect(view.overdue.map((i) => [i.text, i.days_late])).toEqual([['in -2', 2]]);
    expect(view.today.map((i) => i.text)).toEqual(['in 0']);
    expect(view.upcoming.map((i) => [i.text, i.days_late])).toEqual([['in 2', -2]]);
  });

  it('keeps the cursor on the same row after a reload, else the same index', async () => {
    await book();
    const rows = rowsOf(await today());
    expect(reselect(rows, rows[2].key, 0)).toBe(2);
    expect(reselect(rows, 'gone', 9)).toBe(rows.length - 1);
  });

  it('after an action the cursor stays at its place: the next row of the section, else the one before, else the next row', async () => {
    const date = await coreToday();
    const people = [];
    for (const [name, late] of [['Ann', 3], ['Ben', 2], ['Cat', 1]] as const) {
      const c = await addContact({ draft: draft(name) });
      await addFollowUp({ draft: { contact_id: c.id, due_date: addDays(date, -late), due_time: null, text: 'x' } });
      people.push(c);
    }
    const dee = await addContact({ draft: draft('Dee') });
    await addFollowUp({ draft: { contact_id: dee.id, due_date: date, due_time: null, text: 'today' } });
    const names = (rows: ReturnType<typeof rowsOf>) => rows.map((r) => `${r.section}:${r.item.display_name}`);
    let view = await today();
    let before = rowsOf(view);
    expect(names(before)).toEqual(['overdue:Ann', 'overdue:Ben', 'overdue:Cat', 'today:Dee']);
    // Ben snoozed to tomorrow: the cursor is on Cat, not on Ben in upcoming.
    await snooze(view, before[1], 1);
    view = await today();
    let rows = rowsOf(view);
    expect(rows[reselectAfterAction(rows, before, 1)].item.display_name).toBe('Cat');
    // Cat, the last overdue row, completed: the cursor stays in overdue, on Ann.
    before = rows;
    await complete(view, before[1]);
    view = await today();
    rows = rowsOf(view);
    expect(names(rows)).toEqual(['overdue:Ann', 'today:Dee', 'upcoming:Ben']);
    expect(rows[reselectAfterAction(rows, before, 1)].item.display_name).toBe('Ann');
    // Ann, the only overdue row, snoozed: the next row of the list, Dee.
    before = rows;
    await snooze(view, before[0], 7);
    rows = rowsOf(await today());
    expect(rows[reselectAfterAction(rows, before, 0)].item.display_name).toBe('Dee');
  });

  it('never lists do-not-contact or deleted contacts', async () => {
    const date = await coreToday();
    const a = await addContact({ draft: draft('Quiet', { do_not_contact: true }) });
    const b = await addContact({ draft: draft('Gone') });
    const c = await addContact({ draft: draft('Chatty') });
    for (const x of [a, b, c]) await addFollowUp({ draft: { contact_id: x.id, due_date: date, due_time: null, text: 'x' } });
    await deleteContact({ id: b.id });
    expect((await today()).today.map((i) => i.display_name)).toEqual(['Chatty']);
  });

  it('shows the list of another date: a 29 February birthday on 28 February of a common year', async () => {
    await addContact({ draft: draft('Leap', { birthday: '2000-02-29' }) });
    const view = await todayList({ date: '2027-02-28', rows_per_section: null, past_workload: false });
    expect(view.date).toBe('2027-02-28');
    expect(view.occasions.map((i) => [i.display_name, i.reason, i.years])).toEqual([['Leap', 'birthday', 27]]);
  });
});

describe('Today actions on the core', () => {
  emptyBookPerTest();

  it('snoozing a follow-up by a day moves it to upcoming; undo puts it back', async () => {
    const { date } = await book();
    const view = await today();
    const out = await snooze(view, rowsOf(view)[0], 1);
    expect(out.date).toBe(addDays(date, 1));
    let after = await today();
    expect(after.overdue).toEqual([]);
    expect(after.upcoming.map((i) => [i.display_name, i.due_date])).toContainEqual(['Ada', addDays(date, 1)]);
    await out.undo!();
    after = await today();
    expect(after.overdue.map((i) => i.due_date)).toEqual([addDays(date, -3)]);
  });

  it('snoozing a cadence row by a week sets a follow-up, which takes it off today', async () => {
    const { date, bo } = await book();
    const view = await today();
    await snooze(view, rowsOf(view)[1], 7);
    const after = await today();
    expect(after.today).toEqual([]);
    expect((await followUpsOf({ id: bo.id })).map((f) => f.due_date)).toEqual([addDays(date, 7)]);
  });

  it('snoozing to a chosen date needs a later date', async () => {
    const { date, ada } = await book();
    const view = await today();
    expect(daysUntil(view, addDays(date, 10))).toBe(10);
    expect(daysUntil(view, date)).toBeNull();
    expect(daysUntil(view, 'soon')).toBeNull();
    await snooze(view, rowsOf(view)[0], daysUntil(view, addDays(date, 10))!);
    expect((await today()).overdue).toEqual([]);
    expect((await followUpsOf({ id: ada.id })).map((f) => f.due_date)).toEqual([addDays(date, 10)]);
  });

  it('completing removes the follow-up and offers the next one a week out', async () => {
    const { date, ada } = await book();
    const view = await today();
    const out = await complete(view, rowsOf(view)[0]);
    expect((await today()).overdue).toEqual([]);
    await out!.next!();
    const fus = await followUpsOf({ id: ada.id });
    expect(fus.filter((f) => f.status === 'open').map((f) => [f.due_date, f.text])).toEqual([[addDays(date, 7), 'send offer']]);
    expect(fus.filter((f) => f.status === 'done').map((f) => f.text)).toEqual(['send offer']);
  });

  it('logging a call resets the cadence; undo brings the row back', async () => {
    await book();
    const view = await today();
    const out = await logInteraction(rowsOf(view)[1], 'call', 'caught up', new Date());
    expect((await today()).today).toEqual([]);
    await out.undo!();
    expect((await today()).today.map((i) => i.display_name)).toEqual(['Bo']);
  });
});
