// An in-memory backend that behaves like the Tauri shell over rapport-core:
// the today list follows PRODUCT.md §3, writes update last-contacted and the
// list, imports are batches that can be undone. Used outside Tauri and in tests.

import type { BatchInfo } from '../bindings/BatchInfo';
import type { CadenceRule } from '../bindings/CadenceRule';
import type { Contact } from '../bindings/Contact';
import type { ContactDraft } from '../bindings/ContactDraft';
import type { ContactSummary } from '../bindings/ContactSummary';
import type { FollowUp } from '../bindings/FollowUp';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportReport } from '../bindings/ImportReport';
import type { Preview } from '../bindings/Preview';
import type { Progress } from '../bindings/Progress';
import { addDays, localDate } from '../dates';
import type { ValueTier } from '../bindings/ValueTier';
import { IpcError, type AppSettings, type Backend, type ContactListQuery } from '../ipc';
import { blankContact, generate, type MockData } from './data';
import { autoMapping, decode, detectDelimiter, parseCsv, rowToDraft, sampleFiles, type MockFiles } from './importer';
import { searchMock } from './search';
import { computeToday as computeTodayOf, listed } from './today';
import { buildReport, rfmScore, tierOf as tierOfData } from './value';

export interface MockOptions {
  /** Local date the mock lives on (default: the real local date). */
  today?: string;
  /** Number of generated contacts (0 = a brand-new, empty book). */
  count?: number;
  seed?: number;
  /** Artificial latency of every call in ms (0 = resolve on the next microtask). */
  latencyMs?: number;
  /** Search latency in ms; a function of the query lets tests reorder responses. */
  searchLatency?: (query: string) => number;
  /** Rows per import chunk (progress events come per chunk). */
  importChunk?: number;
}

/** The mock, with a few hooks for tests to inspect it. */
export interface MockBackend extends Backend {
  readonly data: MockData;
  readonly files: MockFiles;
  readonly settings: AppSettings;
  readonly today: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A deep copy as plain JSON data, like a value that crossed IPC (and safe for Svelte state proxies). */
function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}


function summary(c: Contact, tier: ValueTier | null): ContactSummary {
  return {
    id: c.id,
    display_name: c.display_name,
    company: c.company,
    email: c.emails[0]?.address ?? null,
    phone: c.phones[0]?.raw ?? null,
    tags: c.tags,
    stage: c.stage,
    last_contacted: c.last_contacted,
    tier,
  };
}

