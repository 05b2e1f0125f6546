// The mock's today list: the rules of PRODUCT.md §3 over the in-memory data,
// with drifting customers and open cases (issue 10).

import type { CadenceRule } from '../bindings/CadenceRule';
import type { Contact } from '../bindings/Contact';
import type { TodayItem } from '../bindings/TodayItem';
import type { TodayReason } from '../bindings/TodayReason';
import { addDays, daysBetween, isLeapYear, localDate } from '../dates';
import type { TodayView } from '../ipc';
import type { MockData } from './data';
import { drifting } from './value';

/** Month-day strings an occasion on `date` matches (29 Feb shows on 28 Feb in common years). */
function occasionDays(date: string): string[] {
  const md = date.slice(5);
  const y = Number(date.slice(0, 4));
  return md === '02-28' && !isLeapYear(y) ? ['02-28', '02-29'] : [md];
}

/** The effective cadence: the contact's own, else the shortest matching rule. */
export function cadenceOf(c: Contact, rules: CadenceRule[]): number | null {
  if (c.cadence_days) return c.cadence_days;
  const matching = rules.filter(
    (r) =>
      (r.kind === 'tag' && c.tags.some((t) => t.toLowerCase() === r.name.toLowerCase())) ||
      (r.kind === 'stage' && c.stage === r.name),
  );
  return matching.length ? Math.min(...matching.map((r) => r.days)) : null;
}

/** Whether a contact may appear on lists (not deleted, archived or do-not-contact). */
export function listed(c: Contact): boolean {
  return !c.deleted_at && !c.archived_at && !c.do_not_contact;
}

function item(reason: TodayReason, c: Contact, due: string, date: string): TodayItem {
  return {
    reason,
    contact_id: c.id,
    display_name: c.display_name,
    company: c.company,
    last_contacted: c.last_contacted
      ? { date: localDate(c.last_contacted.at), kind: c.last_contacted.kind }
      : null,
    follow_up_id: null,
    text: null,
    due_date: due,
    due_time: null,
    days_late: daysBetween(due, date),
    cadence_days: null,
    years: null,
    case_id: null,
    severity: null,
    drift: null,
    opted_out: [],
  };
}

/** The today list for `date` by PRODUCT.md §3, plus at-risk customers and open cases. */
export function computeToday(data: MockData, rules: CadenceRule[], date: string): TodayView {
  const view: TodayView = { date, overdue: [], today: [], occasions: [], upcoming: [], at_risk: [], open_cases: [], totals: { overdue: 0, today: 0, upcoming: 0, cadence: 0, waiting: 0 } };
  const horizon = addDays(date, 7);
  const open = data.followUps
    .filter((f) => f.status !== 'done' && f.due_date <= horizon)
    .filter((f) => {
      const c = data.contacts.get(f.contact_id);
      return c && listed(c);
    })
    .sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.id - b.id));
  const withOpen = new Set(data.followUps.filter((f) => f.status !== 'done').map((f) => f.contact_id));
  for (const f of open) {
    const c = data.contacts.get(f.contact_id)!;
    const it = item('follow_up', c, f.due_date, date);
    it.days_late = daysBetween(f.due_date, date);
    it.follow_up_id = f.id;
    it.text = f.text;
    it.due_time = f.due_time;
    if (f.due_date < date) view.overdue.push(it);
    else if (f.due_date === date) view.today.push(it);
    else view.upcoming.push(it);
  }
  const lapsed: TodayItem[] = [];
  const mds = occasionDays(date);
  const occasions: TodayItem[] = [];
  for (const c of data.contacts.values()) {
    if (!listed(c)) continue;
    const n = cadenceOf(c, rules);
    if (n && !withOpen.has(c.id)) {
      const since = localDate(c.last_contacted?.at ?? c.created_at);
      const due = addDays(since, n);
      if (due <= date) {
        const it = item('cadence', c, due, date);
        it.days_late = daysBetween(due, date);
        it.cadence_days = n;
        lapsed.push(it);
      }
    }
    for (const [reason, on] of [['birthday', c.birthday], ['anniversary', c.anniversary]] as const) {
      if (!on || !mds.includes(on.slice(-5))) continue;
      const it = item(reason, c, date, date);
      it.days_late = 0;
      it.years = on.startsWith('--') ? null : Number(date.slice(0, 4)) - Number(on.slice(0, 4));
      occasions.push(it);
    }
  }
  lapsed.sort((a, b) => Number(b.days_late - a.days_late) || a.display_name.localeCompare(b.display_name));
  view.today.push(...lapsed);
  occasions.sort((a, b) =>
    a.reason === b.reason ? a.display_name.localeCompare(b.display_name) : a.reason === 'birthday' ? -1 : 1,
  );
  view.occasions = occasions;
  view.at_risk = drifting(data, date, listed).map((d) => {
    const c = data.contacts.get(d.contact_id)!;
    const it = item('at_risk', c, d.drifting_since, date);
    it.days_late = daysBetween(d.drifting_since, date);
    it.drift = d;
    return it;
  });
  view.open_cases = data.cases
    .filter((k) => !k.closed_at && data.contacts.get(k.contact_id) && listed(data.contacts.get(k.contact_id)!))
    .map((k) => {
      const it = item('service_case', data.contacts.get(k.contact_id)!, k.opened_at.slice(0, 10), date);
      it.case_id = k.id;
      it.text = k.text;
      it.severity = k.severity;
      it.days_late = daysBetween(k.opened_at.slice(0, 10), date);
      return it;
    });
  view.totals = { overdue: view.overdue.length, today: view.today.length, upcoming: view.upcoming.length, cadence: 0, waiting: 0 };
  return view;
}
