// Finds free TCP ports on 127.0.0.1. CLI: `node scripts/free-port.mjs [COUNT]` prints one per line.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** Asks the kernel for `count` distinct free loopback ports (held open together so they differ). */
export async function freePorts(count = 1) {
  const servers = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      servers.push(server);
      await new Promise((ok, fail) => {
        server.once('error', fail);
        server.listen(0, '127.0.0.1', ok);
      });
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((ok) => server.close(() => ok()))));
  }
}

export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1);
  if (!Number.isInteger(count) || count < 1) {
    console.error(`free-port: not a count: ${process.argv[2]}`);
    process.exit(1);
  }
  console.log((await freePorts(count)).join('\n'));
}
