// A suite whose users may connect through a loopback proxy that cuts (and optionally delays)
// their WebSockets: the server, the proxy, the app (allowed to reach both) and a browser.
import { before, after } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { defaultServer } from './servers.mjs';
import { startWeb } from './web.mjs';
import { startWsProxy } from './ws-proxy.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

/**
 * Registers before/after hooks and returns `{ server, proxy, web, browser, loggedIn(t, name,
 * account, wsUrl, { timeoutMs }) }`; `loggedIn` logs a new browser user in through `wsUrl` (the
 * proxy's by default) and waits until it is online.
 */
export function suiteBehindProxy(report, { maxDelayMs = 0 } = {}) {
  const suite = {
    server: undefined,
    proxy: undefined,
    web: undefined,
    browser: undefined,
    async loggedIn(t, name, account, wsUrl = suite.proxy.url, { timeoutMs } = {}) {
      const user = await suite.browser.newUser(name);
      t.after(() => user.close());
      const login = await new LoginPage(user.page).goto(suite.web.url);
      await login.login(account.jid, account.password, wsUrl);
      const main = new MainPage(user.page);
      await main.waitForStatus('online', { timeoutMs });
      return { user, main };
    },
  };
  before(async () => {
    suite.server = report.add(await defaultServer.start());
    suite.proxy = report.add(await startWsProxy({ targetUrl: suite.server.wsUrl, maxDelayMs }));
    suite.web = await startWeb({ prosody: suite.server, extraConnectSrc: [suite.proxy.origin] });
    suite.browser = report.add(await launchBrowser());
  });
  after(async () => {
    await suite.browser?.close();
    await suite.web?.stop();
    await suite.proxy?.stop();
    await suite.server?.stop();
  });
  return suite;
}
