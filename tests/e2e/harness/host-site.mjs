// A second web site on its own loopback port (so another origin than the app's): it serves
// the example host page (examples/widget/) with the widget's script loaded from the app's
// origin, under the Content-Security-Policy such a site needs to embed Jibber.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { mimeType } from '../../../scripts/serve.mjs';
import { repoRoot } from './paths.mjs';

const PAGE_FILES = ['index.html', 'host.js', 'host.css'];

/** The CSP a host page needs for a widget from `appOrigin` talking to `websocketOrigin`. */
export function hostPolicy(appOrigin, websocketOrigin) {
  return [
    "default-src 'self'",
    `script-src 'self' ${appOrigin} 'wasm-unsafe-eval'`,
    `style-src 'self' ${appOrigin}`,
    `font-src ${appOrigin}`,
    `connect-src 'self' ${appOrigin} ${websocketOrigin}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Starts the host site; `appUrl` is where the app (and widget.js) is served. */
export async function startHostSite({ appUrl, websocketUrl }) {
  const appOrigin = new URL(appUrl).origin;
  const policy = hostPolicy(appOrigin, new URL(websocketUrl).origin);
  const dir = join(repoRoot, 'examples/widget');
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const name = pathname === '/' ? 'index.html' : pathname.slice(1);
    if (!PAGE_FILES.includes(name)) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    let body = await readFile(join(dir, name), 'utf8');
    // The example loads the widget beside it; here it comes from the app's origin.
    if (name === 'index.html') body = body.replace('src="../../widget.js"', `src="${new URL('widget.js', appUrl)}"`);
    response.writeHead(200, { 'Content-Type': mimeType(name), 'Content-Security-Policy': policy, 'Cache-Control': 'no-cache' });
    response.end(body);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    origin: new URL(url).origin,
    stop: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
