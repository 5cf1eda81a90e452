// Serves the built app (dist/) on a free loopback port with config.json pointing at a Prosody.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../../scripts/serve.mjs';
import { distDir } from './paths.mjs';

/**
 * `websocketUrl`/`domain` default to the given Prosody's; `extraConnectSrc` widens the CSP's
 * connect-src (e.g. for a fake WebSocket server the user types in by hand).
 */
export async function startWeb({ prosody, websocketUrl = prosody?.wsUrl, domain = prosody?.domain, extraConnectSrc = [], dir = distDir } = {}) {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`${join(dir, 'index.html')} is missing: build the app first with 'trunk build --release' (make test does)`);
  }
  if (!websocketUrl || !domain) throw new Error('startWeb needs a prosody or both websocketUrl and domain');
  const config = { websocket_url: websocketUrl, domain };
  const server = await startServer({ dir, port: 0, host: '127.0.0.1', config, extraConnectSrc });
  return { url: server.url, origin: new URL(server.url).origin, config, stop: server.close };
}
