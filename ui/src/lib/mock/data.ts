// Seeded, realistic-looking data for the in-memory mock: a mix of Chinese and
// Western names, tags, stages, interactions, follow-ups around "today",
// birthdays on today's date, and deals for the value tiers.

import type { Contact } from '../bindings/Contact';
import type { FollowUp } from '../bindings/FollowUp';
import type { Interaction } from '../bindings/Interaction';
import type { InteractionKind } from '../bindings/InteractionKind';
import type { Stage } from '../bindings/Stage';
import type { ServiceCase } from '../bindings/ServiceCase';
import { addDays } from '../dates';

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CN_FAMILY = ['张', '王', '李', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '林', '郭', '何', '高', '曾', '单', '谢'];
const CN_GIVEN = ['伟', '明', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '晓', '建', '国', '文', '欣', '婷', '宇', '浩', '佳', '慧', '玲'];
const EN_GIVEN = ['Alice', 'Ben', 'Carla', 'David', 'Emma', 'Felix', 'Grace', 'Henry', 'Isla', 'Jack', 'Keira', 'Liam', 'Maya', 'Noah', 'Olivia', 'Peter', 'Quinn', 'Rosa', 'Sam', 'Tara'];
const EN_FAMILY = ['Anderson', 'Brown', 'Clarke', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski', 'Lopez', 'Müller', 'Nakamura', 'OBrien', 'Patel', 'Rossi', 'Smith', 'Taylor', 'Weber'];
const COMPANIES = ['Acme Insurance', '华信科技', 'Northwind Traders', '平安保险', 'Globex', '万科地产', 'Initech', '招商银行', 'Blue Harbor Realty', '腾飞咨询', null, null];
const TITLES = ['CEO', 'Purchasing Manager', '销售经理', 'CFO', '总经理', 'Engineer', null];
const TAGS = ['VIP', 'referral', 'insurance', 'real-estate', '老客户', 'golf', 'newsletter'];
const STAGES: Array<Stage | null> = ['lead', 'prospect', 'customer', 'customer', 'dormant', 'lost', null];
const KINDS: InteractionKind[] = ['call', 'email', 'meeting', 'message', 'note'];
const NOTES = [
  'Asked about the renewal terms',
  '谈了明年的续保计划',
  'Left a voicemail',
  'Sent the quote for the new policy',
  '客户对上次服务很满意',
  'Wants a demo next month',
  'Met at the golf club',
  '提到孩子要上大学，需要教育金方案',
];

export interface MockData {
  contacts: Map<number, Contact>;
  interactions: Interaction[];
  followUps: FollowUp[];
  /** Won-deal revenue per contact (issue 10's monetary value). */
  revenue: Map<number, number>;
  /** Open deal value and stage per contact. */
  deals: Array<{ contact_id: number; stage: string; value: number }>;
  /** Complaint / service cases. */
  cases: ServiceCase[];
  nextId: { contact: number; interaction: number; followUp: number; batch: number };
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An instant `daysAgo` days before `today` at a working hour, RFC 3339 UTC. */
function instant(today: string, daysAgo: number, hour: number): string {
  return `${addDays(today, -daysAgo)}T${pad(hour)}:${pad((daysAgo * 7) % 60)}:00Z`;
}

/** A blank contact with the given name; the mock's constructor of contacts. */
export function blankContact(id: number, name: string, createdAt: string): Contact {
  return {
    id,
    last_contacted: null,
    archived_at: null,
    deleted_at: null,
    import_batch: null,
    created_at: createdAt,
    updated_at: createdAt,
    display_name: name,
    given_name: null,
    family_name: null,
    phonetic_name: null,
    company: null,
    title: null,
    emails: [],
    phones: [],
    addresses: [],
    birthday: null,
    anniversary: null,
    tags: [],
    stage: null,
    custom_fields: [],
    source: null,
    do_not_contact: false,
    cadence_days: null,
  };
}

/**
 * Generates `count` contacts around local date `today`. With `rich` false
 * only the contacts are made (fast enough for 100k rows).
 */
export function generate(count: number, today: string, seed = 7, rich = true): MockData {
  const r = rng(seed);
  const data: MockData = {
    contacts: new Map(),
    interactions: [],
    followUps: [],
    revenue: new Map(),
    deals: [],
    cases: [],
    nextId: { contact: 1, interaction: 1, followUp: 1, batch: 1 },
  };
  for (let i = 0; i < count; i++) {
    const id = data.nextId.contact++;
    const chinese = r() < 0.5;
    const family = chinese ? pick(r, CN_FAMILY) : pick(r, EN_FAMILY);
    const given = chinese
      ? pick(r, CN_GIVEN) + (r() < 0.6 ? pick(r, CN_GIVEN) : '')
      : pick(r, EN_GIVEN);
    const name = chinese ? family + given : `${given} ${family}`;
    const created = instant(today, 200 + Math.floor(r() * 400), 9);
    const c = blankContact(id, name, created);
    c.given_name = given;
    c.family_name = family;
    c.company = pick(r, COMPANIES);
    c.title = c.company ? pick(r, TITLES) : null;
    const mail = chinese ? `user${id}` : `${given}.${family}`.toLowerCase().replace(/[^a-z.]/g, '');
    c.emails = [{ address: `${mail}@example.${chinese ? 'cn' : 'com'}`, label: 'work' }];
    c.phones = chinese
      ? [{ raw: `138 ${pad(id % 100)}${String(1000 + (id % 9000))} ${String(1000 + ((id * 7) % 9000))}`, e164: null, label: 'mobile' }]
      : [{ raw: `+1 (415) 555-${String(1000 + ((id * 13) % 9000))}`, e164: null, label: 'work' }];
    c.tags = r() < 0.5 ? [pick(r, TAGS)] : r() < 0.3 ? [pick(r, TAGS), pick(r, TAGS)] : [];
    c.tags = [...new Set(c.tags)];
    c.stage = pick(r, STAGES);
    c.cadence_days = r() < 0.25 ? pick(r, [14, 30, 60, 90]) : null;
    c.do_not_contact = r() < 0.03;
    if (r() < 0.4) c.birthday = `${1960 + Math.floor(r() * 40)}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
    if (chinese && r() < 0.2) c.custom_fields = [{ key: '微信', value: `wx_${id}` }];
    if (r() < 0.15) c.addresses = [{ label: 'work', street: `${10 + (id % 90)} Market St`, city: chinese ? '上海' : 'San Francisco', region: null, postal_code: null, country: chinese ? 'CN' : 'US' }];
    c.source = r() < 0.3 ? 'import: google.csv' : null;
    data.contacts.set(id, c);
    if (!rich) {
      if (r() < 0.7) c.last_contacted = { at: instant(today, Math.floor(r() * 300), 10), kind: pick(r, ['call', 'email', 'meeting'] as InteractionKind[]) };
      continue;
    }
    // Most people were reached lately; a few have gone quiet (they show as lapsed cadences).
    const n = r() < 0.85 ? 1 + Math.floor(r() * 5) : 0;
    const span = r() < 0.9 ? 45 : 200;
    for (let k = 0; k < n; k++) {
      const kind = k === 0 ? pick(r, ['call', 'meeting', 'email'] as InteractionKind[]) : pick(r, KINDS);
      const at = instant(today, Math.floor(r() * span), 9 + Math.floor(r() * 8));
      data.interactions.push({
        id: data.nextId.interaction++,
        contact_id: id,
        kind,
        occurred_at: at,
        direction: kind === 'note' ? null : r() < 0.5 ? 'outbound' : 'inbound',
        text: pick(r, NOTES),
        outcome: null,
        created_at: at,
        satisfaction: null,
      });
    }
    const roll = r();
    if (roll < 0.08) {
      const due = addDays(today, Math.floor(r() * 16) - 6);
      data.followUps.push({
        id: data.nextId.followUp++,
        contact_id: id,
        due_date: due,
        due_time: r() < 0.3 ? '10:00' : null,
        text: pick(r, ['Call back about the quote', '跟进续保', 'Send birthday card', '回访满意度', 'Check in after the demo']),
        status: 'open',
        completed_at: null,
        created_at: created,
      });
    }
    if (c.stage === 'customer' || r() < 0.1) {
      data.revenue.set(id, Math.round(r() * r() * 200) * 500);
    }
    if (c.stage === 'lead' || c.stage === 'prospect') {
      data.deals.push({ contact_id: id, stage: c.stage === 'lead' ? '意向' : '方案', value: Math.round(r() * 80) * 1000 });
    }
  }
  // A few fixed people the tests and screenshots rely on.
  const fixed: Array<[string, string | null, string[]]> = [
    ['张伟明', '华信科技', ['VIP']],
    ['Ada Lovelace', 'Analytical Engines', ['VIP', 'referral']],
    ['曾小华', '腾飞咨询', ['老客户']],
  ];
  for (const [name, company, tags] of fixed) {
    const id = data.nextId.contact++;
    const c = blankContact(id, name, instant(today, 400, 9));
    c.company = company;
    c.tags = tags;
    c.stage = 'customer';
    c.emails = [{ address: name === 'Ada Lovelace' ? 'ada@example.com' : `c${id}@example.cn`, label: 'work' }];
    c.phones = [{ raw: name === 'Ada Lovelace' ? '+1 (415) 555-8123' : '+86 138 0013 8000', e164: null, label: 'mobile' }];
    if (name === '张伟明') c.birthday = `1980-${today.slice(5)}`;
    if (name === '曾小华') c.anniversary = `2015-${today.slice(5)}`;
    data.contacts.set(id, c);
    data.revenue.set(id, name === 'Ada Lovelace' ? 250000 : 120000);
    if (rich) {
      data.interactions.push({
        id: data.nextId.interaction++,
        contact_id: id,
        kind: 'meeting',
        occurred_at: instant(today, 95, 14),
        direction: 'outbound',
        text: name === 'Ada Lovelace' ? 'Quarterly review; asked about the engine upgrade' : '季度回顾，讨论了新产品',
        outcome: null,
        created_at: instant(today, 95, 14),
        satisfaction: 4,
      });
      data.followUps.push({
        id: data.nextId.followUp++,
        contact_id: id,
        due_date: addDays(today, name === 'Ada Lovelace' ? -2 : 0),
        due_time: null,
        text: name === 'Ada Lovelace' ? 'Send the renewal offer' : '电话回访',
        status: 'open',
        completed_at: null,
        created_at: instant(today, 20, 9),
      });
    }
  }
  const ada = [...data.contacts.values()].find((c) => c.display_name === 'Ada Lovelace');
  if (ada && rich) {
    data.cases.push({ id: 1, contact_id: ada.id, display_name: ada.display_name, text: 'Invoice charged twice', severity: 'high', opened_at: instant(today, 3, 9), follow_up_id: null, resolution: null, closed_at: null });
  }
  // last_contacted follows the interactions (latest that is not a note).
  for (const it of data.interactions) {
    if (it.kind === 'note') continue;
    const c = data.contacts.get(it.contact_id)!;
    if (!c.last_contacted || c.last_contacted.at < it.occurred_at) {
      c.last_contacted = { at: it.occurred_at, kind: it.kind };
    }
  }
  return data;
}
