// Two tabs of one account in one browser profile share storage: the second must come online
// from the stored login without evicting the first, and both must stay online.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();

describe(onServer('tabs'), () => {
  const suite = suiteWithBrowser(report);

  it('a second tab logs in from storage and neither tab evicts the other', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const user = await suite.browser.newUser('alice');
    t.after(() => user.close());
    await (await new LoginPage(user.page).goto(suite.web.url)).login(alice.jid, alice.password);
    const first = new MainPage(user.page);
    await first.waitForStatus('online');

    const secondPage = await user.context.newPage();
    await secondPage.goto(suite.web.url);
    const second = new MainPage(secondPage);
    await second.waitForStatus('online');
    await second.expectOwnJid(alice.jid);

    // A resource conflict would show up as a flapping status within a few seconds.
    for (let i = 0; i < 6; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(await first.status(), 'online', 'the first tab stays online');
      assert.equal(await second.status(), 'online', 'the second tab stays online');
    }

    const bobUser = await suite.browser.newUser('bob');
    t.after(() => bobUser.close());
    await (await new LoginPage(bobUser.page).goto(suite.web.url)).login(bob.jid, bob.password);
    const bobMain = new MainPage(bobUser.page);
    await bobMain.waitForStatus('online');
    const chat = await bobMain.openChat(alice.jid);
    await chat.send('to both tabs');
    const firstChat = await first.openChat(bob.jid);
    await firstChat.expectMessage('to both tabs', 'in');
    assert.deepEqual(user.pageErrors, []);
  }));
});
