// XEP-0156 on both servers: a user who types no WebSocket URL, on a deployment without a default
// for their domain, is connected through the endpoint the server's own host-meta names, read by
// the app's discovery code (JSON first, then XRD). The documents are the server's real answers;
// only their address is bridged: the app asks https://DOMAIN/.well-known/..., and a loopback
// server without TLS answers on its HTTP port (ejabberd only for a Host naming its domain).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { getWithHost } from '../harness/http.mjs';
import { coreServers } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();
const HOST_META = '/.well-known/host-meta';

for (const [serverName, startServer] of coreServers) describe(`host-meta discovery on ${serverName}`, () => {
  // The deployment's default endpoint is for another domain, so the app must discover.
  const suite = suiteWithBrowser(report, {
    startServer,
    webOptions: { domain: 'elsewhere.invalid', extraConnectSrc: ['https://localhost'] },
  });

  /** Logs `account` in with no WebSocket URL; returns the host-meta paths the app asked for. */
  async function loginThroughHostMeta(t, name, account, { jsonMissing = false } = {}) {
    const { server } = suite;
    assert.equal(server.domain, 'localhost', 'the bridge below answers for https://localhost');
    const user = await suite.browser.newUser(name);
    t.after(() => user.close());
    const asked = [];
    await user.page.route(`https://${server.domain}${HOST_META}*`, async (route) => {
      const { pathname } = new URL(route.request().url());
      asked.push(pathname);
      if (jsonMissing && pathname.endsWith('.json')) return route.fulfill({ status: 404, body: '' });
      const answer = await getWithHost(`${server.httpUrl}${pathname}`, `${server.domain}:${server.httpPort}`);
      return route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body });
    });
    await (await new LoginPage(user.page).goto(suite.web.url)).login(account.jid, account.password);
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    await main.expectOwnJid(account.jid);
    assert.deepEqual(user.pageErrors, []);
    return asked;
  }

  it('finds the WebSocket in host-meta.json', report.wrap(async (t) => {
    const [alice] = await suite.server.createAccounts(['alice']);
    assert.deepEqual(await loginThroughHostMeta(t, 'alice', alice), [`${HOST_META}.json`]);
  }));

  it('falls back to the XRD host-meta when there is no JSON one', report.wrap(async (t) => {
    const [bob] = await suite.server.createAccounts(['bob']);
    const asked = await loginThroughHostMeta(t, 'bob', bob, { jsonMissing: true });
    assert.deepEqual(asked, [`${HOST_META}.json`, HOST_META]);
  }));
});
