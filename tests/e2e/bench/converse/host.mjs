// Serves the Converse.js host page (index.html, start.js), Converse's dist/ under /dist/ and
// /config.json on a free loopback port.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mimeType } from '../../../../scripts/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const converseDist = resolve(here, '../../node_modules/converse.js/dist');

function fileFor(pathname) {
  const [root, rest] = pathname.startsWith('/dist/') ? [converseDist, pathname.slice(6)] : [here, pathname === '/' ? 'index.html' : pathname.slice(1)];
  if (!['index.html', 'start.js'].includes(rest) && root === here) return undefined;
  const path = resolve(root, decodeURIComponent(rest));
  return path.startsWith(root + sep) ? path : undefined;
}

/** `{ url, stop() }` of a server for Converse connecting to `prosody`. */
export async function startConverseHost({ prosody }) {
  const config = JSON.stringify({ websocket_url: prosody.wsUrl, domain: prosody.domain });
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname === '/config.json') return response.writeHead(200, { 'Content-Type': 'application/json' }).end(config);
    const path = fileFor(pathname);
    const info = path && (await stat(path).catch(() => undefined));
    if (!info?.isFile()) return response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': mimeType(path), 'Content-Length': info.size, 'Cache-Control': 'no-cache' });
    createReadStream(path).pipe(response);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    stop: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
