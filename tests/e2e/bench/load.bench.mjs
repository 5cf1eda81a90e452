// `make bench`: what a first visit costs before the login form can be used: every response to a
// request made before the login shell drew the form (raw and gzip-compressed size, since a
// production server compresses), and the time from navigation start to an enabled "Log in"
// button. Then the same until the app module has loaded behind the form and taken it over
// (everything loaded by then). Fresh browser context per run, so nothing comes from a cache.
// Prints a table and writes target/bench/load.json.
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

/** The app has loaded behind the shell's form and taken it over. */
async function appReady(page) {
  await page.waitForFunction(() => !document.querySelector('[data-login-shell]') && document.querySelector('[data-testid=login-submit]'));
}

const totals = (files) => ({
  files: files.map((file) => ({ ...file, raw_kb: kb(file.raw), gzip_kb: kb(file.gzip) })),
  total_raw_kb: kb(files.reduce((sum, file) => sum + file.raw, 0)),
  total_gzip_kb: kb(files.reduce((sum, file) => sum + file.gzip, 0)),
});

function printFiles(title, { files, total_raw_kb, total_gzip_kb }) {
  console.log(`  ${title}`);
  for (const file of files) console.log(`    ${file.url.padEnd(30)} ${String(file.raw_kb).padStart(8)} KB raw ${String(file.gzip_kb).padStart(8)} KB gzip`);
  console.log(`    ${'everything'.padEnd(30)} ${String(total_raw_kb).padStart(8)} KB raw ${String(total_gzip_kb).padStart(8)} KB gzip`);
}

const prosody = await startProsody({ logLevel: 'warn' });
const browser = await launchBrowser();
let web;
try {
  web = await startWeb({ prosody });
  const visits = [];
  const readyVisits = [];
  for (let run = 0; run < RUNS; run += 1) {
    visits.push(await coldVisit(browser, web.url, loginFormUsable, undefined, { requestedBefore: 'jibber:login-form' }));
    readyVisits.push(await coldVisit(browser, web.url, appReady));
  }
  const results = {
    runs: RUNS,
    load_to_login_form_ms: summarize(visits.map((visit) => visit.interactiveMs)),
    ...totals(visits.at(-1).files),
    load_to_app_ready_ms: summarize(readyVisits.map((visit) => visit.interactiveMs)),
    app_ready: totals(readyVisits.at(-1).files),
  };
  console.log(`\nload benchmark (${RUNS} cold visits each)`);
  const time = results.load_to_login_form_ms;
  console.log(`  load → login form usable        median ${time.median} ms (min ${time.min}, max ${time.max})`);
  const ready = results.load_to_app_ready_ms;
  console.log(`  load → app ready behind it      median ${ready.median} ms (min ${ready.min}, max ${ready.max})`);
  printFiles('before the login form', results);
  printFiles('until the app is ready', results.app_ready);
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
