// `make bench`: what a first visit costs before the login form can be used: every response
// loaded until then (raw and gzip-compressed size, since a production server compresses), and
// the time from navigation start to an enabled "Log in" button. Fresh browser context per run,
// so nothing comes from a cache. Prints a table and writes target/bench/load.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../harness/browser.mjs';
import { repoRoot } from '../harness/paths.mjs';
import { startProsody } from '../harness/prosody.mjs';
import { startWeb } from '../harness/web.mjs';
import { summarize } from './measure.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** One cold visit: the responses until the login form is usable, and how long that took. */
async function coldVisit(browser, url) {
  const user = await browser.newUser('load');
  const responses = [];
  user.page.on('response', (response) => responses.push(response));
  await user.page.goto(url);
  const submit = user.page.getByTestId('login-submit');
  await submit.waitFor({ state: 'visible' });
  await user.page.waitForFunction(() => {
    const button = document.querySelector('[data-testid=login-submit]');
    return button && !button.disabled;
  });
  const interactiveMs = await user.page.evaluate(() => performance.now());
  const files = [];
  for (const response of responses) {
    const body = await response.body().catch(() => Buffer.alloc(0));
    files.push({ url: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  await user.close();
  return { interactiveMs, files };
}

const prosody = await startProsody({ logLevel: 'warn' });
const browser = await launchBrowser();
let web;
try {
  web = await startWeb({ prosody });
  const visits = [];
  for (let run = 0; run < RUNS; run += 1) visits.push(await coldVisit(browser, web.url));
  const { files } = visits.at(-1);
  const kb = (bytes) => Math.round(bytes / 102.4) / 10;
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
