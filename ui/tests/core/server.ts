/// <reference types="node" />
// Starts and stops `rapport serve` on a data folder: the real core, over HTTP,
// for the UI's tests. Used by the global setup (one shared book) and by tests
// that need an empty book of their own. Each server's PID is written next to
// its data folder, so the global teardown can stop any a crashed worker left.

import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where a running server answers. */
export interface CoreAddress {
  url: string;
  token: string;
}

export interface RunningCore extends CoreAddress {
  pid: number;
  dataDir: string;
  /** Stops the server (by its PID) and waits until it is gone. */
  stop(): Promise<void>;
}

/**
 * The `rapport` binary: `RAPPORT_BIN`, else `debug/rapport` in `CARGO_TARGET_DIR` or
 * `../target` from `ui/` (what `cargo test` builds). Throws, saying how to get one, when it is missing.
 */
export function rapportBin(uiDir: string): string {
  const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : resolve(uiDir, '../target');
  const bin = process.env.RAPPORT_BIN ? resolve(process.env.RAPPORT_BIN) : join(target, 'debug/rapport');
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new Error(
      `the UI tests run on the real core, and ${bin} is not an executable: ` +
        'build it (cargo build -p rapport-cli) or set RAPPORT_BIN to a rapport binary',
    );
  }
  return bin;
}

const START_TIMEOUT_MS = 15_000;

/** Starts `rapport serve` on `dataDir` (created by the core when missing) and waits for its address. */
export function startCore(bin: string, dataDir: string): Promise<RunningCore> {
  // Starting at login and the reminder's timer write under the book's own folder, never
  // into the real ~/.config.
  const child = spawn(bin, ['--data-dir', dataDir, 'serve', '--desktop-config-home', join(dataDir, 'desktop-config')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // The core's answers must not depend on the machine running the tests.
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  const pid = child.pid;
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  return new Promise<RunningCore>((resolveStart, reject) => {
    let stdout = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      if (pid !== undefined) child.kill('SIGKILL');
      reject(new Error(`rapport serve on ${dataDir} ${why}${stderr ? `:\n${stderr}` : ''}`));
    };
    const timer = setTimeout(() => fail(`printed no address within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (e) => fail(`could not start (${e.message})`));
    const early = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited before it was ready (${signal ?? `code ${code}`})`);
    child.once('exit', early);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdout += d;
      const nl = stdout.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.removeListener('exit', early);
      let address: CoreAddress;
      try {
        address = JSON.parse(stdout.slice(0, nl)) as CoreAddress;
      } catch {
        return fail(`printed '${stdout.slice(0, nl)}' instead of {"url", "token"}`);
      }
      if (pid === undefined) return fail('has no PID');
      writeFileSync(`${dataDir}.pid`, String(pid));
      resolveStart({
        ...address,
        pid,
        dataDir,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            process.kill(pid, 'SIGTERM');
            await exited;
          }
        },
      });
    });
  });
}

/** Stops the servers whose PID files lie in `root` and are still running `bin` (a worker that crashed leaves them). */
export function stopLeftovers(root: string, bin: string): void {
  if (!existsSync(root)) return;
  for (const f of readdirSync(root)) {
    if (!f.endsWith('.pid')) continue;
    const pid = Number(readFileSync(join(root, f), 'utf8'));
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // gone already
    }
    if (pid > 0 && cmdline.startsWith(bin)) process.kill(pid, 'SIGTERM');
  }
}
