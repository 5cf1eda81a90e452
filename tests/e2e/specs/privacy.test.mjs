// No third parties: through login, a chat, a group, the preferences and the shortcuts dialog
// every request goes to the app's origin or the configured server, and the Content-Security-
// Policy is never violated. Also the keyboard shortcuts and the theme override.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foreignRequests } from '../harness/browser.mjs';
import { recordCspViolations } from '../harness/csp.mjs';
import { catalogue } from '../harness/catalogue.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { expectValue } from '../pages/expect.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();

describe(onServer('no third parties'), () => {
  const suite = suiteWithBrowser(report);

  it('login, chat, groups, preferences and shortcuts reach only the app and its server, with no CSP violation', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const user = await suite.browser.newUser('alice');
    t.after(() => user.close());
    const violations = await recordCspViolations(user);
    const { page } = user;
    // The theme option from the query string; the user's choice later wins over it.
    await new LoginPage(page).goto(`${suite.web.url}?theme=dark&lang=it&jid=${encodeURIComponent(alice.jid)}`);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'it');
    assert.equal(await page.getByTestId('login-jid').inputValue(), alice.jid, 'the jid option fills the address');
    await new LoginPage(page).login(alice.jid, alice.password);
    const main = new MainPage(page);
    await main.waitForStatus('online');

    const b = await suite.jibber(t, 'bob', bob);
    const chat = await main.openChat(bob.jid);
    await chat.send('Hello Bob');
    const bobChat = await b.main.openChat(alice.jid);
    await bobChat.expectMessage('Hello Bob', 'in');
    await bobChat.send('Hello Alice');
    await chat.expectMessage('Hello Alice', 'in');
    // A public channel: a private group with nobody else in it has nobody to encrypt for.
    const group = await new GroupsPanel(page).create('Privacy', { kind: 'public' });
    await group.send('In the group');
    await group.expectMessage('In the group', 'out', { state: 'sent' });

    // Shortcuts: Alt+↑/↓ move between chats, Ctrl+K searches, ? and Escape show and close help.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const shownChat = () => page.getByTestId('chat-view').getAttribute('data-jid');
    const before = await shownChat();
    await page.keyboard.press('Alt+ArrowDown');
    await expectValue(async () => (await shownChat()) !== before, true, { what: 'another chat after Alt+↓' });
    await page.keyboard.press('Alt+ArrowUp');
    await expectValue(shownChat, before, { what: 'the first chat again after Alt+↑' });
    await page.keyboard.press('Control+k');
    await expectValue(() => page.evaluate(() => document.activeElement?.dataset.testid), 'roster-search', { what: 'focus after Ctrl+K' });
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts-dialog');
    await help.waitFor({ state: 'visible' });
    // The page runs in Italian (`lang=it` above).
    assert.ok((await help.innerText()).includes(catalogue('it').get('shortcut-next-chat')), 'the help lists the shortcuts');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // Preferences: the theme choice applies at once and outlives a reload.
    await page.getByTestId('preferences').locator('summary').click();
    await page.getByTestId('theme-select').selectOption('light');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await background(), 'rgb(246, 247, 249)');
    await main.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
    await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
    assert.equal(await background(), 'rgb(18, 22, 28)', 'the dark palette');

    const allowed = [suite.web.origin, suite.server.wsUrl, suite.server.httpUrl].filter(Boolean);
    for (const who of [user, b.user]) {
      assert.ok(who.requests.length > 0, 'requests were recorded');
      assert.deepEqual(foreignRequests(who.requests, allowed), [], `${who.name} contacted a third party`);
    }
    assert.deepEqual(violations, []);
  }));
});
