// The login shell: on a first visit the login form is drawn before the app's WebAssembly module
// is even requested, can be filled in and submitted while the module loads, and the app takes
// it over without losing what was typed, where the caret was, or the press of "Log in". A
// signed-in device never shows the form. The app's module is held back by routing its request
// until the test lets it through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogue } from '../harness/catalogue.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { expectValue } from '../pages/expect.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';
import { SignupPage } from '../pages/signup-page.mjs';

const report = new FailureReport();
const english = catalogue('en');
const italian = catalogue('it');

/** Holds every request for the app's WASM module until `release()`; counts them. */
async function holdAppModule(page) {
  let release;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  const held = { requests: 0, release };
  await page.route(/jibber-[0-9a-f]+_bg\.wasm$/, async (route) => {
    held.requests += 1;
    await released;
    await route.continue();
  });
  return held;
}

/** Whether the app has replaced the shell's form (the shell marks its own with data-login-shell). */
const shellShowing = (page) => page.evaluate(() => document.querySelector('[data-login-shell]') !== null);

describe(onServer('login shell'), () => {
  const suite = suiteWithBrowser(report);

  it('the form is usable before the app loads, and a "Log in" pressed early logs in', report.wrap(async (t) => {
    const [alice] = await suite.server.createAccounts(['alice']);
    const user = await suite.browser.newUser('alice');
    t.after(() => user.close());
    const held = await holdAppModule(user.page);
    const login = await new LoginPage(user.page).goto(suite.web.url);
    assert.ok(await shellShowing(user.page), 'the first form is the shell\'s');

    // Checked before any credentials: the shell answers like the app.
    await login.submit.click();
    await login.expectError(english.get('login-enter-address'));
    await login.jid.fill(alice.jid);
    await login.password.fill(alice.password);
    await login.submit.click();
    await expectValue(() => login.submit.textContent(), english.get('login-connecting'), { what: 'the Log in button while the app loads' });
    assert.equal(await login.submit.isDisabled(), true, 'a second press is not possible');
    await expectValue(() => held.requests, 1, { what: 'requests for the app module' });
    assert.ok(await shellShowing(user.page), 'the shell waits for the app');

    held.release();
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    await main.expectOwnJid(alice.jid);
    assert.equal(await shellShowing(user.page), false);
    assert.deepEqual(user.pageErrors, []);
  }));

  it('what is typed when the app takes over stays, with the focus and caret', report.wrap(async (t) => {
    const [bob] = await suite.server.createAccounts(['bob']);
    const user = await suite.browser.newUser('bob');
    t.after(() => user.close());
    const held = await holdAppModule(user.page);
    const login = await new LoginPage(user.page).goto(suite.web.url);
    await login.openAdvanced();
    await login.wsUrl.fill(suite.server.wsUrl);
    const [local, domain] = bob.jid.split('@');
    await login.jid.click();
    await user.page.keyboard.type(`${local}@`);

    held.release();
    await expectValue(() => shellShowing(user.page), false, { what: 'the shell form replaced by the app' });
    // Typing goes on into the app's field, at the same place.
    await user.page.keyboard.type(domain);
    assert.equal(await login.jid.inputValue(), bob.jid);
    assert.equal(await login.advanced.evaluate((details) => details.open), true, 'the connection settings stay open');
    assert.equal(await login.wsUrl.inputValue(), suite.server.wsUrl);
    await login.password.fill(bob.password);
    await login.submit.click();
    await new MainPage(user.page).waitForStatus('online');
    assert.deepEqual(user.pageErrors, []);
  }));

  it('"Create an account" pressed early opens the sign-up form once the app is there', report.wrap(async (t) => {
    const user = await suite.browser.newUser('visitor');
    t.after(() => user.close());
    const held = await holdAppModule(user.page);
    await new LoginPage(user.page).goto(suite.web.url);
    await user.page.getByTestId('login-create-account').click();
    held.release();
    await new SignupPage(user.page).view.waitFor({ state: 'visible' });
    assert.deepEqual(user.pageErrors, []);
  }));

  it('speaks the page\'s language before the app loads', report.wrap(async (t) => {
    const user = await suite.browser.newUser('italian', { locale: 'it-IT' });
    t.after(() => user.close());
    const held = await holdAppModule(user.page);
    const login = await new LoginPage(user.page).goto(suite.web.url);
    assert.equal(await user.page.evaluate(() => document.documentElement.lang), 'it');
    assert.equal(await login.submit.textContent(), italian.get('login-submit'));
    assert.equal(await user.page.getByTestId('login-create-account').textContent(), italian.get('login-create-account'));
    assert.equal(await login.jid.getAttribute('id'), 'login-jid');
    assert.equal(await user.page.locator('label[for=login-jid]').textContent(), italian.get('login-address'));
    await login.submit.click();
    await login.expectError(italian.get('login-enter-address'));
    held.release();
    await expectValue(() => shellShowing(user.page), false, { what: 'the shell form replaced by the app' });
    assert.equal(await login.submit.textContent(), italian.get('login-submit'));
  }));

  it('a signed-in device goes straight to the app; after logging out the form is back', report.wrap(async (t) => {
    const [carol] = await suite.server.createAccounts(['carol']);
    const { user, main } = await suite.jibber(t, 'carol', carol);
    // Records whether a login form is ever in the page during the reload.
    await user.page.addInitScript(() => {
      window.__loginFormSeen = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=login-view]')) window.__loginFormSeen = true;
      }).observe(document, { childList: true, subtree: true });
    });
    await main.reload();
    await main.waitForStatus('online');
    assert.equal(await user.page.evaluate(() => window.__loginFormSeen), false, 'no login form flashed');

    assert.equal(await user.page.evaluate(() => localStorage.getItem('jibber.account')), 'signed-in');
    await main.logout();
    await new LoginPage(user.page).expectVisible();
    assert.equal(await user.page.evaluate(() => localStorage.getItem('jibber.account')), null, 'the shell draws the form next time');
    const held = await holdAppModule(user.page);
    await user.page.reload();
    await new LoginPage(user.page).expectVisible();
    assert.ok(await shellShowing(user.page), 'the shell\'s form is back after logging out');
    held.release();
    assert.deepEqual(user.pageErrors, []);
  }));

  it('an app that cannot be fetched is said, with a way to reload', report.wrap(async (t) => {
    const user = await suite.browser.newUser('offline');
    t.after(() => user.close());
    await user.page.route(/jibber-[0-9a-f]+_bg\.wasm$/, (route) => route.abort('internetdisconnected'));
    await user.page.goto(suite.web.url);
    const failure = user.page.getByTestId('app-load-failed');
    await failure.waitFor({ state: 'visible' });
    assert.equal((await failure.textContent()).trim(), english.get('app-load-failed'));
    assert.equal(await failure.getAttribute('role'), 'alert');
    await user.page.unroute(/jibber-[0-9a-f]+_bg\.wasm$/);
    await user.page.getByRole('button', { name: english.get('reload') }).click();
    await new LoginPage(user.page).expectVisible();
    await expectValue(() => shellShowing(user.page), false, { what: 'the app started after the reload' });
  }));
});
