// The real core for the scripts (screenshots, ui-bench): `rapport serve` on a
// data folder, optionally filled by `rapport generate` first. The binary is
// RAPPORT_BIN, else ../target/debug/rapport (as for the tests).
import { spawn, execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const uiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function rapportBin() {
  const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : resolve(uiDir, '../target');
  const bin = process.env.RAPPORT_BIN ? resolve(process.env.RAPPORT_BIN) : join(target, 'debug/rapport');
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new Error(`${bin} is not an executable: build it (cargo build -p rapport-cli) or set RAPPORT_BIN`);
  }
  return bin;
}

/**
 * Starts `rapport serve` on a new temporary folder, with `contacts` generated people
 * (0: an empty book). Resolves to `{ url, token, call(command, request), stop() }`.
 */
export async function startCore(contacts = 0) {
  const bin = rapportBin();
  const root = mkdtempSync(join(tmpdir(), 'rapport-script-'));
  const dir = join(root, 'data');
  if (contacts > 0) execFileSync(bin, ['--data-dir', dir, 'generate', '--contacts', String(contacts)], { stdio: 'ignore' });
  const child = spawn(bin, ['--data-dir', dir, 'serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((ok, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`rapport serve exited (${code})`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) ok(out.slice(0, out.indexOf('\n')));
    });
  });
  child.removeAllListeners('exit');
  const { url, token } = JSON.parse(line);
  const call = async (command, request = {}) => {
    const r = await fetch(`${url}/rpc/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(request),
    });
    const body = await r.json();
    if (!r.ok) throw new Error(`${command}: ${body.message}`);
    return body;
  };
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };
  return { url, token, call, stop, dataDir: dir };
}

/** The page address that connects the UI to `core`, with more query parameters. */
export function pageUrl(base, core, query = '') {
  const q = new URLSearchParams(query);
  q.set('server', core.url);
  q.set('token', core.token);
  return `${base}?${q}`;
}

/** A contact draft with a name and some fields. */
export function draft(name, extra = {}) {
  return {
    display_name: name, given_name: null, family_name: null, phonetic_name: null, company: null, title: null,
    emails: [], phones: [], addresses: [], birthday: null, anniversary: null, tags: [], stage: null,
    custom_fields: [], source: null, do_not_contact: false, cadence_days: null, ...extra,
  };
}

/** The repository's test files. */
export const FIXTURES = resolve(uiDir, '../tests/fixtures');
