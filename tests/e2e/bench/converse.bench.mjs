// `make bench`: Converse.js 14.0 (the npm package's dist/, served from loopback by
// converse/host.mjs) measured like Jibber on the same Prosody, Chromium and machine:
// - everything loaded before the login form (raw, gzip) and load → login form usable;
// - login → a 5,000-contact roster rendered (every contact in the page), then settled (no long
//   task for SETTLE_MS), JS heap and DOM nodes after, vCard requests sent;
// - opening a chat whose archive holds 10,000 messages → the newest visible (fresh device), and
//   each older page when scrolling back;
// - 1,000 incoming messages sent in one burst → the last one rendered.
// Seeds the same data as roster.bench.mjs and messages.bench.mjs (seed.mjs). Any request off
// loopback is aborted and listed. Slow cases stop at a cap and are reported as not finished.
// Writes target/bench/converse.json and prints it next to Jibber's target/bench/*.json.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser } from '../harness/browser.mjs';
import { repoRoot } from '../harness/paths.mjs';
import { startPeer } from '../harness/peer.mjs';
import { startProsody } from '../harness/prosody.mjs';
import { startConverseHost } from './converse/host.mjs';
import { coldVisit, kb, memoryOf, shownAt, summarize, wallClock } from './measure.mjs';
import { benchArchiveStorage, seedArchive, seedRoster, writeRoster } from './seed.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const LOAD_RUNS = env('BENCH_RUNS', 5);
const CONTACTS = env('BENCH_CONTACTS', 5000);
const ARCHIVE = env('BENCH_ARCHIVE', 10_000);
const INCOMING = env('BENCH_INCOMING', 1_000);
const REPEAT = env('BENCH_REPEAT', 3);
const PAGES = env('BENCH_PAGES', 5);
const CAP_MS = env('BENCH_CONVERSE_CAP_S', 300) * 1000;
const SETTLE_MS = 5_000;
const blocked = new Set();

