// The Groups screen's plumbing: the condition builder's rows turned into the
// core's `Condition` tree and back, and small display helpers. Nothing here
// decides who is in a segment: the core evaluates every condition, counts,
// draws control groups and computes lifts; this only shapes what the user
// typed into the request the core expects.

import type { Condition } from './bindings/Condition';
import type { Channel } from './bindings/Channel';
import type { DealStatus } from './bindings/DealStatus';
import type { MatchReason } from './bindings/MatchReason';
import type { OptOutChannel } from './bindings/OptOutChannel';
import type { Risk } from './bindings/Risk';
import type { Stage } from './bindings/Stage';
import type { BulkAction } from './bindings/BulkAction';
import type { InteractionKind } from './bindings/InteractionKind';
import { ui } from './app.svelte';
import { majorTextOf, minorOfText } from './money';

export const STAGES: Stage[] = ['lead', 'prospect', 'customer', 'dormant', 'lost'];
export const RISKS: Risk[] = ['steady', 'at_risk', 'drifting'];
export const CHANNELS: Channel[] = ['call', 'email', 'message', 'visit', 'mail'];
export const OPT_OUT_CHANNELS: OptOutChannel[] = ['email', 'phone', 'sms', 'mail'];
export const DEAL_STATUSES: DealStatus[] = ['open', 'won', 'lost'];
export const INTERACTION_KINDS: InteractionKind[] = ['call', 'email', 'meeting', 'message', 'note'];
export const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** A condition that is not a combination: one row of the builder. */
export type Leaf = Exclude<Condition, { kind: 'all' } | { kind: 'any' } | { kind: 'not' }>;
export type LeafKind = Leaf['kind'];

/** The kinds the builder offers, in the order of its menu. */
export const LEAF_KINDS: LeafKind[] = [
  'tags', 'stage', 'tier', 'risk', 'last_contacted', 'cadence_lapsed', 'open_follow_up', 'open_case',
  'rfm', 'birthday_month', 'place', 'company', 'source', 'custom_field', 'deal', 'import_batch',
];

/** One row of the builder: a leaf, possibly negated. */
export interface BuilderRow {
  /** Stable key for the row's `{#each}`. */
  key: number;
  negate: boolean;
  leaf: Leaf;
}

/** What the builder holds: rows joined by all (and) or any (or). */
export interface Builder {
  join: 'all' | 'any';
  rows: BuilderRow[];
}

let rowSeq = 0;

/** A new leaf of `kind`, with empty values for the user to fill in. */
export function emptyLeaf(kind: LeafKind, today: string): Leaf {
  switch (kind) {
    case 'tags': return { kind, mode: 'any', tags: [] };
    case 'stage': return { kind, stages: [] };
    case 'tier': return { kind, tiers: [] };
    case 'risk': return { kind, levels: [] };
    case 'last_contacted': return { kind, when: { when: 'before', date: today } };
    case 'cadence_lapsed': return { kind };
    case 'open_follow_up': return { kind };
    case 'open_case': return { kind };
    case 'rfm': return { kind, r: null, f: null, m: null };
    case 'birthday_month': return { kind, months: [] };
    case 'place': return { kind, part: 'city', op: 'equals', value: '' };
    case 'company': return { kind, op: 'contains', value: '' };
    case 'source': return { kind, op: 'contains', value: '' };
    case 'custom_field': return { kind, key: '', op: 'equals', value: '' };
    case 'deal': return { kind, status: 'won', from: null, to: null, min_minor: null, max_minor: null };
    case 'import_batch': return { kind, batch: 0 };
  }
}

export function newRow(kind: LeafKind, today: string): BuilderRow {
  return { key: ++rowSeq, negate: false, leaf: emptyLeaf(kind, today) };
}

/** The builder's rows as the core's condition (one row stands alone). */
export function conditionOf(b: Builder): Condition {
  const parts: Condition[] = b.rows.map((r) => {
    const leaf = clone(r.leaf);
    return r.negate ? { kind: 'not', of: leaf } : leaf;
  });
  if (parts.length === 1) return parts[0];
  return { kind: b.join, of: parts };
}

