// The installed package's app, driven through WebDriver from outside the clean root it
// was installed in (tests/package/install.sh starts it there, with a book made by the
// installed CLI). It is opened with a contacts file, as "Open with Rapport" does: the
// import preview of that file comes first; then Today, a contact with its deal and case,
// and search. The screenshots in assets/screenshot-installed-*.png are these.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keys, Session } from '../e2e/webdriver.mjs';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set: run tests/package/install.sh`);
  return v;
};
const PORT = env('RAPPORT_INSTALLED_PORT');
const APP = env('RAPPORT_INSTALLED_APP');
const ROOT = env('RAPPORT_E2E_ROOT');
/** The contacts file the app is opened with (a path inside the root). */
const IMPORT = env('RAPPORT_INSTALLED_IMPORT');
const SCREENSHOTS = process.env.RAPPORT_E2E_SCREENSHOTS !== '0';
const tid = (id) => `[data-testid="${id}"]`;

async function shoot(s, name, ready) {
  await s.waitFor(ready);
  await s.painted();
  const png = await s.screenshot();
  assert.ok(png.length > 10_000, `screenshot ${name} looks empty (${png.length} bytes)`);
  if (SCREENSHOTS) writeFileSync(join(ROOT, 'assets', name), png);
}

describe('the installed app', () => {
  let s;

  before(async () => {
    const started = Date.now();
    s = await Session.start(PORT, APP, [IMPORT]);
    await s.waitFor(tid('screen-import'), { timeout: 30000 });
    console.log(`launch of the installed app to its first screen (incl. WebDriver session): ${Date.now() - started} ms`);
  });

  after(async () => {
    if (s) await s.quit().catch(() => {});
  });

  it('opened with a contacts file, shows its import preview', async () => {
    await s.waitFor(tid('import-preview-table'), { text: 'Lovelace', timeout: 20000 });
    await shoot(s, 'screenshot-installed-import.png', tid('import-preview-table'));
  });

  it('shows Today with the overdue and due follow-ups', async () => {
    await s.click(await s.waitFor(tid('nav-today')));
    await s.waitFor(tid('today-section-overdue'), { text: 'Maria Keller' });
    await s.waitFor(tid('today-section-today'), { text: '王芳' });
    await shoot(s, 'screenshot-installed-today.png', tid('today-row'));
  });

  it('shows a contact with its deals and its case', async () => {
    await s.click(await s.waitFor(tid('nav-contacts')));
    await s.click(await s.waitFor(tid('contact-row'), { text: 'Maria Keller' }));
    await s.waitFor(tid('screen-contact'), { text: 'Fleet insurance' });
    await s.waitFor(tid('screen-contact'), { text: 'damaged pallet' });
    await shoot(s, 'screenshot-installed-contact.png', tid('timeline'));
  });

  it('finds 张伟明 by pinyin initials', async () => {
    await s.click(await s.waitFor(tid('search-open')));
    await s.type(await s.waitFor(tid('search-input')), 'zwm');
    await s.waitFor(tid('search-result'), { text: '张伟明' });
    await shoot(s, 'screenshot-installed-search.png', tid('search-result'));
    await s.chord([Keys.ESCAPE]);
  });
});
