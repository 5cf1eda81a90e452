// `make bench`: log in to an account whose roster holds 5,000 contacts (seeded into Prosody's
// storage), and measure how long until the list is rendered (from the click on "Log in", as
// converse.bench.mjs does, on fresh devices), until the page settled, how much it holds in memory,
// scrolling to the end, and a reload (which must not download the roster again: RFC 6121
// versioning). Prints a table and writes target/bench/roster.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser } from '../harness/browser.mjs';
import { repoRoot } from '../harness/paths.mjs';
import { startProsody } from '../harness/prosody.mjs';
import { startWeb } from '../harness/web.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { ContactsPanel } from '../pages/contacts-panel.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';
import { memoryOf, summarize, wasmMemoryProbe } from './measure.mjs';
import { startProfile } from './profile.mjs';
import { benchArchiveStorage, seedRoster } from './seed.mjs';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 5000);
const TIMEOUT_MS = 120_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** No long task for this long: the page settled (as in converse.bench.mjs). */
const SETTLE_MS = 2_000;

/** An init script: the end of the last long task (main thread busy > 50 ms). */
function longTaskProbe() {
  window.__lastLongTaskEnd = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lastLongTaskEnd = Math.max(window.__lastLongTaskEnd, entry.startTime + entry.duration);
  }).observe({ type: 'longtask', buffered: true });
}

function countFrames(page) {
  const counter = { bytes: 0 };
  page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => (counter.bytes += payload.length)));
  return counter;
}

async function waitForRoster(contacts) {
  await waitUntil(async () => (await contacts.rosterTotal().catch(() => NaN)) === CONTACTS, {
    timeoutMs: TIMEOUT_MS,
    describe: () => `the roster to show ${CONTACTS} contacts`,
  });
}

const prosody = await startProsody({ logLevel: 'warn', archiveStorage: benchArchiveStorage });
const browser = await launchBrowser();
let web;
try {
  const [account] = await prosody.createAccounts(['bench']);
  await seedRoster(prosody, account.username, CONTACTS);
  // BENCH_DIST: another build to compare with (by default dist/).
  web = await startWeb({ prosody, dir: process.env.BENCH_DIST });
  /**
   * A first login on a fresh device, timed in the page: from the click on "Log in" until the
   * list shows every contact, and until the last long task before a quiet `SETTLE_MS`.
   */
  async function firstLogin(run) {
    const user = await browser.newUser(`bench-${run}`);
    await user.page.addInitScript(wasmMemoryProbe);
    await user.page.addInitScript(longTaskProbe);
    const received = countFrames(user.page);
    const login = await new LoginPage(user.page).goto(web.url);
    // The login shell draws the form before the app has loaded (load.bench.mjs times that);
    // the login is timed on the loaded app, as someone typing an address and password meets it.
    await user.page.waitForFunction(() => !document.querySelector('[data-login-shell]'));
    await login.jid.fill(account.jid);
    await login.password.fill(account.password);
    // With BENCH_PROFILE, the first login is profiled (and therefore slower).
    const profile = run === 0 ? await startProfile(user.page, 'roster-login') : undefined;
    const clicked = await user.page.evaluate(() => performance.now());
    await login.submit.click();
    await user.page.waitForFunction((count) => {
      const total = document.querySelector('[data-testid=roster-count]')?.textContent ?? '';
      return new RegExp(`(^|\\D)${count} contacts?$`).test(total.trim()) && document.querySelector('[data-testid=roster-item]');
    }, CONTACTS, { polling: 'raf', timeout: TIMEOUT_MS });
    const rendered = await user.page.evaluate(() => performance.now());
    await profile?.stop();
    await user.page.waitForFunction((quiet) => performance.now() - window.__lastLongTaskEnd > quiet, SETTLE_MS, { polling: 250, timeout: TIMEOUT_MS });
    const lastLongTask = await user.page.evaluate(() => window.__lastLongTaskEnd);
    return { user, received, renderedMs: rendered - clicked, settledMs: Math.max(rendered, lastLongTask) - clicked };
  }

  const logins = [];
  for (let run = 0; run < RUNS; run += 1) {
    if (logins.length) await logins.at(-1).user.close();
    logins.push(await firstLogin(run));
  }
  const { user, received } = logins.at(-1);
  const contacts = new ContactsPanel(user.page);
  const main = new MainPage(user.page);
  await waitForRoster(contacts);
  await main.waitForStatus('online', { timeoutMs: TIMEOUT_MS });
  const firstLoginBytes = received.bytes;
  const memory = await memoryOf(user.page);
  const renderedRows = await contacts.roster.getByTestId('roster-item').count();

  const scrollStarted = performance.now();
  const last = `contact${String(CONTACTS - 1).padStart(5, '0')}@${prosody.domain}`;
  await user.page.getByTestId('roster-viewport').evaluate((node) => node.scrollTo(0, node.scrollHeight));
  await contacts.rosterItem(last).waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  const scrollMs = performance.now() - scrollStarted;

  const searchStarted = performance.now();
  await contacts.rosterSearch.fill('Contact 04999');
  await waitUntil(async () => /1 of/.test(await contacts.rosterCount.innerText()), { timeoutMs: TIMEOUT_MS, describe: () => 'search results' });
  const searchMs = performance.now() - searchStarted;

  received.bytes = 0;
  const reloadStarted = performance.now();
  await user.page.reload();
  await waitForRoster(new ContactsPanel(user.page));
  const reloadRenderMs = performance.now() - reloadStarted;
  await main.waitForStatus('online', { timeoutMs: TIMEOUT_MS });
  // Presence and other traffic settle; the roster itself must not come again.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const reloadBytes = received.bytes;

  const results = {
    contacts: CONTACTS,
    first_login_to_rendered_ms: summarize(logins.map((login) => login.renderedMs)),
    first_login_to_settled_ms: summarize(logins.map((login) => login.settledMs)),
    first_login_bytes_received: firstLoginBytes,
    js_heap_used_mb: memory.js_heap_mb,
    wasm_memory_mb: memory.wasm_memory_mb,
    dom_nodes: memory.dom_nodes,
    rows_in_dom: renderedRows,
    scroll_to_end_ms: Math.round(scrollMs),
    search_ms: Math.round(searchMs),
    reload_to_rendered_ms: Math.round(reloadRenderMs),
    reload_bytes_received: reloadBytes,
  };
  console.log(`\nroster benchmark (${CONTACTS} contacts)`);
  for (const [name, value] of Object.entries(results)) console.log(`  ${name.padEnd(30)} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  const outDir = join(repoRoot, 'target/bench');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'roster.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (reloadBytes >= firstLoginBytes / 2) {
    console.error(`the reload received ${reloadBytes} bytes, close to the first login's ${firstLoginBytes}: was the roster downloaded again?`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error);
  console.error(await prosody.logs(80));
  process.exitCode = 1;
} finally {
  await browser.close();
  await web?.stop();
  await prosody.stop();
}
