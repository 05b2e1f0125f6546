// The accessibility check (axe-core) that the end-to-end run makes in the real webview
// on every screen, and `A11Y=1 node scripts/screenshots.mjs` in Chromium on every shot.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** axe-core's browser build, to evaluate in the page (it defines `window.axe`). */
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rules: WCAG 2.1 A and AA, and axe's best practices. */
export const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/** What fails the check: a violation axe rates serious or critical. */
export const FAILING = new Set(['serious', 'critical']);

/**
 * A WebDriver async script body: loads axe if the page has not got it, runs it and
 * hands back the violations, each with the first elements it names.
 */
export const AXE_WEBDRIVER_SCRIPT = `const done = arguments[arguments.length - 1];
if (!window.axe) { ${AXE_SOURCE}\n }
window.axe.run(document, ${JSON.stringify(AXE_OPTIONS)}).then(
  (r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')) }))),
  (e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));`;

/** The failing violations as readable lines ('' when there are none). */
export function describeFailing(screen, violations) {
  return violations
    .filter((v) => FAILING.has(v.impact))
    .map((v) => `${screen}: ${v.impact} ${v.id} (${v.help})\n    ${v.nodes.join('\n    ')}`)
    .join('\n');
}
