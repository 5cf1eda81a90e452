// New-message notifications: only while the tab is in the background, only once the user has
// allowed them (asked from a click), one per chat, without the message text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();

// Headless Chromium shows no notifications and never hides a tab: record the notifications the
// page creates (through the real constructor) and let the test say when the tab is hidden.
function observeNotifications() {
  const Real = window.Notification;
  window.__shown = [];
  window.__hidden = false;
  Object.defineProperty(document, 'hidden', { get: () => window.__hidden });
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      window.__shown.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
    }
  };
}

describe(onServer('notifications'), () => {
  const suite = suiteWithBrowser(report);

  it('a message arriving while the tab is hidden shows one notification, without its text', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const bobUser = await suite.browser.newUser('bob');
    t.after(() => bobUser.close());
    await bobUser.context.grantPermissions(['notifications'], { origin: new URL(suite.web.url).origin });
    await bobUser.page.addInitScript(observeNotifications);
    await (await new LoginPage(bobUser.page).goto(suite.web.url)).login(bob.jid, bob.password);
    const bobMain = new MainPage(bobUser.page);
    await bobMain.waitForStatus('online');

    const aliceUser = await suite.browser.newUser('alice');
    t.after(() => aliceUser.close());
    await (await new LoginPage(aliceUser.page).goto(suite.web.url)).login(alice.jid, alice.password);
    const aliceMain = new MainPage(aliceUser.page);
    await aliceMain.waitForStatus('online');
    const chat = await aliceMain.openChat(bob.jid);

    await chat.send('seen while looking');
    await bobMain.expectConversation(alice.jid);
    await bobUser.page.evaluate(() => { window.__hidden = true; });
    await chat.send('a secret while away');
    await chat.send('and another');
    const shown = await waitUntil(async () => {
      const list = await bobUser.page.evaluate(() => window.__shown);
      return list.length >= 2 ? list : undefined;
    }, { timeoutMs: 20_000, describe: () => 'notifications on bob\'s page' });
    assert.deepEqual(shown, [
      { title: alice.jid, body: 'New message', tag: alice.jid },
      { title: alice.jid, body: 'New message', tag: alice.jid },
    ], 'one per message while hidden, none while looking, replacing each other (same tag), no text');
    assert.deepEqual(bobUser.pageErrors, []);
  }));
});
