// Writes the configuration the Tauri bundler reads from the app crate's folder
// (src-tauri/tauri.conf.json) out of the one at the repository root, which stays the
// only one kept: the bundler looks for its file beside the app's Cargo.toml, and takes
// relative paths from there. Every path the root file gives (relative to the root) is
// made relative to src-tauri; nothing else changes. Used by scripts/package.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const appDir = join(root, 'src-tauri');
const rebase = (p) => relative(appDir, join(root, p));

const config = JSON.parse(readFileSync(join(root, 'tauri.conf.json'), 'utf8'));
config.build.frontendDist = rebase(config.build.frontendDist);
for (const hook of ['beforeDevCommand', 'beforeBuildCommand']) {
  if (config.build[hook]?.cwd) config.build[hook].cwd = rebase(config.build[hook].cwd);
}
config.bundle.icon = config.bundle.icon.map(rebase);
const deb = config.bundle.linux?.deb ?? {};
if (deb.desktopTemplate) deb.desktopTemplate = rebase(deb.desktopTemplate);
if (deb.files) deb.files = Object.fromEntries(Object.entries(deb.files).map(([to, from]) => [to, rebase(from)]));

const out = process.argv[2] ?? join(appDir, 'tauri.conf.json');
writeFileSync(out, `${JSON.stringify(config, null, 2)}\n`);