/** Aborts every request that leaves loopback (and records it). */
async function localOnly(user) {
  await user.context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname) && /^(https?|wss?):$/.test(url.protocol), (route) => {
    blocked.add(route.request().url());
    return route.abort();
  });
  // The end of the last long task (main thread busy > 50 ms), to tell when the page settled.
  await user.page.addInitScript(() => {
    window.__lastLongTaskEnd = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__lastLongTaskEnd = Math.max(window.__lastLongTaskEnd, entry.startTime + entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

async function loginFormUsable(page) {
  await page.locator('#converse-login input[name=jid]').waitFor({ state: 'visible', timeout: CAP_MS });
  await page.waitForFunction(() => {
    const button = document.querySelector('#converse-login button[type=submit]');
    return button && !button.disabled;
  });
}

/** A fresh context on the login form; `login()` submits and returns the page time of the click. */
async function freshUser(browser, url, account, name) {
  const user = await browser.newUser(name);
  await localOnly(user);
  user.vcardRequests = 0;
  user.page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => (user.vcardRequests += /vcard-temp/.test(payload) ? 1 : 0)));
  await user.page.goto(url);
  await loginFormUsable(user.page);
  user.login = async () => {
    await user.page.fill('#converse-login input[name=jid]', account.jid);
    await user.page.fill('#converse-login input[name=password]', account.password);
    const clicked = await user.page.evaluate(() => performance.now());
    await user.page.click('#converse-login button[type=submit]');
    return clicked;
  };
  return user;
}

/** Page time when `predicate(arg)` first held, polled every 100 ms; undefined after `capMs`. */
async function pageTimeWhen(page, predicate, arg, capMs = CAP_MS) {
  const handle = await page.waitForFunction(predicate, arg, { polling: 100, timeout: capMs }).catch(() => undefined);
  return handle ? page.evaluate(() => performance.now()) : undefined;
}

/** Waits until no long task happened for SETTLE_MS; the page time the last one ended. */
async function settled(page, capMs = CAP_MS) {
  const done = await page.waitForFunction((quiet) => performance.now() - window.__lastLongTaskEnd > quiet, SETTLE_MS, { polling: 500, timeout: capMs }).catch(() => undefined);
  return done ? page.evaluate(() => window.__lastLongTaskEnd) : undefined;
}

const roundMs = (ms) => (ms === undefined ? `did not finish within ${CAP_MS / 1000} s` : Math.round(ms));

async function measureLoad(browser, url) {
  const visits = [];
  for (let run = 0; run < LOAD_RUNS; run += 1) visits.push(await coldVisit(browser, url, loginFormUsable, localOnly));
  const { files } = visits.at(-1);
  return {
    load_to_login_form_ms: summarize(visits.map((visit) => visit.interactiveMs)),
    files: files.map((file) => ({ url: file.url, raw_kb: kb(file.raw), gzip_kb: kb(file.gzip) })),
    total_raw_kb: kb(files.reduce((sum, file) => sum + file.raw, 0)),
    total_gzip_kb: kb(files.reduce((sum, file) => sum + file.gzip, 0)),
  };
}

async function measureRoster(browser, url, account) {
  const user = await freshUser(browser, url, account, 'roster');
  const clicked = await user.login();
  const rendered = await pageTimeWhen(user.page, (count) => document.querySelectorAll('converse-roster-contact .contact-name').length >= count, CONTACTS);
  const quiet = rendered === undefined ? undefined : await settled(user.page);
  const memory = await memoryOf(user.page);
  const result = {
    contacts: CONTACTS,
    login_to_rendered_ms: roundMs(rendered === undefined ? undefined : rendered - clicked),
    login_to_settled_ms: roundMs(quiet === undefined ? undefined : Math.max(quiet, rendered) - clicked),
    js_heap_used_mb: memory.js_heap_mb,
    dom_nodes: memory.dom_nodes,
    vcard_requests_sent: user.vcardRequests,
  };
  await user.close();
  return result;
}

const CHAT_TEXT = 'converse-chat-message .chat-msg__text';
const chatText = (page) => page.locator(CHAT_TEXT);

/** A fresh device opens the chat with `peer`: the ms from the click until `archived N-1` is visible. */
async function openChat(browser, url, owner, peer, name) {
  const user = await freshUser(browser, url, owner, name);
  await user.login();
  const contact = user.page.locator('converse-roster-contact a.open-chat', { hasText: peer.username });
  await contact.waitFor({ state: 'visible', timeout: CAP_MS });
  const started = wallClock();
  await contact.click();
  const shown = await shownAt(user.page, CHAT_TEXT, `archived ${ARCHIVE - 1}`, CAP_MS);
  return { user, ms: shown - started };
}

/** The lowest `archived N` in the page. */
const oldestShown = (page) =>
  chatText(page).evaluateAll((rows) => Math.min(...rows.map((row) => Number(/^archived (\d+)$/.exec(row.textContent.trim())?.[1] ?? Infinity))));

/** Scrolls to the top PAGES times; the ms until older messages appeared, each time. */
async function scrollBack(page) {
  const steps = [];
  for (let n = 0; n < PAGES; n++) {
    const before = await oldestShown(page);
    const started = performance.now();
    await page.locator('.chat-content__messages').evaluate((list) => list.scrollTo(0, -list.scrollHeight));
    const appeared = await page
      .waitForFunction(
        (oldest) => [...document.querySelectorAll('converse-chat-message .chat-msg__text')].some((row) => Number(/^archived (\d+)$/.exec(row.textContent.trim())?.[1] ?? Infinity) < oldest),
        before,
        { polling: 20, timeout: CAP_MS },
      )
      .catch(() => undefined);
    if (!appeared) return { steps, finished: false };
    steps.push(performance.now() - started);
  }
  return { steps, finished: true };
}

async function burst(page, peer, to, round) {
  const stanzas = Array.from({ length: INCOMING }, (_, n) => `<message type="chat" to="${to}" id="burst-${round}-${n}"><body>burst ${round} ${n}</body></message>`);
  const started = wallClock();
  await peer.sendRaw(stanzas.join(''), CAP_MS);
  const shown = await shownAt(page, CHAT_TEXT, `burst ${round} ${INCOMING - 1}`, CAP_MS).catch(() => undefined);
  return shown === undefined ? undefined : shown - started;
}

async function measureMessages(browser, url, owner, other) {
  const opens = [];
  let user;
  for (let n = 0; n < REPEAT; n++) {
    await user?.close();
    const open = await openChat(browser, url, owner, other, `open-${n}`);
    opens.push(open.ms);
    user = open.user;
  }
  const scroll = await scrollBack(user.page);
  const afterScroll = await memoryOf(user.page);
  await user.close();

  // A fresh device with the chat open at its newest message receives the bursts.
  ({ user } = await openChat(browser, url, owner, other, 'burst'));
  const bursts = [];
  for (let round = 0; round < REPEAT; round++) {
    const peer = await startPeer({ jid: other.jid, password: other.password, prosody: owner.prosody });
    const ms = await burst(user.page, peer, owner.jid, round).finally(() => peer.stop());
    bursts.push(ms);
    if (ms === undefined) break;
  }
  const afterBursts = await memoryOf(user.page);
  await user.close();
  const finished = bursts.filter((ms) => ms !== undefined);
  return {
    archive: ARCHIVE,
    open_chat_fresh_device_ms: summarize(opens),
    scroll_back_page_from_archive_ms: scroll.steps.length ? summarize(scroll.steps) : roundMs(undefined),
    scroll_back_pages: scroll.steps.length,
    scroll_back_finished: scroll.finished,
    memory_after_scroll_back: afterScroll,
    [`incoming_${INCOMING}_rendered_ms`]: finished.length === bursts.length ? summarize(finished) : roundMs(undefined),
    memory_after_incoming: afterBursts,
  };
}

/** Jibber's figure for the same case from target/bench/<file>.json, when it is there. */
async function jibber(file, pick) {
  try {
    return pick(JSON.parse(await readFile(join(repoRoot, 'target/bench', file), 'utf8'))) ?? '-';
  } catch {
    return '-';
  }
}

function printTable(results) {
  const ms = (value) => (value === undefined ? '-' : typeof value === 'object' ? `${value.median} ms (${value.min}-${value.max}, ${value.runs} runs)` : typeof value === 'number' ? `${value} ms` : value);
  const { load, roster, messages } = results;
  return Promise.all([
    ['before the login form, gzip', `${load.total_gzip_kb} KB (${load.total_raw_kb} KB raw)`, jibber('load.json', (j) => `${j.total_gzip_kb} KB (${j.total_raw_kb} KB raw)`)],
    ['load → login form usable', ms(load.load_to_login_form_ms), jibber('load.json', (j) => ms(j.load_to_login_form_ms))],
    [`login → ${roster.contacts}-contact roster rendered`, ms(roster.login_to_rendered_ms), jibber('roster.json', (j) => ms(j.first_login_to_rendered_ms))],
    ['  … page settled', ms(roster.login_to_settled_ms), '-'],
    ['  JS heap / DOM nodes after', `${roster.js_heap_used_mb} MB / ${roster.dom_nodes}`, jibber('roster.json', (j) => `${j.js_heap_used_mb} MB (+ ${j.wasm_memory_mb} MB WASM) / ${j.dom_nodes}`)],
    [`open a ${ARCHIVE}-message chat → newest`, ms(messages.open_chat_fresh_device_ms), jibber('messages.json', (j) => ms(j.open_chat_fresh_device_ms))],
    ['each older page (scrolling back)', ms(messages.scroll_back_page_from_archive_ms), jibber('messages.json', (j) => ms(j.scroll_back_page_from_archive_ms))],
    [`${INCOMING} incoming messages rendered`, ms(messages[`incoming_${INCOMING}_rendered_ms`]), jibber('messages.json', (j) => ms(j[`incoming_${INCOMING}_rendered_ms`]))],
  ].map(async ([what, converse, other]) => [what, converse, await other])).then((rows) => {
    console.log(`\n${'case'.padEnd(40)} ${'Converse.js 14.0'.padEnd(36)} Jibber`);
    for (const [what, converse, other] of rows) console.log(`${what.padEnd(40)} ${String(converse).padEnd(36)} ${other}`);
  });
}

const prosody = await startProsody({ logLevel: 'warn', archiveStorage: benchArchiveStorage });
const browser = await launchBrowser();
let host;
try {
  const [rosterOwner, owner, other] = await prosody.createAccounts(['bench', 'owner', 'peer']);
  await seedRoster(prosody, rosterOwner.username, CONTACTS);
  await writeRoster(prosody, owner.username, [{ jid: other.jid, name: other.username, group: 'Bench' }]);
  await seedArchive(prosody, owner, other, ARCHIVE);
  owner.prosody = prosody;
  host = await startConverseHost({ prosody });
  const results = { converse: '14.0.0' };
  results.load = await measureLoad(browser, host.url);
  console.log('load', JSON.stringify(results.load.load_to_login_form_ms), results.load.total_gzip_kb, 'KB gzip');
  results.roster = await measureRoster(browser, host.url, rosterOwner);
  console.log('roster', JSON.stringify(results.roster));
  results.messages = await measureMessages(browser, host.url, owner, other);
  console.log('messages', JSON.stringify(results.messages));
  results.blocked_remote_requests = [...blocked];
  const outDir = join(repoRoot, 'target/bench');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'converse.json'), `${JSON.stringify(results, null, 2)}\n`);
  await printTable(results);
  if (blocked.size) console.log(`\nremote requests aborted: ${[...blocked].join(', ')}`);
} catch (error) {
  console.error(error);
  console.error(await prosody.logs(40));
  process.exitCode = 1;
} finally {
  await browser.close();
  await host?.stop();
  await prosody.stop();
}
