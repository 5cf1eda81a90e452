// A loopback TCP proxy in front of Prosody's WebSocket port that can cut every connection
// at once, the way a train tunnel or a flaky Wi-Fi does: no close frame, just gone. Both
// ends see an abrupt close (the browser a 1006, Prosody a dead socket it may hibernate).
import { createServer, connect } from 'node:net';

/** `startWsProxy({ targetUrl })` → `{ url, origin, drops, dropAll(), connectionCount(), stop() }`. */
export async function startWsProxy({ targetUrl }) {
  const target = new URL(targetUrl);
  const pairs = new Set();
  let drops = 0;
  const server = createServer((client) => {
    const upstream = connect({ host: target.hostname, port: Number(target.port) });
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
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
