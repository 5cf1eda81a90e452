// A loopback TCP proxy in front of Prosody's WebSocket port that can cut every connection
// at once, the way a train tunnel or a flaky Wi-Fi does: no close frame, just gone. Both
// ends see an abrupt close (the browser a 1006, Prosody a dead socket it may hibernate).
// With `maxDelayMs` every chunk is held for a random time (order kept), like a slow radio link.
import { createServer, connect } from 'node:net';

/**
 * Copies `source` to `sink`, each chunk held up to `maxDelayMs` but never overtaking another:
 * one queue and one timer, because Node's timers do not promise FIFO order across durations.
 */
function pipeDelayed(source, sink, maxDelayMs) {
  const queue = [];
  let timer = null;
  const flush = () => {
    timer = null;
    while (queue.length > 0 && queue[0].at <= Date.now()) {
      const { chunk } = queue.shift();
      if (!sink.destroyed) sink.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(flush, Math.max(0, queue[0].at - Date.now()));
  };
  source.on('data', (chunk) => {
    const lastAt = queue.length > 0 ? queue[queue.length - 1].at : 0;
    queue.push({ chunk, at: Math.max(lastAt, Date.now() + Math.random() * maxDelayMs) });
    if (timer === null) timer = setTimeout(flush, Math.max(0, queue[0].at - Date.now()));
  });
}

/**
 * `startWsProxy({ targetUrl, maxDelayMs })` → `{ url, origin, drops, dropAll(), dropOne(),
 * connectionCount(), stop() }`.
 */
export async function startWsProxy({ targetUrl, maxDelayMs = 0 }) {
  const target = new URL(targetUrl);
  const pairs = new Set();
  let drops = 0;
  const server = createServer((client) => {
    const upstream = connect({ host: target.hostname, port: Number(target.port) });
    const pair = { client, upstream, openedAt: Date.now() };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    if (maxDelayMs > 0) {
      pipeDelayed(client, upstream, maxDelayMs);
      pipeDelayed(upstream, client, maxDelayMs);
    } else {
      client.pipe(upstream);
      upstream.pipe(client);
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  const url = `ws://127.0.0.1:${port}${target.pathname}`;
  return {
    url,
    origin: `ws://127.0.0.1:${port}`,
    get drops() {
      return drops;
    },
    /** Cuts every open connection; returns how many were cut. */
    dropAll() {
      const cut = pairs.size;
      for (const { client, upstream } of [...pairs]) {
        // resetAndDestroy sends a TCP RST where supported: no orderly shutdown at all.
        (client.resetAndDestroy ?? client.destroy).call(client);
        upstream.destroy();
      }
      pairs.clear();
      if (cut > 0) drops += 1;
      return cut;
    },
    /**
     * Cuts one connection picked at random among those open for `minAgeMs` at least (younger
     * ones may not have logged in yet); returns whether there was one to cut.
     */
    dropOne({ minAgeMs = 0 } = {}) {
      const open = [...pairs].filter((pair) => Date.now() - pair.openedAt >= minAgeMs);
      if (open.length === 0) return false;
      const pair = open[Math.floor(Math.random() * open.length)];
      pairs.delete(pair);
      (pair.client.resetAndDestroy ?? pair.client.destroy).call(pair.client);
      pair.upstream.destroy();
      drops += 1;
      return true;
    },
    connectionCount: () => pairs.size,
    stop: () =>
      new Promise((ok) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => ok());
      }),
    describeFailure: async () => `ws-proxy ${url} → ${targetUrl}: ${drops} drops, ${pairs.size} open`,
  };
}
