// axe-core in the page under test. The page's strict CSP forbids injected <script> tags, so the
// library's source is evaluated through the DevTools protocol, which script-src does not govern.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let source;

/** Serious and critical axe violations of the page as it is now, in both colour schemes. */
export async function seriousViolations(page) {
  source ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(source);
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    });
    found.push(...violations.map((v) => ({ colorScheme, ...v })));
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** Fails with every serious or critical violation listed. */
export async function expectAccessible(page, what) {
  const violations = await seriousViolations(page);
  if (violations.length > 0) {
    throw new Error(`axe on ${what}:\n${violations.map((v) => `[${v.colorScheme}] ${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`).join('\n')}`);
  }
}
