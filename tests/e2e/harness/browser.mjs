// Headless Chromium (the Debian build) driven by playwright-core; one BrowserContext per user.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { artifactsDir, scratchRoot } from './paths.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';
// Without the networking flags Chromium keeps trying to reach the internet.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function safeName(text) {
  return text.replace(/[^a-z0-9._-]+/gi, '_').slice(0, 80);
}

const LOCAL_PROTOCOLS = new Set(['data:', 'blob:', 'about:']);

/** URLs whose origin is not in `allowedOrigins` (data:, blob: and about: URLs are local by nature). */
export function foreignRequests(urls, allowedOrigins) {
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  return urls.filter((url) => {
    const parsed = new URL(url);
    if (LOCAL_PROTOCOLS.has(parsed.protocol)) return false;
    return !allowed.has(parsed.origin);
  });
}

async function openUser(browser, name, contextOptions) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...contextOptions });
  const page = await context.newPage();
  const user = { name, context, page, consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url, lineNumber } = message.location();
      user.consoleErrors.push(`${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => user.pageErrors.push(error.message));
  page.on('websocket', (socket) => user.requests.push(socket.url()));
  context.on('request', (request) => user.requests.push(request.url()));
  user.screenshot = async (label) => {
    await mkdir(artifactsDir, { recursive: true });
    const path = join(artifactsDir, `${safeName(label)}-${safeName(name)}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };
  user.close = () => context.close();
  return user;
}

/**
 * Launches Chromium with a fresh profile (Playwright makes one per launch) and returns
 * `{ newUser(name, contextOptions), users, describeFailure(label), close() }`.
 */
export async function launchBrowser({ headless = true } = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless,
    args: CHROMIUM_ARGS,
    // Chromium leaves a directory in TMPDIR on every start: keep it in the build directory.
    env: { ...process.env, TMPDIR: scratchRoot() },
  });
  const users = [];
  return {
    browser,
    users,
    /** `contextOptions` go to Playwright's newContext, e.g. `{ locale: 'it-IT' }`. */
    async newUser(name = `user${users.length + 1}`, contextOptions = {}) {
      const user = await openUser(browser, name, contextOptions);
      users.push(user);
      return user;
    },
    async describeFailure(label) {
      const lines = [];
      for (const user of users) {
        if (user.page.isClosed()) continue;
        const shot = await user.screenshot(label).catch((error) => `(no screenshot: ${error.message})`);
        lines.push(
          `---- browser user ${user.name}: ${user.page.url()}`,
          `screenshot: ${shot}`,
          `console errors:\n  ${user.consoleErrors.join('\n  ') || '(none)'}`,
          `page errors:\n  ${user.pageErrors.join('\n  ') || '(none)'}`,
          `last requests:\n  ${user.requests.slice(-20).join('\n  ') || '(none)'}`,
        );
      }
      return lines.join('\n');
    },
    close: () => browser.close(),
  };
}
