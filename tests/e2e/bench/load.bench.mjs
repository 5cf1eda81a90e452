// `make bench`: what a first visit costs before the login form can be used: every response
// loaded until then (raw and gzip-compressed size, since a production server compresses), and
// the time from navigation start to an enabled "Log in" button. Fresh browser context per run,
// so nothing comes from a cache. Prints a table and writes target/bench/load.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser } from '../harness/browser.mjs';
import { repoRoot } from '../harness/paths.mjs';
import { startProsody } from '../harness/prosody.mjs';
import { startWeb } from '../harness/web.mjs';
import { coldVisit, kb, summarize } from './measure.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Jibber's login form is usable once "Log in" is enabled. */
async function loginFormUsable(page) {
  await page.getByTestId('login-submit').waitFor({ state: 'visible' });
  await page.waitForFunction(() => {
    const button = document.querySelector('[data-testid=login-submit]');
    return button && !button.disabled;
  });
}

const prosody = await startProsody({ logLevel: 'warn' });
const browser = await launchBrowser();
let web;
try {
  web = await startWeb({ prosody });
  const visits = [];
  for (let run = 0; run < RUNS; run += 1) visits.push(await coldVisit(browser, web.url, loginFormUsable));
  const { files } = visits.at(-1);
  const results = {
    runs: RUNS,
    load_to_login_form_ms: summarize(visits.map((visit) => visit.interactiveMs)),
    files: files.map((file) => ({ ...file, raw_kb: kb(file.raw), gzip_kb: kb(file.gzip) })),
    total_raw_kb: kb(files.reduce((sum, file) => sum + file.raw, 0)),
    total_gzip_kb: kb(files.reduce((sum, file) => sum + file.gzip, 0)),
  };
  console.log(`\nload benchmark (${RUNS} cold visits)`);
  const time = results.load_to_login_form_ms;
  console.log(`  load → login form usable        median ${time.median} ms (min ${time.min}, max ${time.max})`);
  for (const file of results.files) console.log(`  ${file.url.padEnd(32)} ${String(file.raw_kb).padStart(8)} KB raw ${String(file.gzip_kb).padStart(8)} KB gzip`);
  console.log(`  ${'everything'.padEnd(32)} ${String(results.total_raw_kb).padStart(8)} KB raw ${String(results.total_gzip_kb).padStart(8)} KB gzip`);
  const outDir = join(repoRoot, 'target/bench');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'load.json'), `${JSON.stringify(results, null, 2)}\n`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser.close();
  await web?.stop();
  await prosody.stop();
}
