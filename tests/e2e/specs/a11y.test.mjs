// Accessibility: axe-core finds no serious or critical violation on the login, sign-up, roster,
// 1:1 chat, group and settings views, in the light and the dark colour scheme.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectAccessible } from '../harness/axe.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { onServer } from '../harness/servers.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { SignupPage } from '../pages/signup-page.mjs';

const report = new FailureReport();

describe(onServer('accessibility'), () => {
  const suite = suiteWithBrowser(report);

  it('login and sign-up views have no serious or critical violation', report.wrap(async (t) => {
    const user = await suite.browser.newUser('visitor');
    t.after(() => user.close());
    const login = await new LoginPage(user.page).goto(suite.web.url);
    await login.openAdvanced();
    await expectAccessible(user.page, 'the login view');
    const signup = await new SignupPage(user.page).open();
    await expectAccessible(user.page, 'the sign-up view');
    await signup.start(suite.server.domain);
    await expectAccessible(user.page, 'the sign-up form');
    assert.deepEqual(user.pageErrors, []);
  }));

  it('roster, chat, group and settings views have no serious or critical violation', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const { user, main } = await suite.jibber(t, 'alice', alice);
    const page = user.page;
    await expectAccessible(page, 'the main view');

    const chat = await main.openChat(bob.jid);
    await chat.send('Hello Bob');
    await chat.expectMessage('Hello Bob', 'out');
    await page.getByTestId('message-actions').first().click();
    await expectAccessible(page, 'a 1:1 chat with its message menu open');
    await page.keyboard.press('Escape');

    await page.getByTestId('own-status').locator(':scope > summary').click();
    await expectAccessible(page, 'the own status menu');
    await page.getByTestId('own-status').locator(':scope > summary').click();
    await page.getByTestId('account-settings').locator(':scope > summary').click();
    await page.getByTestId('retention-settings').locator(':scope > summary').click();
    await expectAccessible(page, 'account settings');
    await page.getByTestId('account-settings').locator(':scope > summary').click();

    const groups = new GroupsPanel(page);
    const group = await groups.create('Accessible group');
    await group.view.getByTestId('occupant-toggle').click();
    await expectAccessible(page, 'a group chat with its people list open');
    assert.deepEqual(user.pageErrors, []);
  }));
});
