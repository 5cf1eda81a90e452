// A phone: Jibber in a 390×844 touch screen shows one pane at a time. The list of chats, then
// the open chat with a back button; nothing is wider than the screen, and the login form, the
// list and the chat all fit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/** Whether anything makes the page scroll sideways. */
const overflowsSideways = (page) => page.evaluate(() => document.scrollingElement.scrollWidth > window.innerWidth);

const shown = (locator) => locator.evaluate((element) => element.checkVisibility());

describe(onServer('phone layout'), () => {
  const suite = suiteWithBrowser(report);

  it('one pane at a time: the chats, then a chat with a way back', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const phone = await suite.browser.newUser('alice-phone', PHONE);
    t.after(() => phone.close());
    const { page } = phone;
    const login = await new LoginPage(page).goto(suite.web.url);
    assert.equal(await overflowsSideways(page), false, 'the login form fits the screen');
    await login.login(alice.jid, alice.password);
    const main = new MainPage(page);
    await main.waitForStatus('online');
    const sidebar = page.locator('.sidebar');
    const chatPane = page.locator('.chat-pane');
    assert.equal(await shown(sidebar), true, 'the list of chats is shown');
    assert.equal(await shown(chatPane), false, 'no chat pane beside it');
    assert.equal(await overflowsSideways(page), false, 'the list fits the screen');

    const b = await suite.jibber(t, 'bob', bob);
    const chat = await main.openChat(bob.jid);
    assert.equal(await shown(sidebar), false, 'the chat takes the whole screen');
    await chat.composer.tap();
    await chat.send('Sent from my phone');
    await chat.expectMessage('Sent from my phone', 'out');
    const fromBob = await b.main.openChat(alice.jid);
    await fromBob.send('A long answer with an unbreakable https://example.org/a/very/long/path/that/goes/on/and/on/and/on/and/on/forever');
    await chat.expectMessage('A long answer with an unbreakable https://example.org/a/very/long/path/that/goes/on/and/on/and/on/and/on/forever', 'in');
    assert.equal(await overflowsSideways(page), false, 'the chat fits the screen, long links too');
    const composerBox = await chat.composer.boundingBox();
    assert.ok(composerBox && composerBox.y + composerBox.height <= 844, 'the composer is on screen');

    const back = chat.view.locator('.chat-header .back');
    assert.equal(await shown(back), true, 'a back button');
    await back.tap();
    await sidebar.waitFor({ state: 'visible' });
    assert.equal(await shown(chatPane), false);
    await main.expectConversation(bob.jid);
    assert.deepEqual(phone.pageErrors, []);
  }));
});
