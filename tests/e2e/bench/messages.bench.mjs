// `make bench`: a chat whose archive holds 10,000 messages (seeded into Prosody's storage) and
// 1,000 messages arriving at once. Measures, in the release build:
// - opening the chat → the newest message visible (a fresh device, then after a reload);
// - scrolling back 1,000 messages, page by page (from the server's archive, then from the device);
// - 1,000 incoming messages sent in one burst → the last one rendered;
// - JS heap, WASM memory and DOM nodes after each.
// Renders are timed in the page on every animation frame (`shownAt`), not with locator waits.
// Prints a table (median, min, max) and writes target/bench/messages.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser } from '../harness/browser.mjs';
import { storedBodies } from '../harness/indexeddb.mjs';
import { repoRoot } from '../harness/paths.mjs';
import { startPeer } from '../harness/peer.mjs';
import { startProsody } from '../harness/prosody.mjs';
import { startWeb } from '../harness/web.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { ChatPage } from '../pages/chat-page.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';
import { memoryOf, shownAt, summarize, wallClock, wasmMemoryProbe } from './measure.mjs';
import { startProfile } from './profile.mjs';
import { benchArchiveStorage, seedArchive } from './seed.mjs';

const ARCHIVE = Number(process.env.BENCH_ARCHIVE ?? 10_000);
const SCROLL_BACK = Number(process.env.BENCH_SCROLL_BACK ?? 1_000);
const INCOMING = Number(process.env.BENCH_INCOMING ?? 1_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const TIMEOUT_MS = 120_000;

/** The archive index (`archived N`) of the first and last rendered messages. */
async function shownRange(chat) {
  return chat.messageList.evaluate((list) => {
    const rows = list.querySelectorAll('[data-testid=message]');
    const index = (row) => Number(/archived (\d+)/.exec(row?.textContent ?? '')?.[1] ?? NaN);
    return { first: index(rows[0]), last: index(rows[rows.length - 1]), firstId: rows[0]?.getAttribute('data-id') ?? null, rows: rows.length };
  });
}

/**
 * Opens the chat with `peerJid` (first switching to the one with `elsewhereJid` if it is open) and
 * returns the milliseconds until the newest archived message is visible.
 */
async function openChat(page, main, peerJid, elsewhereJid) {
  if ((await page.locator(`[data-testid=chat-view][data-jid="${peerJid}"]`).count()) > 0) await main.openChat(elsewhereJid);
  const started = wallClock();
  await main.conversation(peerJid).first().click();
  const shown = await shownAt(page, `[data-testid=chat-view][data-jid="${peerJid}"] [data-testid=message]`, `archived ${ARCHIVE - 1}`, TIMEOUT_MS);
  return shown - started;
}

/** Scrolls to the top until `SCROLL_BACK` older messages were shown; the time of each step. */
async function scrollBack(chat) {
  const steps = [];
  const target = ARCHIVE - 1 - SCROLL_BACK;
  let shown = await shownRange(chat);
  while (!(shown.first <= target)) {
    const before = shown.firstId;
    const started = performance.now();
    // At the top already, scrollTo fires no scroll event, which is what the app listens to.
    await chat.messageList.evaluate((list) => {
      list.scrollTo(0, 0);
      list.dispatchEvent(new Event('scroll'));
    });
    await waitUntil(async () => (shown = await shownRange(chat)).firstId !== before, {
      timeoutMs: TIMEOUT_MS,
      intervalMs: 5,
      describe: () => `older messages above "archived ${shown.first}"`,
    });
    steps.push(performance.now() - started);
    if (steps.length > SCROLL_BACK) throw new Error('scrolling back does not progress');
  }
  return { steps, rowsInDom: shown.rows };
}

/**
 * Watches the page's WebSocket at the network level (CDP, timestamped by the browser's network
 * service, whatever the page's main thread is doing): `span()` is the milliseconds from the
 * frame holding `first` to the one holding `last`, how long the server took to pass the burst on.
 */
async function watchFrames(page, first, last) {
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  const at = {};
  session.on('Network.webSocketFrameReceived', ({ timestamp, response }) => {
    if (response.payloadData.includes(first)) at.first ??= timestamp;
    if (response.payloadData.includes(last)) at.last = timestamp;
  });
  return {
    async span() {
      await session.detach();
      return (at.last - at.first) * 1000;
    },
  };
}

/**
 * Sends `INCOMING` messages in one burst; the milliseconds until the last one is rendered, and
 * between its first and last frames reaching the browser (the server's share).
 */
async function burst(page, peer, to, round) {
  const stanzas = [];
  for (let n = 0; n < INCOMING; n++) {
    stanzas.push(`<message type="chat" to="${to}" id="burst-${round}-${n}"><body>burst ${round} ${n}</body></message>`);
  }
  // With BENCH_PROFILE, the first burst is profiled (and therefore slower).
  const profile = round === 0 ? await startProfile(page, 'incoming') : undefined;
  const frames = await watchFrames(page, `burst ${round} 0<`, `burst ${round} ${INCOMING - 1}<`);
  const started = wallClock();
  await peer.sendRaw(stanzas.join(''), TIMEOUT_MS);
  const shown = await shownAt(page, '[data-testid=chat-view] [data-testid=message]', `burst ${round} ${INCOMING - 1}`, TIMEOUT_MS).catch(async (error) => {
    const stored = (await storedBodies(page)).filter((body) => body.startsWith(`burst ${round} `)).length;
    const shown = await page.locator('[data-testid=chat-view] [data-testid=message]').evaluateAll((rows) => rows.slice(-3).map((row) => row.textContent));
    const status = await page.getByTestId('connection-status').getAttribute('data-state').catch(() => 'unknown');
    throw new Error(`${error.message}\n${stored} of the burst stored (connection: ${status}); the last rendered: ${JSON.stringify(shown)}`);
  });
  const elapsed = shown - started;
  const serverSpan = await frames.span();
  await profile?.stop();
  return { elapsed, serverSpan };
}

const prosody = await startProsody({ logLevel: process.env.BENCH_PROSODY_LOG ?? 'warn', archiveStorage: benchArchiveStorage });
const browser = await launchBrowser();
let web;
let peer;
const failureNotes = [];
try {
  const [owner, other, elsewhere] = await prosody.createAccounts(['bench', 'peer', 'elsewhere']);
  await seedArchive(prosody, owner, other, ARCHIVE);
  // BENCH_DIST: another build to compare with (by default dist/).
  web = await startWeb({ prosody, dir: process.env.BENCH_DIST });
  const user = await browser.newUser('bench');
  await user.page.addInitScript(wasmMemoryProbe);
  const problems = [];
  user.page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text().slice(0, 500)));
  user.page.on('pageerror', (error) => problems.push(String(error).slice(0, 500)));
  failureNotes.push(() => problems.slice(-20).join('\n'));
  const sockets = [];
  user.page.on('websocket', (ws) => {
    const trace = { url: ws.url(), opened: new Date().toISOString(), sent: 0, received: 0, lastSent: '', closed: null };
    sockets.push(trace);
    ws.on('framesent', ({ payload }) => { trace.sent++; trace.lastSent = `${new Date().toISOString()} ${String(payload).slice(0, 100)}`; });
    ws.on('framereceived', () => trace.received++);
    ws.on('close', () => (trace.closed = new Date().toISOString()));
  });
  failureNotes.push(() => JSON.stringify(sockets, null, 1));
  const main = new MainPage(user.page);

  await (await new LoginPage(user.page).goto(web.url)).login(owner.jid, owner.password);
  await main.waitForStatus('online', { timeoutMs: TIMEOUT_MS });
  await main.expectConversation(other.jid, { timeoutMs: TIMEOUT_MS });

  const opens = [];
  for (let n = 0; n < REPEAT; n++) opens.push(await openChat(user.page, main, other.jid, elsewhere.jid));
  let chat = new ChatPage(user.page, other.jid);
  const fromArchive = await scrollBack(chat);
  const afterScroll = await memoryOf(user.page);

  await main.reload({ timeoutMs: TIMEOUT_MS });
  await main.waitForStatus('online', { timeoutMs: TIMEOUT_MS });
  const reopens = [];
  for (let n = 0; n < REPEAT; n++) reopens.push(await openChat(user.page, main, other.jid, elsewhere.jid));
  chat = new ChatPage(user.page, other.jid);
  const fromDevice = await scrollBack(chat);

  // Back at the newest message, so arrivals are followed.
  reopens.push(await openChat(user.page, main, other.jid, elsewhere.jid));
  const bursts = [];
  for (let round = 0; round < REPEAT; round++) {
    peer = await startPeer({ jid: other.jid, password: other.password, prosody });
    bursts.push(await burst(user.page, peer, owner.jid, round));
    await peer.stop();
    peer = undefined;
  }
  const afterBursts = await memoryOf(user.page);
  // Every message of every burst was kept, not only the rendered ones.
  const stored = new Set((await storedBodies(user.page)).filter((body) => body.startsWith('burst ')));
  if (stored.size !== INCOMING * REPEAT) throw new Error(`${stored.size} of ${INCOMING * REPEAT} burst messages were stored`);

  const results = {
    archive: ARCHIVE,
    open_chat_fresh_device_ms: summarize(opens),
    scroll_back_page_from_archive_ms: summarize(fromArchive.steps),
    scroll_back_pages_from_archive: fromArchive.steps.length,
    memory_after_scroll_back: afterScroll,
    rows_in_dom_after_scroll_back: fromArchive.rowsInDom,
    open_chat_after_reload_ms: summarize(reopens),
    scroll_back_page_from_device_ms: summarize(fromDevice.steps),
    scroll_back_pages_from_device: fromDevice.steps.length,
    [`incoming_${INCOMING}_rendered_ms`]: summarize(bursts.map((b) => b.elapsed)),
    [`incoming_${INCOMING}_first_to_last_frame_ms`]: summarize(bursts.map((b) => b.serverSpan)),
    memory_after_incoming: afterBursts,
  };
  console.log(`\nmessages benchmark (${ARCHIVE}-message archive, ${SCROLL_BACK} scrolled back, ${INCOMING} incoming, ${REPEAT} runs)`);
  for (const [name, value] of Object.entries(results)) console.log(`  ${name.padEnd(36)} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  const outDir = join(repoRoot, 'target/bench');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'messages.json'), `${JSON.stringify(results, null, 2)}\n`);
} catch (error) {
  console.error(error);
  for (const note of failureNotes) console.error(note());
  console.error(await prosody.logs(80));
  process.exitCode = 1;
} finally {
  await peer?.stop();
  await browser.close();
  await web?.stop();
  if (!process.env.E2E_KEEP_TMP) await prosody.stop();
  else console.error(`kept ${prosody.dir}`);
}
