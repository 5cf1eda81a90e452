// What the browser benchmarks share: Prosody storage encoding for seeding, memory readings and
// summaries of repeated timings.
import { gzipSync } from 'node:zlib';

/** Prosody's file-name encoding (util.datamanager): every non-alphanumeric byte as %xx. */
export function encode(name) {
  return [...Buffer.from(name, 'utf8')].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
}

/** A Lua string literal. */
export function lua(text) {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** An init script: keeps the app's WebAssembly memory where `memoryOf` can read its size. */
export function wasmMemoryProbe() {
  // Dispatched by the login shell (shell/login-shell.js) once the app module has started.
  addEventListener('jibber:started', (event) => {
    window.__benchWasmMemory = event.detail?.wasm?.memory;
  });
}

/** JS heap in use (after a GC), WASM linear memory and DOM nodes of `page`, in MB and nodes. */
export async function memoryOf(page) {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  await session.send('HeapProfiler.collectGarbage').catch(() => {});
  const { metrics } = await session.send('Performance.getMetrics');
  await session.detach();
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  const wasmBytes = await page.evaluate(() => window.__benchWasmMemory?.buffer.byteLength ?? NaN);
  const mb = (bytes) => Math.round((bytes / 1e6) * 10) / 10;
  return { js_heap_mb: mb(get('JSHeapUsedSize')), wasm_memory_mb: mb(wasmBytes), dom_nodes: get('Nodes') };
}

/** Now, as milliseconds since the epoch: the clock `shownAt` answers in (one machine, one clock). */
export function wallClock() {
  return performance.timeOrigin + performance.now();
}

/**
 * The wall-clock time (see `wallClock`) of the first animation frame of `page` in which a
 * message row of the list `listSelector` contains `text`. Playwright's locator waits poll with
 * growing pauses (up to 500 ms between checks), far too coarse to time a render; this checks
 * every frame, in the page.
 */
export async function shownAt(page, listSelector, text, timeoutMs) {
  const handle = await page.waitForFunction(
    ([list, wanted]) => {
      const rows = document.querySelectorAll(list);
      // The newest rows are at the end: look there first.
      for (let i = rows.length - 1; i >= 0; i -= 1) {
        if (rows[i].textContent.includes(wanted) && rows[i].getClientRects().length > 0) {
          return performance.timeOrigin + performance.now();
        }
      }
      return false;
    },
    [listSelector, text],
    { polling: 'raf', timeout: timeoutMs },
  );
  return handle.jsonValue();
}

/** Median, min and max (rounded milliseconds) of repeated timings. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median: Math.round(median), min: Math.round(sorted[0]), max: Math.round(sorted.at(-1)), runs: sorted.length };
}

/**
 * One cold visit in a fresh context: every response until `usable(page)` resolves (raw and
 * gzip-compressed size) and the time from navigation start until then. `prepare(user)` runs first.
 * With `requestedBefore`, a performance mark the page sets, only the responses to requests the
 * page made before that mark count (what the mark's moment needed, not what loads behind it).
 */
export async function coldVisit(browser, url, usable, prepare = async () => {}, { requestedBefore } = {}) {
  const user = await browser.newUser('load');
  await prepare(user);
  const responses = [];
  user.page.on('response', (response) => responses.push(response));
  await user.page.goto(url);
  await usable(user.page);
  const interactiveMs = await user.page.evaluate(() => performance.now());
  const wanted = requestedBefore && new Set(await user.page.evaluate((mark) => {
    const at = performance.getEntriesByName(mark)[0]?.startTime ?? Infinity;
    return [location.href, ...performance.getEntriesByType('resource').filter((entry) => entry.startTime <= at).map((entry) => entry.name)];
  }, requestedBefore));
  const files = [];
  for (const response of responses) {
    if (wanted && !wanted.has(response.url())) continue;
    const body = await response.body().catch(() => Buffer.alloc(0));
    files.push({ url: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  await user.close();
  return { interactiveMs, files };
}

/** Kilobytes with one decimal. */
export const kb = (bytes) => Math.round(bytes / 102.4) / 10;
