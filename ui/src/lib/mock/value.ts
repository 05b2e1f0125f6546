// The mock's value computations (issue 10): tiers by revenue rank, RFM
// scores, drifting customers and the dashboard report.

import type { Contact } from '../bindings/Contact';
import type { DriftingCustomer } from '../bindings/DriftingCustomer';
import type { Report } from '../bindings/Report';
import type { RfmScore } from '../bindings/RfmScore';
import type { ValueTier } from '../bindings/ValueTier';
import { addDays, daysBetween, localDate, weekStart } from '../dates';
import type { MockData } from './data';

/** A deep copy as plain JSON data. */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The pyramid tier of a buyer by revenue rank (top 1% VIP, next 4% major, next 15% ordinary). */
export function tierOf(data: MockData, id: number): ValueTier | null {
  const ranked = [...data.revenue.entries()].filter(([cid]) => { const c = data.contacts.get(cid); return c && !c.deleted_at; }).sort((a, b) => b[1] - a[1]);
  const i = ranked.findIndex(([cid]) => cid === id);
  if (i < 0) return null;
  const share = (i + 1) / Math.max(1, ranked.length);
  return share <= 0.01 || i === 0 ? 'vip' : share <= 0.05 ? 'major' : share <= 0.2 ? 'ordinary' : 'small';
}

/** Valuable buyers silent for more than twice their usual interval. */
export function drifting(data: MockData, date: string, listed: (c: Contact) => boolean): DriftingCustomer[] {
  const out: DriftingCustomer[] = [];
  for (const [id, revenue] of data.revenue) {
    const c = data.contacts.get(id);
    const tier = tierOf(data, id);
    if (!c || !listed(c) || revenue < 50_000 || !tier) continue;
    const last = c.last_contacted ? localDate(c.last_contacted.at) : addDays(date, -365);
    const silent = daysBetween(last, date);
    const usual = 30;
    if (silent > usual * 2) {
      out.push({
        contact_id: id,
        display_name: c.display_name,
        tier,
        revenue_minor: revenue * 100,
        usual_interval_days: usual,
        days_silent: silent,
        threshold_days: usual * 2,
        last_purchase: addDays(date, -silent - 20),
        last_contacted: c.last_contacted ? last : null,
        drifting_since: addDays(last, usual * 2),
      });
    }
  }
  return out.sort((a, b) => b.days_silent - a.days_silent).slice(0, 8);
}

/** A contact's RFM scores and tier; `null` when it has bought nothing. */
export function rfmScore(data: MockData, c: Contact, today: string): RfmScore | null {
  const id = c.id;
  const revenue = data.revenue.get(id);
  const tier = tierOf(data, id);
  if (revenue === undefined || !tier) return null;
  const n = data.interactions.filter((i) => i.contact_id === id).length;
  const recency = c.last_contacted ? daysBetween(localDate(c.last_contacted.at), today) : 400;
  return {
    contact_id: id,
    display_name: c.display_name,
    recency_days: recency,
    frequency: n,
    monetary_minor: revenue * 100,
    r: recency < 30 ? 5 : recency < 90 ? 4 : recency < 180 ? 3 : recency < 365 ? 2 : 1,
    f: Math.min(5, 1 + Math.floor(n / 2)),
    m: tier === 'vip' ? 5 : tier === 'major' ? 4 : tier === 'ordinary' ? 3 : 1,
    tier,
  };
}

/** The dashboard report over the mock's data. */
export function buildReport(data: MockData, today: string, listed: (c: Contact) => boolean): Report {
  const tiers = new Map<ValueTier, { customers: number; revenue_minor: number }>();
  for (const t of ['vip', 'major', 'ordinary', 'small'] as ValueTier[]) tiers.set(t, { customers: 0, revenue_minor: 0 });
  for (const [id, revenue] of data.revenue) {
    const t = tierOf(data, id);
    if (!t) continue;
    const x = tiers.get(t)!;
    x.customers++;
    x.revenue_minor += revenue * 100;
  }
  const stages: Array<[string, string, Report['pipeline'][number]['group']]> = [
    ['intent', '意向', 'intent'], ['proposal', '方案', 'intent'], ['negotiation', '谈判', 'intent'], ['signed', '签约', 'signed'],
  ];
  const pipeline = stages.map(([key, name, group]) => {
    const ds = data.deals.filter((d) => d.stage === name);
    return { key, name, group, open_deals: ds.length, value_minor: ds.reduce((s, d) => s + d.value * 100, 0), other_currency_deals: 0 };
  });
  const weeks: Report['interactions_per_week'] = [];
  for (let w = 11; w >= 0; w--) {
    const start = weekStart(addDays(today, -7 * w));
    const end = addDays(start, 7);
    const n = data.interactions.filter((i) => i.kind !== 'note' && localDate(i.occurred_at) >= start && localDate(i.occurred_at) < end).length;
    weeks.push({ week_start: start, interactions: n });
  }
  const trend: Report['overdue_trend'] = [];
  for (let d = 13; d >= 0; d--) {
    const day = addDays(today, -d);
    const n = data.followUps.filter((f) => f.due_date < day && (f.status !== 'done' || (f.completed_at !== null && localDate(f.completed_at) >= day))).length;
    trend.push({ date: day, overdue: n });
  }
  const revenue_minor = [...data.revenue.values()].reduce((s, r) => s + r * 100, 0);
  return {
    date: today,
    currency: 'CNY',
    tier_method: 'pyramid',
    customers: data.revenue.size,
    revenue_minor,
    tiers: [...tiers.entries()].map(([tier, x]) => ({ tier, ...x })),
    rfm_distribution: { r: [0, 0, 0, 0, 0], f: [0, 0, 0, 0, 0], m: [0, 0, 0, 0, 0] },
    rfm: [],
    pipeline,
    interactions_per_week: weeks,
    overdue_trend: trend,
    drifting: drifting(data, today, listed),
    open_cases: clone(data.cases.filter((k) => !k.closed_at)),
  };
}
