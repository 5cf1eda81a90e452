// What most specs share: one XMPP server, the app served for it and a browser for the whole
// suite, and users logged in through the login page.
import { after, before } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { defaultServer } from './servers.mjs';
import { startWeb } from './web.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

/**
 * Registers before/after hooks that start `startServer` (the run's default server, see
 * servers.mjs, unless given), the web server
 * and a browser. Returns `{ server, web, browser, jibber(t, name, account) }` whose fields are
 * set once the hooks ran; `jibber` opens a new browser user logged in as `account`, online
 * (`beforeLogin(page)` runs before the page is opened, e.g. to watch its WebSocket).
 */
export function suiteWithBrowser(report, { startServer = defaultServer.start, webOptions = {} } = {}) {
  const suite = {
    server: undefined,
    web: undefined,
    browser: undefined,
    async jibber(t, name, account, { beforeLogin } = {}) {
      const user = await suite.browser.newUser(name);
      t.after(() => user.close());
      beforeLogin?.(user.page);
      await (await new LoginPage(user.page).goto(suite.web.url)).login(account.jid, account.password);
      const main = new MainPage(user.page);
      await main.waitForStatus('online');
      return { user, main };
    },
  };
  before(async () => {
    suite.server = report.add(await startServer());
    suite.web = await startWeb({ prosody: suite.server, ...webOptions });
    suite.browser = report.add(await launchBrowser());
  });
  after(async () => {
    await suite.browser?.close();
    await suite.web?.stop();
    await suite.server?.stop();
  });
  return suite;
}
