/// <reference types="node" />
// What a test needs to talk to the real core: the shared book, or an empty
// book of its own (a `rapport serve` on a new data folder, stopped after the
// test or the file), and the core's idea of today.

import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { changeSetting, httpTransport, todayList, useTransport } from '../../src/lib/client';
import { closingFetch } from './http';
import type { ContactDraft } from '../../src/lib/bindings/ContactDraft';
import type { ContactQuery } from '../../src/lib/bindings/ContactQuery';
import type { ListContactsRequest } from '../../src/lib/bindings/ListContactsRequest';
import { newDraft } from '../../src/lib/contact';
import { addDays } from '../../src/lib/dates';
import { startCore, type RunningCore } from './server';

let books = 0;

/**
 * Starts an empty book and sends the client's calls to it. Its time zone is UTC, so
 * dates written as instants (`noonOn`) fall on the same local day wherever the tests run.
 */
export async function startBook(): Promise<RunningCore> {
  const dir = join(inject('coreRoot'), `book-${process.pid}-${++books}`);
  const core = await startCore(inject('rapportBin'), dir);
  useTransport(httpTransport(core.url, core.token, closingFetch));
  await changeSetting({ change: { key: 'time_zone', value: 'UTC' } });
  return core;
}

/** Every test of the file gets an empty book of its own. */
export function emptyBookPerTest(): void {
  let core: RunningCore | null = null;
  beforeEach(async () => {
    core = await startBook();
  });
  afterEach(async () => {
    await core?.stop();
    core = null;
  });
}

/** The tests of the file share one empty book. */
export function emptyBookPerFile(): void {
  let core: RunningCore | null = null;
  beforeAll(async () => {
    core = await startBook();
  });
  afterAll(async () => {
    await core?.stop();
  });
}

/** The book every test file may use (other files write to it too: assert only on what you made). */
export function sharedBook(): void {
  beforeAll(() => {
    const { url, token } = inject('core');
    useTransport(httpTransport(url, token, closingFetch));
  });
}

/** Today's date as the core sees it (in the book's time zone). */
export async function coreToday(): Promise<string> {
  return (await todayList({ date: null, rows_per_section: null, past_workload: false })).date;
}

/** `today` plus `n` days, as an instant at noon UTC (for `occurred_at`). */
export function noonOn(today: string, n: number): string {
  return `${addDays(today, n)}T12:00:00Z`;
}

/** A draft with a name and optional fields. */
export function draft(name: string, extra: Partial<ContactDraft> = {}): ContactDraft {
  return { ...newDraft(name), ...extra };
}

/** The contact list's query with its defaults. */
export function listQuery(patch: Partial<ContactQuery> = {}, overdue = false): ListContactsRequest {
  return {
    query: { tag: null, stage: null, tier: null, never_contacted: false, include_archived: false, sort: 'name', limit: null, offset: 0, ...patch },
    overdue,
  };
}

/** The repository's test files (`tests/fixtures/...`). */
export function fixture(path: string): string {
  // Path functions, not `new URL`: under jsdom the URL class is the DOM's.
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures', path);
}

/** A Google Contacts CSV of `rows` generated people (`rapport generate`, seeded: the same every time). */
export function generatedCsv(rows: number): string {
  const dir = join(inject('coreRoot'), `generated-${rows}-${process.pid}`);
  const csv = `${dir}.csv`;
  if (!existsSync(csv)) {
    execFileSync(inject('rapportBin'), ['--data-dir', dir, 'generate', '--contacts', String(rows), '--csv', csv], { stdio: 'ignore' });
  }
  return csv;
}