export function createMockBackend(opts: MockOptions = {}): MockBackend {
  const today = opts.today ?? localDate(new Date());
  const count = opts.count ?? 400;
  const data = generate(count, today, opts.seed ?? 7, count <= 20_000);
  if (count === 0) {
    data.contacts.clear();
    data.interactions.length = 0;
    data.followUps.length = 0;
    data.revenue.clear();
    data.deals.length = 0;
    data.cases.length = 0;
  }
  const files = sampleFiles();
  const settings: AppSettings = {
    data_dir: '/home/me/.local/share/rapport',
    default_region: 'US',
    reminder_time: '08:30',
    language: 'en',
    time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
  };
  const rules: CadenceRule[] = [
    { kind: 'tag', name: 'VIP', days: 30 },
    { kind: 'stage', name: 'customer', days: 90 },
  ];
  const batches: BatchInfo[] = [];
  const batchCreated = new Map<number, number[]>();
  const progressListeners = new Set<(p: Progress) => void>();
  let cancelFlag = false;
  let sortCache: { key: string; ids: number[] } | null = null;

  const delay = () => (opts.latencyMs ? sleep(opts.latencyMs) : Promise.resolve());
  const nowIso = () => new Date().toISOString();
  const touch = () => {
    sortCache = null;
  };

  function live(id: number): Contact {
    const c = data.contacts.get(id);
    if (!c || c.deleted_at) throw new IpcError('contact_not_found', `contact ${id} not found`);
    return c;
  }

  function followUp(id: number): FollowUp {
    const f = data.followUps.find((x) => x.id === id);
    if (!f) throw new IpcError('followup_not_found', `follow-up ${id} not found`);
    return f;
  }

  const computeToday = (date: string) => computeTodayOf(data, rules, date);

  const tierOf = (id: number) => tierOfData(data, id);

  function matches(c: Contact, q: ContactListQuery, overdueIds: Set<number> | null): boolean {
    if (c.deleted_at) return false;
    if (!q.query.include_archived && c.archived_at) return false;
    if (q.query.tag && !c.tags.some((t) => t.toLowerCase() === q.query.tag!.toLowerCase())) return false;
    if (q.query.stage && c.stage !== q.query.stage) return false;
    if (q.query.tier && tierOf(c.id) !== q.query.tier) return false;
    if (q.query.never_contacted && c.last_contacted) return false;
    if (overdueIds && !overdueIds.has(c.id)) return false;
    return true;
  }

  function overdueSet(): Set<number> {
    const v = computeToday(today);
    return new Set([
      ...v.overdue.map((i) => i.contact_id),
      ...v.today.filter((i) => i.reason === 'cadence' && i.days_late > 0).map((i) => i.contact_id),
    ]);
  }

  function sortedIds(q: ContactListQuery): number[] {
    const key = JSON.stringify({ ...q.query, limit: null, offset: 0, overdue: q.overdue });
    if (sortCache?.key === key) return sortCache.ids;
    const od = q.overdue ? overdueSet() : null;
    const rows = [...data.contacts.values()].filter((c) => matches(c, q, od));
    const coll = new Intl.Collator(undefined, { sensitivity: 'base' });
    if (q.query.sort === 'name') rows.sort((a, b) => coll.compare(a.display_name, b.display_name) || a.id - b.id);
    else if (q.query.sort === 'company')
      rows.sort(
        (a, b) =>
          (a.company === null ? 1 : 0) - (b.company === null ? 1 : 0) ||
          coll.compare(a.company ?? '', b.company ?? '') ||
          coll.compare(a.display_name, b.display_name),
      );
    else
      rows.sort((a, b) => {
        const x = a.last_contacted?.at ?? '';
        const y = b.last_contacted?.at ?? '';
        return x < y ? 1 : x > y ? -1 : b.id - a.id;
      });
    sortCache = { key, ids: rows.map((c) => c.id) };
    return sortCache.ids;
  }

  function fromDraft(c: Contact, d: ContactDraft) {
    Object.assign(c, clone(d));
    if (!c.display_name.trim()) {
      c.display_name = [c.given_name, c.family_name].filter(Boolean).join(' ');
    }
    if (!c.display_name.trim()) throw new IpcError('invalid_input', 'invalid name: a contact needs a name');
    c.updated_at = nowIso();
  }

  function recomputeLast(id: number) {
    const c = data.contacts.get(id);
    if (!c) return;
    c.last_contacted = null;
    for (const it of data.interactions) {
      if (it.contact_id !== id || it.kind === 'note') continue;
      if (!c.last_contacted || c.last_contacted.at < it.occurred_at) c.last_contacted = { at: it.occurred_at, kind: it.kind };
    }
  }

  function emit(p: Progress) {
    for (const l of progressListeners) l(clone(p));
  }

  function readFile(path: string, options: ImportOptions) {
    const bytes = files.get(path);
    if (!bytes) throw new IpcError('io', `${path}: No such file or directory`);
    if (bytes.length === 0) throw new IpcError('import_failed', `${path}: the file is empty`);
    const dec = decode(bytes, options.source.encoding);
    const delimiter = options.source.delimiter ?? detectDelimiter(dec.text);
    const rows = parseCsv(dec.text, delimiter);
    const headers = rows[0] ?? [];
    const mapping = options.mapping ?? autoMapping(headers);
    return { bytes, dec, delimiter, headers, body: rows.slice(1), mapping };
  }

  function matchKeys(d: ContactDraft): string[] {
    return [...d.emails.map((e) => e.address.toLowerCase()), ...d.phones.map((p) => p.raw.replace(/\D/g, '')).filter((p) => p.length >= 6)];
  }

  function existingKeys(): Map<string, number> {
    const m = new Map<string, number>();
    for (const c of data.contacts.values()) {
      if (c.deleted_at) continue;
      for (const k of matchKeys(c)) m.set(k, c.id);
    }
    return m;
  }

  const mock: MockBackend = {
    data,
    files,
    settings,
    today,

    async todayList(date = null) {
      await delay();
      return computeToday(date ?? today);
    },
    async listContacts(q) {
      await delay();
      const ids = sortedIds(q);
      const off = q.query.offset;
      const end = q.query.limit === null ? ids.length : off + q.query.limit;
      return ids.slice(off, end).map((id) => clone(summary(data.contacts.get(id)!, data.revenue.has(id) ? tierOf(id) : null)));
    },
    async countContacts(q) {
      await delay();
      return sortedIds(q).length;
    },
    async listTags() {
      await delay();
      const tags = new Set<string>();
      for (const c of data.contacts.values()) if (!c.deleted_at) c.tags.forEach((t) => tags.add(t));
      return [...tags].sort((a, b) => a.localeCompare(b));
    },
    async getContact(id) {
      await delay();
      return clone(live(id));
    },
    async addContact(draft) {
      await delay();
      const c = blankContact(data.nextId.contact++, draft.display_name, nowIso());
      fromDraft(c, draft);
      data.contacts.set(c.id, c);
      touch();
      return clone(c);
    },
    async updateContact(id, draft) {
      await delay();
      const c = live(id);
      fromDraft(c, draft);
      touch();
      return clone(c);
    },
    async deleteContact(id) {
      await delay();
      live(id).deleted_at = nowIso();
      touch();
    },
    async restoreContact(id) {
      await delay();
      const c = data.contacts.get(id);
      if (!c) throw new IpcError('contact_not_found', `contact ${id} not found`);
      c.deleted_at = null;
      touch();
    },
    async setArchived(id, archived) {
      await delay();
      live(id).archived_at = archived ? nowIso() : null;
      touch();
    },
    async mergeContacts(from, into) {
      await delay();
      if (from === into) throw new IpcError('invalid_input', 'invalid merge: cannot merge a contact into itself');
      const a = live(into);
      const b = live(from);
      for (const k of ['given_name', 'family_name', 'phonetic_name', 'company', 'title', 'birthday', 'anniversary', 'stage', 'source', 'cadence_days'] as const) {
        if (a[k] === null) (a as Record<string, unknown>)[k] = b[k];
      }
      const emails = new Set(a.emails.map((e) => e.address.toLowerCase()));
      a.emails.push(...b.emails.filter((e) => !emails.has(e.address.toLowerCase())));
      const phones = new Set(a.phones.map((p) => p.raw.replace(/\D/g, '')));
      a.phones.push(...b.phones.filter((p) => !phones.has(p.raw.replace(/\D/g, ''))));
      a.addresses.push(...b.addresses);
      a.tags = [...new Set([...a.tags, ...b.tags])];
      a.custom_fields.push(...b.custom_fields.filter((f) => !a.custom_fields.some((g) => g.key === f.key)));
      for (const it of data.interactions) if (it.contact_id === from) it.contact_id = into;
      for (const f of data.followUps) if (f.contact_id === from) f.contact_id = into;
      const rb = data.revenue.get(from);
      if (rb) data.revenue.set(into, (data.revenue.get(into) ?? 0) + rb);
      data.revenue.delete(from);
      b.deleted_at = nowIso();
      recomputeLast(into);
      touch();
      return clone(a);
    },
    async logInteraction(draft) {
      await delay();
      live(draft.contact_id);
      const it = { ...clone(draft), id: data.nextId.interaction++, text: draft.text.trim(), created_at: nowIso(), satisfaction: null };
      data.interactions.push(it);
      recomputeLast(draft.contact_id);
      touch();
      return clone(it);
    },
    async deleteInteraction(id) {
      await delay();
      const i = data.interactions.findIndex((x) => x.id === id);
      if (i < 0) throw new IpcError('interaction_not_found', `interaction ${id} not found`);
      const [it] = data.interactions.splice(i, 1);
      recomputeLast(it.contact_id);
      touch();
    },
    async interactionsOf(contactId, limit = null) {
      await delay();
      const list = data.interactions
        .filter((i) => i.contact_id === contactId)
        .sort((a, b) => (a.occurred_at < b.occurred_at ? 1 : a.occurred_at > b.occurred_at ? -1 : b.id - a.id));
      return clone(limit === null ? list : list.slice(0, limit));
    },
    async addFollowUp(draft) {
      await delay();
      live(draft.contact_id);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.due_date)) throw new IpcError('invalid_input', `invalid due date: '${draft.due_date}'`);
      const f: FollowUp = { ...clone(draft), text: draft.text.trim(), id: data.nextId.followUp++, status: 'open', completed_at: null, created_at: nowIso() };
      data.followUps.push(f);
      touch();
      return clone(f);
    },
    async completeFollowUp(id, nextInDays = null) {
      await delay();
      const f = followUp(id);
      f.status = 'done';
      f.completed_at = nowIso();
      touch();
      if (nextInDays === null) return null;
      const next: FollowUp = { ...clone(f), id: data.nextId.followUp++, due_date: addDays(today, nextInDays), status: 'open', completed_at: null, created_at: nowIso() };
      data.followUps.push(next);
      return clone(next);
    },
    async snoozeFollowUp(id, to) {
      await delay();
      const f = followUp(id);
      if (f.status === 'done') throw new IpcError('invalid_input', 'invalid follow-up: it is already done');
      f.due_date = to;
      f.status = 'snoozed';
      touch();
      return clone(f);
    },
    async followUpsOf(contactId) {
      await delay();
      return clone(data.followUps.filter((f) => f.contact_id === contactId).sort((a, b) => (a.due_date < b.due_date ? 1 : -1)));
    },
    async contactValue(id) {
      await delay();
      return rfmScore(data, live(id), today);
    },
    async search(query, limit = 50) {
      const ms = opts.searchLatency ? opts.searchLatency(query) : opts.latencyMs ?? 0;
      if (ms) await sleep(ms);
      return searchMock(data.contacts.values(), data.interactions, data.followUps, query, limit);
    },
    async importPreview(path, options, sampleRows = 20): Promise<Preview> {
      await delay();
      const f = readFile(path, options);
      const keys = existingKeys();
      const fileKeys = new Map<string, number>();
      const report: ImportReport = {
        batch: null, dry_run: true, status: 'complete',
        counts: { rows: 0, created: 0, merged: 0, skipped: 0, errors: 0 },
        warnings: 0, issues: [], duplicates: [], duplicate_count: 0,
        undecodable: (f.dec.text.match(/\uFFFD/g) ?? []).length,
        index_problem: null,
      };
      const sample: Preview['sample'] = [];
      f.body.forEach((row, i) => {
        const rowNo = i + 2;
        const r = rowToDraft(row, f.mapping, rowNo);
        report.counts.rows++;
        report.issues.push(...r.issues);
        if (r.issues.some((x) => x.severity === 'warning')) report.warnings++;
        if (sample.length < sampleRows) sample.push({ row: rowNo, draft: r.draft, note: r.note, issues: r.issues });
        if (!r.draft) {
          report.counts.errors++;
          return;
        }
        const ks = matchKeys(r.draft);
        const hit = ks.find((k) => keys.has(k));
        const earlier = ks.find((k) => fileKeys.has(k));
        if (hit || earlier) {
          report.duplicate_count++;
          report.duplicates.push({ row: rowNo, name: r.draft.display_name, contact_id: hit ? keys.get(hit)! : null, earlier_row: hit ? null : fileKeys.get(earlier!)!, matched_on: (hit ?? earlier)! });
          if (options.on_duplicate === 'skip') report.counts.skipped++;
          else if (options.on_duplicate === 'merge') report.counts.merged++;
          else report.counts.created++;
        } else report.counts.created++;
        ks.forEach((k) => fileKeys.set(k, rowNo));
      });
      return {
        source: {
          path,
          format: 'csv',
          encoding: { name: f.dec.name, confidence: f.dec.confidence, reason: f.dec.reason, fallback: null },
          delimiter: f.delimiter,
          sheets: [],
          sheet: null,
          header_row: 1,
          headers: f.headers,
          no_header: false,
          bytes_total: f.bytes.length,
        },
        mapping: f.mapping,
        sample,
        report,
      };
    },
    async importRun(path, options) {
      await delay();
      cancelFlag = false;
      const f = readFile(path, options);
      const chunk = opts.importChunk ?? 2;
      const batch = data.nextId.batch++;
      const info: BatchInfo = { id: batch, source_name: path, status: 'running', started_at: nowIso(), finished_at: null, rows_done: 0, created: 0, merged: 0, skipped: 0, errors: 0 };
      batches.unshift(info);
      const created: number[] = [];
      const report: ImportReport = {
        batch: null, dry_run: false, status: 'complete',
        counts: { rows: 0, created: 0, merged: 0, skipped: 0, errors: 0 },
        warnings: 0, issues: [], duplicates: [], duplicate_count: 0, undecodable: 0, index_problem: null,
      };
      const keys = existingKeys();
      for (let i = 0; i < f.body.length; i += chunk) {
        if (cancelFlag) break;
        for (const [j, row] of f.body.slice(i, i + chunk).entries()) {
          const rowNo = i + j + 2;
          const r = rowToDraft(row, f.mapping, rowNo);
          report.counts.rows++;
          report.issues.push(...r.issues);
          if (!r.draft) {
            report.counts.errors++;
            continue;
          }
          const ks = matchKeys(r.draft);
          const target = ks.map((k) => keys.get(k)).find((x) => x !== undefined);
          if (target !== undefined && options.on_duplicate !== 'create') {
            report.duplicate_count++;
            report.duplicates.push({ row: rowNo, name: r.draft.display_name, contact_id: target, earlier_row: null, matched_on: ks.find((k) => keys.has(k))! });
            report.counts[options.on_duplicate === 'skip' ? 'skipped' : 'merged']++;
            continue;
          }
          const c = blankContact(data.nextId.contact++, r.draft.display_name, nowIso());
          fromDraft(c, r.draft);
          c.source = `import: ${path.split('/').pop()}`;
          data.contacts.set(c.id, c);
          created.push(c.id);
          ks.forEach((k) => keys.set(k, c.id));
          if (r.note) data.interactions.push({ id: data.nextId.interaction++, contact_id: c.id, kind: 'note', occurred_at: nowIso(), direction: null, text: r.note, outcome: null, created_at: nowIso(), satisfaction: null });
          report.counts.created++;
        }
        touch();
        emit({ rows_done: report.counts.rows, bytes_done: Math.round((f.bytes.length * Math.min(f.body.length, i + chunk)) / Math.max(1, f.body.length)), bytes_total: f.bytes.length, counts: { ...report.counts } });
        await sleep(opts.latencyMs ?? 0);
      }
      Object.assign(info, { rows_done: report.counts.rows, ...report.counts, finished_at: nowIso() });
      delete (info as Partial<typeof info> & { rows?: number }).rows;
      if (cancelFlag) {
        for (const id of created) data.contacts.delete(id);
        data.interactions = data.interactions.filter((it) => !created.includes(it.contact_id));
        info.status = 'cancelled';
        report.status = 'cancelled';
        touch();
        return report;
      }
      info.status = 'complete';
      batchCreated.set(batch, created);
      report.batch = batch;
      return report;
    },
    async importCancel() {
      cancelFlag = true;
    },
    async importUndo(batch) {
      await delay();
      const info = batches.find((b) => b.id === batch);
      if (!info || info.status !== 'complete') throw new IpcError('invalid_input', `invalid batch: import ${batch} cannot be undone`);
      const created = batchCreated.get(batch) ?? [];
      const notes = data.interactions.filter((it) => created.includes(it.contact_id) && it.kind === 'note').length;
      for (const id of created) data.contacts.delete(id);
      data.interactions = data.interactions.filter((it) => !created.includes(it.contact_id));
      info.status = 'undone';
      touch();
      return { batch, removed: created.length, restored: 0, notes_removed: notes };
    },
    async importBatches() {
      await delay();
      return clone(batches);
    },
    async exportContacts(format, filter, path) {
      await delay();
      if (format === 'ics') return { path, count: data.followUps.filter((f) => f.status !== 'done').length };
      const n = [...data.contacts.values()].filter(
        (c) =>
          !c.deleted_at &&
          (filter.include_archived || !c.archived_at) &&
          (!filter.for_outreach || !c.do_not_contact) &&
          (!filter.tag || c.tags.some((t) => t.toLowerCase() === filter.tag!.toLowerCase())) &&
          (!filter.ids || filter.ids.includes(c.id)),
      ).length;
      return { path, count: n };
    },
    async getSettings() {
      await delay();
      return clone(settings);
    },
    async setDefaultRegion(code) {
      await delay();
      if (!/^[A-Za-z]{2}$/.test(code.trim())) throw new IpcError('invalid_input', `invalid region: '${code}' is not a country code such as US or CN`);
      settings.default_region = code.trim().toUpperCase();
    },
    async setReminderTime(time) {
      await delay();
      if (time !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw new IpcError('invalid_input', `invalid time: '${time}' is not HH:MM`);
      settings.reminder_time = time;
    },
    async setLanguage(language) {
      await delay();
      settings.language = language;
    },
    async cadenceRules() {
      await delay();
      return clone(rules);
    },
    async setCadenceRule(rule) {
      await delay();
      const name = rule.name.trim();
      if (!name) throw new IpcError('invalid_input', 'invalid rule: a rule needs a tag or stage name');
      if (!(rule.days >= 1 && rule.days <= 3660)) throw new IpcError('invalid_input', 'invalid days: cadence must be 1–3660 days');
      const i = rules.findIndex((r) => r.kind === rule.kind && r.name.toLowerCase() === name.toLowerCase());
      if (i >= 0) rules[i] = { ...rule, name };
      else rules.push({ ...rule, name });
    },
    async removeCadenceRule(kind, name) {
      await delay();
      const i = rules.findIndex((r) => r.kind === kind && r.name.toLowerCase() === name.trim().toLowerCase());
      if (i < 0) return false;
      rules.splice(i, 1);
      return true;
    },
    async report() {
      await delay();
      return buildReport(data, today, listed);
    },

    async onImportProgress(cb) {
      progressListeners.add(cb);
      return () => progressListeners.delete(cb);
    },
    async onOpenToday() {
      return () => {};
    },
    async onFileDrop() {
      return () => {};
    },
    async pickImportFile() {
      return '/home/me/Downloads/google-contacts.csv';
    },
    async pickExportFile(defaultName) {
      return `/home/me/Documents/${defaultName}`;
    },
  };
  return mock;
}
