// The installable app: the manifest and service worker make Chromium call it installable; after
// one visit it starts offline with the stored chats, a message typed offline waits in the outbox
// and goes out on reconnect; a new build's worker shows "Update available — Reload".
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchBrowser } from '../harness/browser.mjs';
import { recordCspViolations } from '../harness/csp.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { distDir, scratchRoot } from '../harness/paths.mjs';
import { onServer, defaultServer } from '../harness/servers.mjs';
import { startWeb } from '../harness/web.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();

describe(onServer('installable app'), () => {
  let server;
  let web;
  let browser;
  let dist;

  before(async () => {
    server = report.add(await defaultServer.start());
    // A copy of the build, so one test can deploy a "new version" of it.
    dist = await mkdtemp(join(scratchRoot(), 'pwa-dist-'));
    await cp(distDir, dist, { recursive: true });
    web = await startWeb({ prosody: server, dir: dist });
    browser = report.add(await launchBrowser());
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
    if (dist) await rm(dist, { recursive: true, force: true });
  });

  async function loggedIn(t, name, account) {
    const user = await browser.newUser(name);
    t.after(() => user.close());
    const violations = await recordCspViolations(user);
    await (await new LoginPage(user.page).goto(web.url)).login(account.jid, account.password);
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    return { user, main, violations };
  }

  /** Waits until a service worker controls the page. */
  async function controlled(page) {
    await page.evaluate(() => navigator.serviceWorker.ready);
    await waitUntil(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      describe: () => 'a service worker controlling the page',
    });
  }

  it('is installable: manifest linked, worker in control, no installability errors', report.wrap(async (t) => {
    const [alice] = await server.createAccounts(['alice']);
    const { user, violations } = await loggedIn(t, 'alice', alice);
    await controlled(user.page);
    const manifest = await user.page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]');
      return link && (await (await fetch(link.href)).json());
    });
    assert.equal(manifest?.display, 'standalone');
    assert.equal(manifest?.start_url, './');
    assert.deepEqual(
      manifest.icons.filter((icon) => icon.type === 'image/png').map((icon) => `${icon.sizes} ${icon.purpose}`),
      ['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable'],
    );
    const csp = (await user.page.request.get(web.url)).headers()['content-security-policy'];
    assert.match(csp, /worker-src 'self'/);
    assert.match(csp, /manifest-src 'self'/);
    assert.deepEqual(violations, []);

    // Chromium never offers to install from an incognito context (every browser.newContext()
    // is one): ask a persistent profile.
    const profile = await mkdtemp(join(scratchRoot(), 'pwa-profile-'));
    const persistent = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      env: { ...process.env, TMPDIR: scratchRoot() },
    });
    t.after(async () => {
      await persistent.close();
      await rm(profile, { recursive: true, force: true });
    });
    const page = persistent.pages()[0] ?? (await persistent.newPage());
    await new LoginPage(page).goto(web.url);
    await controlled(page);
    const cdp = await persistent.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
  }));

  it('starts offline after one visit with the stored chats; a message typed offline goes out on reconnect', report.wrap(async (t) => {
    const [alice, bob] = await server.createAccounts(['alice', 'bob']);
    const a = await loggedIn(t, 'alice', alice);
    await controlled(a.user.page);
    const chat = await a.main.openChat(bob.jid);
    await chat.send('Sent while online');
    await chat.expectMessage('Sent while online', 'out', { state: 'sent' });

    await a.user.context.setOffline(true);
    await a.user.page.reload();
    await a.main.expectVisible();
    assert.notEqual(await a.main.status(), 'online', 'offline, yet online');
    await a.main.expectConversation(bob.jid);
    const offlineChat = await a.main.openChat(bob.jid);
    await offlineChat.expectMessage('Sent while online', 'out');
    await offlineChat.send('Typed while offline');
    await offlineChat.expectMessage('Typed while offline', 'out', { state: 'pending' });

    await a.user.context.setOffline(false);
    await a.main.waitForStatus('online', { timeoutMs: 60_000 });
    await offlineChat.expectMessage('Typed while offline', 'out', { state: 'sent', timeoutMs: 30_000 });
    const b = await loggedIn(t, 'bob', bob);
    const bobChat = await b.main.openChat(alice.jid);
    await bobChat.expectMessage('Sent while online', 'in');
    await bobChat.expectMessage('Typed while offline', 'in');
    assert.deepEqual(a.violations, []);
  }));

  it('a new build offers "Update available — Reload", and Reload switches to it', report.wrap(async (t) => {
    const [alice] = await server.createAccounts(['alice']);
    const { user, main } = await loggedIn(t, 'alice', alice);
    await controlled(user.page);
    const before = await user.page.evaluate(() => caches.keys());
    assert.equal(before.length, 1, `one cache, got ${before}`);

    // "Deploy" a new build: another worker script (its build id changed).
    const worker = join(dist, 'sw.js');
    const original = await readFile(worker, 'utf8');
    t.after(() => writeFile(worker, original));
    await writeFile(worker, original.replace(/const BUILD = '([0-9a-f]+)'/, "const BUILD = '$1-next'"));
    await user.page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

    const banner = user.page.getByTestId('update-banner');
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await banner.innerText(), /Update available/);
    const reloaded = user.page.waitForEvent('load');
    await user.page.getByTestId('update-reload').click();
    await reloaded;
    await main.waitForStatus('online');
    await waitUntil(async () => {
      const names = await user.page.evaluate(() => caches.keys());
      return names.length === 1 && names[0].endsWith('-next');
    }, { describe: () => 'only the new build cached' });
    assert.equal(await user.page.getByTestId('update-banner').count(), 0);
  }));
});
