// The Today screen's logic: the sections as one keyboard-navigable list of
// rows, the one-key actions, and what each action asks of the backend.

import type { InteractionKind } from './bindings/InteractionKind';
import type { TodayItem } from './bindings/TodayItem';
import { addDays, daysBetween } from './dates';
import type { TodayList } from './bindings/TodayList';
import { addFollowUp, completeFollowUp, deleteInteraction, logInteraction as logWith, snoozeFollowUp } from './client';

export type SectionName = 'overdue' | 'today' | 'occasions' | 'at_risk' | 'open_cases' | 'upcoming';

/** Sections in the order they are shown. */
export const SECTIONS: SectionName[] = ['overdue', 'today', 'occasions', 'at_risk', 'open_cases', 'upcoming'];

export interface TodayRow {
  /** Stable across reloads: the follow-up or the contact and reason. */
  key: string;
  section: SectionName;
  item: TodayItem;
}

export type TodayAction = 'down' | 'up' | 'log' | 'complete' | 'snooze1' | 'snooze7' | 'snoozeDate' | 'open';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The action a key press means on Today (`null`: not ours). */
export function keyToAction(e: KeyLike): TodayAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return 'down';
    case 'k':
    case 'ArrowUp':
      return 'up';
    case 'l':
      return 'log';
    case 'c':
      return 'complete';
    case 's':
      return 'snooze1';
    case 'S':
      return 'snooze7';
    case 'd':
      return 'snoozeDate';
    case 'Enter':
      return 'open';
    default:
      return null;
  }
}

/** All rows, section by section. */
export function rowsOf(view: TodayList): TodayRow[] {
  const rows: TodayRow[] = [];
  for (const section of SECTIONS) {
    for (const item of view[section]) {
      const key =
        item.follow_up_id !== null && section !== 'open_cases'
          ? `f${item.follow_up_id}`
          : `${section}:${item.reason}:${item.case_id ?? item.contact_id}`;
      rows.push({ key, section, item });
    }
  }
  return rows;
}

/** What the day asks for, as the core counts it (rows beyond a section's limit included). */
export function dueCount(view: TodayList): number {
  return view.totals.due;
}

/** The selection after moving by `delta`, kept inside the list. */
export function moveSelection(index: number, delta: number, length: number): number {
  if (length === 0) return 0;
  return Math.min(length - 1, Math.max(0, index + delta));
}

/** Whether an action applies to a row (complete needs a follow-up). */
export function canDo(action: TodayAction, row: TodayRow): boolean {
  if (action === 'complete') return row.item.follow_up_id !== null;
  return true;
}

/** After a reload, keep the cursor on the same row if it is still there, else the same index. */
export function reselect(rows: TodayRow[], previousKey: string | null, previousIndex: number): number {
  if (previousKey) {
    const i = rows.findIndex((r) => r.key === previousKey);
    if (i >= 0) return i;
  }
  return moveSelection(previousIndex, 0, rows.length);
}

/**
 * After an action on the row at `index` of `before` (a snooze, a completion, a log), the cursor
 * stays at its place and does not follow that row to where it went: it is on the row now there,
 * the next one of the same section, else the one before it in that section, else the next row of
 * the list (the one before when it was the last). A row still in its place keeps the cursor.
 */
export function reselectAfterAction(rows: TodayRow[], before: TodayRow[], index: number): number {
  const acted = before[index];
  if (!acted) return moveSelection(index, 0, rows.length);
  if (rows[index]?.key === acted.key && rows[index].section === acted.section) return index;
  const at = new Map(rows.map((r, i) => [r.key, i]));
  const after = before.slice(index + 1);
  const prior = before.slice(0, index).reverse();
  const same = (r: TodayRow) => r.section === acted.section;
  for (const r of [...after.filter(same), ...prior.filter(same), ...after, ...prior]) {
    const i = r.key === acted.key ? undefined : at.get(r.key);
    if (i !== undefined && rows[i].section === r.section) return i;
  }
  return moveSelection(index, 0, rows.length);
}

/** What an action did, for a toast; `undo` puts it back when it can be. */
export interface ActionOutcome {
  kind: 'completed' | 'snoozed' | 'logged';
  name: string;
  date?: string;
  undo?: () => Promise<void>;
  /** Offered after completing: set the next follow-up a week out. */
  next?: () => Promise<void>;
}

/**
 * Snoozes a row by `days` from the list's date. A follow-up moves; a cadence,
 * occasion or at-risk row gets a follow-up on that day (which takes it off
 * today's list until then, as the rules say).
 */
export async function snooze(view: TodayList, row: TodayRow, days: number): Promise<ActionOutcome> {
  const to = addDays(view.date, days);
  const it = row.item;
  if (it.follow_up_id !== null) {
    const before = it.due_date;
    const id = it.follow_up_id;
    await snoozeFollowUp({ id, to });
    return { kind: 'snoozed', name: it.display_name, date: to, undo: async () => void (await snoozeFollowUp({ id, to: before })) };
  }
  const f = await addFollowUp({ draft: { contact_id: it.contact_id, due_date: to, due_time: null, text: it.text ?? '' } });
  return { kind: 'snoozed', name: it.display_name, date: to, undo: async () => void (await completeFollowUp({ id: f.id, next_in_days: null })) };
}

/** Days from the list's date to `to` (a snooze to a chosen date), `null` unless it is later. */
export function daysUntil(view: TodayList, to: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to)) return null;
  const n = daysBetween(view.date, to);
  return n >= 1 ? n : null;
}

/** Completes a row's follow-up; offers the next one a week out. */
export async function complete(view: TodayList, row: TodayRow): Promise<ActionOutcome | null> {
  const it = row.item;
  if (it.follow_up_id === null) return null;
  await completeFollowUp({ id: it.follow_up_id, next_in_days: null });
  return {
    kind: 'completed',
    name: it.display_name,
    next: async () =>
      void (await addFollowUp({ draft: { contact_id: it.contact_id, due_date: addDays(view.date, 7), due_time: null, text: it.text ?? '' } })),
  };
}

/** Logs an interaction with a row's contact (resets its cadence). */
export async function logInteraction(
  row: TodayRow,
  kind: InteractionKind,
  text: string,
  at: Date,
): Promise<ActionOutcome> {
  const logged = await logWith({
    draft: {
      contact_id: row.item.contact_id,
      kind,
      occurred_at: at.toISOString(),
      direction: 'outbound',
      text,
      outcome: null,
    },
  });
  return { kind: 'logged', name: row.item.display_name, undo: async () => void (await deleteInteraction({ id: logged.id })) };
}
