// `make bench`: log in to an account whose roster holds 5,000 contacts (seeded into Prosody's
// storage), and measure how long until the list is rendered, how much the page holds in memory,
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
import { memoryOf, wasmMemoryProbe } from './measure.mjs';
import { startProfile } from './profile.mjs';
import { benchArchiveStorage, seedRoster } from './seed.mjs';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 5000);
const TIMEOUT_MS = 120_000;

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
  const user = await browser.newUser('bench');
  await user.page.addInitScript(wasmMemoryProbe);
  const received = countFrames(user.page);
  const contacts = new ContactsPanel(user.page);
  const main = new MainPage(user.page);

  const login = await new LoginPage(user.page).goto(web.url);
  // With BENCH_PROFILE, the first login is profiled (and therefore slower).
  const profile = await startProfile(user.page, 'roster-login');
  const started = performance.now();
  await login.login(account.jid, account.password);
  await waitForRoster(contacts);
  const firstRenderMs = performance.now() - started;
  await profile.stop();
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
    first_login_to_rendered_ms: Math.round(firstRenderMs),
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
  for (const [name, value] of Object.entries(results)) console.log(`  ${name.padEnd(30)} ${value}`);
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