/**
 * The builder for a stored condition, or `null` when the tree is deeper than
 * the builder shows (then the screen shows it as it is and keeps it).
 */
export function builderOf(c: Condition): Builder | null {
  const row = (x: Condition): BuilderRow | null => {
    if (x.kind === 'not') {
      const inner = x.of;
      return isLeaf(inner) ? { key: ++rowSeq, negate: true, leaf: clone(inner) } : null;
    }
    return isLeaf(x) ? { key: ++rowSeq, negate: false, leaf: clone(x) } : null;
  };
  if (c.kind === 'all' || c.kind === 'any') {
    const rows = c.of.map(row);
    if (rows.some((r) => r === null)) return null;
    return { join: c.kind, rows: rows as BuilderRow[] };
  }
  const one = row(c);
  return one ? { join: 'all', rows: [one] } : null;
}

function isLeaf(c: Condition): c is Leaf {
  return c.kind !== 'all' && c.kind !== 'any' && c.kind !== 'not';
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** "vip, Gold ,, x" → ["vip", "Gold", "x"] (the core trims and folds case). */
export function splitList(text: string): string[] {
  return text.split(/[,，、]/).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Adds `x` to a list or takes it out. */
export function toggle<T>(list: T[], x: T): T[] {
  return list.includes(x) ? list.filter((y) => y !== x) : [...list, x];
}

/** An amount typed in the report currency as its minor units; empty is none. */
export function minorOf(text: string): number | null {
  return minorOfText(text, ui.currency);
}

/** Minor units of the report currency as the text of an amount input. */
export function majorText(minor: number | null): string {
  return majorTextOf(minor, ui.currency);
}

/** What a bulk action needs filled in, with defaults for the form. */
export type BulkKind = BulkAction['kind'];
export const BULK_KINDS: BulkKind[] = ['add_tags', 'remove_tags', 'set_stage', 'set_cadence', 'opt_out', 'archive', 'delete', 'log'];

export interface BulkForm {
  kind: BulkKind;
  tags: string;
  stage: Stage | '';
  cadence: string;
  channel: OptOutChannel;
  optedOut: boolean;
  interaction: InteractionKind;
  text: string;
  direction: 'inbound' | 'outbound' | '';
}

export function emptyBulkForm(): BulkForm {
  return { kind: 'add_tags', tags: '', stage: '', cadence: '', channel: 'email', optedOut: true, interaction: 'email', text: '', direction: 'outbound' };
}

/** The form as the core's bulk action (values unchecked: the core refuses what is wrong). */
export function bulkActionOf(f: BulkForm): BulkAction {
  switch (f.kind) {
    case 'add_tags':
    case 'remove_tags':
      return { kind: f.kind, tags: splitList(f.tags) };
    case 'set_stage':
      return { kind: 'set_stage', stage: f.stage === '' ? null : f.stage };
    case 'set_cadence': {
      const s = f.cadence.trim();
      return { kind: 'set_cadence', days: s === '' ? null : Number(s) };
    }
    case 'opt_out':
      return { kind: 'opt_out', channel: f.channel, opted_out: f.optedOut };
    case 'archive':
      return { kind: 'archive' };
    case 'delete':
      return { kind: 'delete' };
    case 'log':
      return { kind: 'log', interaction: f.interaction, text: f.text, direction: f.direction === '' ? null : f.direction, at: null };
  }
}

/** A duplicate group's reason as a short text's parts (the words come from the messages). */
export function reasonValue(r: MatchReason): string {
  switch (r.kind) {
    case 'email': return r.address;
    case 'phone': return r.e164;
    case 'name_and_company': return `${r.name} · ${r.company}`;
  }
}

/** Calls `f` once input has been quiet for `ms`; `cancel` drops a pending call. */
export function debounce<A extends unknown[]>(f: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => f(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}

/** A rate (0–1) or a difference of rates as a percentage in the UI language. */
export function percent(x: number, lang: string, signed = false): string {
  const s = new Intl.NumberFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
    signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(x);
  return s;
}
