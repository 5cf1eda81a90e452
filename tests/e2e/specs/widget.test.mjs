// The widget on the example host page (examples/widget/, deliberately hostile CSS): in overlay,
// embedded and fullscreen modes it logs in and chats, the host's CSS does not reach Jibber and Jibber's
// does not reach the host, and the host hears jibber:* events and can open a chat. The same page
// on a second origin loads the widget (script, styles, WASM, config.json) from the app's origin.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foreignRequests } from '../harness/browser.mjs';
import { recordCspViolations } from '../harness/csp.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { startHostSite } from '../harness/host-site.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { ChatPage } from '../pages/chat-page.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();

/** Computed styles of the first element matching `testId` (Playwright's locators pierce open shadow roots). */
function styleOf(page, testId, properties) {
  return page.getByTestId(testId).first().evaluate((node, names) => {
    const style = getComputedStyle(node);
    return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
  }, properties);
}

describe(onServer('the widget on a host page'), () => {
  const suite = suiteWithBrowser(report);

  async function hostPage(t, name, mode) {
    const user = await suite.browser.newUser(name);
    t.after(() => user.close());
    const violations = await recordCspViolations(user);
    await user.page.goto(`${suite.web.url}examples/widget/?mode=${mode}`);
    return { user, page: user.page, violations };
  }

  /** Neither side's CSS reaches the other. */
  async function assertIsolated(page) {
    const RED = 'rgb(255, 0, 0)';
    // The host's hostile rules apply on the host...
    const title = await styleOf(page, 'host-title', ['color', 'font-size']);
    assert.deepEqual(title, { color: RED, 'font-size': '30px' });
    assert.equal((await styleOf(page, 'host-button', ['display'])).display, 'none');
    // ...and Jibber's rules (box-sizing on everything, body margin, button look) do not.
    assert.deepEqual(await styleOf(page, 'host-text', ['box-sizing', 'margin-top']), { 'box-sizing': 'content-box', 'margin-top': '30px' });
    assert.equal((await styleOf(page, 'host-button', ['border-top-left-radius']))['border-top-left-radius'], '0px');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).marginTop), '8px');
    // Inside the widget: Jibber's own look, none of the host's.
    for (const testId of ['main-view', 'own-jid']) {
      const style = await styleOf(page, testId, ['color', 'font-size', 'font-family']);
      assert.notEqual(style.color, RED, `${testId} is red`);
      assert.equal(style['font-size'], '15px', `${testId} font size`);
      assert.doesNotMatch(style['font-family'], /Comic Sans/, `${testId} font`);
    }
    const logout = await styleOf(page, 'logout', ['display', 'border-radius']);
    assert.notEqual(logout.display, 'none', 'the host hid Jibber\'s buttons');
    assert.equal(logout['border-radius'], '10px');
  }

  for (const mode of ['overlay', 'embedded', 'fullscreen']) it(`${mode}: logs in, chats both ways, styles stay apart, events reach the host`, report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const host = await hostPage(t, 'alice', mode);
    if (mode === 'overlay') {
      const panel = host.page.getByTestId('widget-panel');
      assert.equal(await panel.isVisible(), false, 'the overlay starts closed');
      await host.page.getByTestId('widget-launcher').click();
      await panel.waitFor({ state: 'visible' });
    }
    await new LoginPage(host.page).login(alice.jid, alice.password);
    const main = new MainPage(host.page);
    await main.waitForStatus('online');
    // (In the overlay's narrow window the address is hidden to save room.)
    assert.equal(await host.page.getByTestId('own-jid').textContent(), alice.jid);
    await assertIsolated(host.page);
    if (process.env.E2E_SCREENSHOTS) await host.user.screenshot(`widget-${mode}`);

    const b = await suite.jibber(t, 'bob', bob);
    const toAlice = await b.main.openChat(alice.jid);
    await toAlice.send(`Hello widget (${mode})`);
    await main.expectConversation(bob.jid);
    await waitUntil(() => host.page.evaluate(() => jibberHost.log.some((e) => e.type === 'jibber:unread' && e.detail.count > 0)), {
      describe: () => 'a jibber:unread event with a count',
    });
    if (mode === 'overlay') {
      assert.equal(await host.page.getByTestId('widget-unread').innerText(), '1');
    }
    // The host opens the chat through the widget's handle.
    await host.page.evaluate((jid) => jibberHost.jibber.openChat(jid), bob.jid);
    const chat = new ChatPage(host.page, bob.jid);
    await chat.expectMessage(`Hello widget (${mode})`, 'in');
    await chat.send('Hi from the widget');
    await toAlice.expectMessage('Hi from the widget', 'in');

    const log = await host.page.evaluate(() => jibberHost.log);
    const connected = log.find((e) => e.type === 'jibber:connected');
    assert.equal(connected?.detail.jid, alice.jid);
    const messages = log.filter((e) => e.type === 'jibber:message').map((e) => `${e.detail.direction} ${e.detail.kind} ${e.detail.conversation}`);
    assert.ok(messages.includes(`in direct ${bob.jid}`), `messages: ${messages}`);
    assert.ok(messages.includes(`out direct ${bob.jid}`), `messages: ${messages}`);
    assert.equal(await host.page.title(), 'A site with a Jibber widget', 'the widget changed the host\'s title');
    // The widget keeps its own database on the host's origin.
    const databases = await host.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    assert.deepEqual(databases, ['jibber-widget']);
    assert.deepEqual(host.violations, []);
    assert.deepEqual(foreignRequests(host.user.requests, [suite.web.origin, suite.server.wsUrl]), []);

    await host.page.evaluate(() => jibberHost.jibber.logout());
    await new LoginPage(host.page).expectVisible();
  }));

  it('on another origin than the app: loads from the app\'s origin, logs in and chats', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const site = await startHostSite({ appUrl: suite.web.url, websocketUrl: suite.server.wsUrl });
    t.after(() => site.stop());
    assert.notEqual(site.origin, suite.web.origin);
    const user = await suite.browser.newUser('alice');
    t.after(() => user.close());
    const violations = await recordCspViolations(user);
    await user.page.goto(`${site.url}?mode=embedded`);
    await new LoginPage(user.page).login(alice.jid, alice.password);
    const main = new MainPage(user.page);
    await main.waitForStatus('online');

    const b = await suite.jibber(t, 'bob', bob);
    const toAlice = await b.main.openChat(alice.jid);
    await toAlice.send('Hello, cross-origin widget');
    const chat = await main.openChat(bob.jid);
    await chat.expectMessage('Hello, cross-origin widget', 'in');
    await chat.send('Hi from another origin');
    await toAlice.expectMessage('Hi from another origin', 'in');

    // The app's files came from the app's origin; the page, its database and events stay the host's.
    const fromApp = user.requests.filter((url) => url.startsWith(suite.web.origin)).map((url) => new URL(url).pathname);
    for (const file of ['/widget.js', '/assets.json', '/config.json']) assert.ok(fromApp.includes(file), `${file} from the app's origin: ${fromApp}`);
    assert.ok(fromApp.some((path) => path.endsWith('.wasm')), `the WASM from the app's origin: ${fromApp}`);
    assert.equal(await user.page.evaluate(() => location.origin), site.origin);
    assert.deepEqual(await user.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)), ['jibber-widget']);
    assert.ok((await user.page.evaluate(() => jibberHost.log)).some((e) => e.type === 'jibber:connected'));
    assert.deepEqual(violations, []);
    assert.deepEqual(foreignRequests(user.requests, [site.origin, suite.web.origin, suite.server.wsUrl]), []);
  }));
});
