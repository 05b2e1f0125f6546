/// <reference types="node" />
// Vitest global setup: the UI's tests run on the real core. Starts one
// `rapport serve` on a fresh temporary data folder (the shared book) and
// provides its address, the binary and the folder for tests that start books
// of their own; stops every server at the end.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { rapportBin, startCore, stopLeftovers, type CoreAddress } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared book's server. */
    core: CoreAddress;
    /** The `rapport` binary. */
    rapportBin: string;
    /** A temporary folder for more data folders. */
    coreRoot: string;
  }
}

export default async function setup(project: TestProject) {
  const uiDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const bin = rapportBin(uiDir);
  // Throwaway books: in memory where the system has a RAM disk (each write's fsync
  // on a real disk made the tests ten times slower).
  const base = process.env.RAPPORT_TEST_TMP ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  const root = mkdtempSync(join(base, 'rapport-ui-tests-'));
  const shared = await startCore(bin, join(root, 'shared'));
  project.provide('core', { url: shared.url, token: shared.token });
  project.provide('rapportBin', bin);
  project.provide('coreRoot', root);
  return async () => {
    await shared.stop();
    stopLeftovers(root, bin);
    rmSync(root, { recursive: true, force: true });
  };
}
