// A small static file server for dist/ with a strict Content-Security-Policy.
// CLI: node scripts/serve.mjs --dir dist --port 8080 --host 127.0.0.1 --config '{"websocket_url":"ws://...","domain":"..."}'
// Module: startServer({ dir, port, host, config, extraConnectSrc }) -> { url, port, close() }; port 0 picks a free port.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(path) {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** sha256 CSP sources for every inline (src-less) <script> of an HTML document. */
export function inlineScriptHashes(html) {
  const hashes = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** The ws(s) origin of the configured WebSocket URL, or undefined when there is none. */
function websocketOrigin(config) {
  const raw = config?.websocket_url;
  if (raw === undefined) return undefined;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`config websocket_url is not a URL: ${raw}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`config websocket_url must be ws: or wss:, got ${raw}`);
  }
  return `${url.protocol}//${url.host}`;
}

/**
 * Origins shared files are uploaded to and downloaded from: the WebSocket host over http(s)
 * (servers such as Prosody serve uploads there) and any `upload_origins` the config lists.
 */
function fileOrigins(config) {
  const origins = [];
  const ws = websocketOrigin(config);
  if (ws) origins.push(ws.replace(/^ws/, 'http'));
  for (const raw of config?.upload_origins ?? []) {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`config upload_origins must be http(s), got ${raw}`);
    origins.push(url.origin);
  }
  return origins;
}

export function contentSecurityPolicy({ scriptHashes, connectSources }) {
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...scriptHashes].join(' '),
    "style-src 'self'",
    ["connect-src 'self'", ...connectSources].join(' '),
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    // The service worker and the web manifest of the installable app.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Recomputes the inline-script hashes whenever index.html changes (a rebuild while serving). */
function policyFor(root, connectSources) {
  let cached = { mtimeMs: -1, policy: '' };
  return async () => {
    const indexPath = join(root, 'index.html');
    const info = await stat(indexPath).catch(() => undefined);
    const mtimeMs = info?.mtimeMs ?? 0;
    if (mtimeMs !== cached.mtimeMs) {
      const html = info ? await readFile(indexPath, 'utf8') : '';
      cached = { mtimeMs, policy: contentSecurityPolicy({ scriptHashes: inlineScriptHashes(html), connectSources }) };
    }
    return cached.policy;
  };
}

/** Maps a request path onto a file inside root; undefined when it would escape root. */
function filePathFor(root, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const path = resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  return path === root || path.startsWith(root + sep) ? path : undefined;
}

async function regularFile(path) {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? info : undefined;
}

export async function startServer({ dir = 'dist', port = 8080, host = '127.0.0.1', config, extraConnectSrc = [] } = {}) {
  const root = resolve(dir);
  const rootInfo = await stat(root).catch(() => undefined);
  if (!rootInfo?.isDirectory()) throw new Error(`not a directory: ${root}`);
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw new Error('config must be a JSON object');
  }
  const connectSources = [websocketOrigin(config), ...fileOrigins(config), ...extraConnectSrc].filter(Boolean);
  const configBody = config === undefined ? undefined : JSON.stringify(config);
  const policy = policyFor(root, connectSources);

  const server = createServer(async (request, response) => {
    try {
      response.setHeader('Content-Security-Policy', await policy());
      response.setHeader('X-Content-Type-Options', 'nosniff');
      response.setHeader('Referrer-Policy', 'no-referrer');
      response.setHeader('Cache-Control', 'no-cache');
      // The widget loads the app's script, WASM, styles, fonts and config.json from pages on
      // other origins: module scripts, WASM and fonts are fetched in CORS mode. Nothing here is
      // private or uses cookies, so any origin may read it.
      response.setHeader('Access-Control-Allow-Origin', '*');
      response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('method not allowed\n');
        return;
      }
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if (pathname === '/config.json' && configBody !== undefined) {
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(configBody) });
        response.end(request.method === 'HEAD' ? undefined : configBody);
        return;
      }
      let path = filePathFor(root, pathname);
      let info = path && (await regularFile(path));
      // Paths without an extension are app routes: answer them with the app shell.
      if (!info && path && extname(path) === '') {
        path = join(root, 'index.html');
        info = await regularFile(path);
      }
      if (!info) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('not found\n');
        return;
      }
      response.writeHead(200, { 'Content-Type': mimeType(path), 'Content-Length': info.size });
      if (request.method === 'HEAD') {
        response.end();
        return;
      }
      createReadStream(path).on('error', () => response.destroy()).pipe(response);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`internal error: ${error.message}\n`);
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const actualPort = server.address().port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostForUrl}:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: 'dist' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      config: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${values.port}`);
  let config;
  if (values.config !== undefined) {
    try {
      config = JSON.parse(values.config);
    } catch (error) {
      throw new Error(`--config is not valid JSON: ${error.message}`);
    }
  }
  const server = await startServer({ dir: values.dir, port, host: values.host, config });
  console.log(`serving ${resolve(values.dir)} at ${server.url}`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  });
}
