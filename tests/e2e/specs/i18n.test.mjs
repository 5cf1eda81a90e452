// Languages: with Italian chosen (by ?lang=it, by the browser's language or in settings) no
// visible text, label, placeholder or title of the login, sign-up, roster, chat, group and
// settings views is left in English, and <html lang> follows the choice. The client's typed
// reasons (login errors, refusals, why a message was not sent) are worded in Italian too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogue, untranslatedEnglish } from '../harness/catalogue.mjs';
import { ContactsPanel } from '../pages/contacts-panel.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';
import { SignupPage } from '../pages/signup-page.mjs';

const report = new FailureReport();
const isEnglish = untranslatedEnglish();
const italian = catalogue('it');

/** Every string a reader meets on the page now: visible text and the words of attributes. */
function pageStrings(page) {
  return page.evaluate(() => {
    const strings = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const parent = node.parentElement;
      // An <option> is not "visible" by itself, but its select shows it.
      const shown = parent?.closest('select') ? parent.closest('select').checkVisibility() : parent?.checkVisibility();
      if (text && shown) strings.push(text);
    }
    for (const element of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = element.getAttribute(name)?.trim();
        if (value) strings.push(value);
      }
    }
    return strings;
  });
}

/** Asserts the Italian texts of catalogue `keys` are on the page. */
async function expectTexts(page, keys, what) {
  const strings = await pageStrings(page);
  for (const key of keys) {
    const text = italian.get(key);
    assert.ok(strings.some((s) => s.includes(text)), `"${text}" (${key}) on ${what}`);
  }
}

/** The Italian text of `key` with its placeholders filled. */
function italianText(key, values = {}) {
  return italian.get(key).replace(/\{([a-z]+)\}/g, (all, name) => values[name] ?? all);
}

async function expectItalian(page, what) {
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'it', `<html lang> on ${what}`);
  const english = (await pageStrings(page)).filter(isEnglish);
  assert.deepEqual([...new Set(english)], [], `English strings left on ${what}`);
}

describe(onServer('Italian'), () => {
  const suite = suiteWithBrowser(report);

  it('?lang=it translates the login and sign-up views', report.wrap(async (t) => {
    const user = await suite.browser.newUser('visitor');
    t.after(() => user.close());
    const login = await new LoginPage(user.page).goto(`${suite.web.url}?lang=it`);
    await login.openAdvanced();
    await expectItalian(user.page, 'the login view');
    const signup = await new SignupPage(user.page).open();
    await expectItalian(user.page, 'the sign-up view');
    await signup.start(suite.server.domain);
    await expectItalian(user.page, 'the sign-up form');
  }));

  it('an Italian browser gets Italian roster, chat, group and settings views', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const user = await suite.browser.newUser('alice', { locale: 'it-IT' });
    t.after(() => user.close());
    const page = user.page;
    await (await new LoginPage(page).goto(suite.web.url)).login(alice.jid, alice.password);
    const main = new MainPage(page);
    await main.waitForStatus('online');
    await page.getByTestId('add-contact').locator(':scope > summary').click();
    await expectItalian(page, 'the main view');

    const chat = await main.openChat(bob.jid);
    await chat.send('Ciao Bob');
    await chat.expectMessage('Ciao Bob', 'out');
    await page.getByTestId('message-actions').first().click();
    await page.getByTestId('chat-retention').locator(':scope > summary').click();
    await expectItalian(page, 'a chat with its menus open');

    await page.getByTestId('own-status').locator(':scope > summary').click();
    await page.getByTestId('account-settings').locator(':scope > summary').click();
    await page.getByTestId('retention-settings').locator(':scope > summary').click();
    await expectItalian(page, 'status and account settings');
    await page.getByTestId('account-settings').locator(':scope > summary').click();
    await page.getByTestId('own-status').locator(':scope > summary').click();

    const group = await new GroupsPanel(page).create('Gruppo');
    await group.view.getByTestId('occupant-toggle').click();
    await expectItalian(page, 'a group chat');
    assert.deepEqual(user.pageErrors, []);
  }));

  it('the room browser, a private group\'s readers and members, preferences and shortcuts are in Italian', report.wrap(async (t) => {
    const [dora] = await suite.server.createAccounts(['dora']);
    const user = await suite.browser.newUser('dora', { locale: 'it-IT' });
    t.after(() => user.close());
    const page = user.page;
    await (await new LoginPage(page).goto(suite.web.url)).login(dora.jid, dora.password);
    await new MainPage(page).waitForStatus('online');
    const panel = new GroupsPanel(page);
    const group = await panel.create('Segreti');
    await group.unreadableMembers();
    await group.view.getByTestId('occupant-toggle').click();
    await group.view.getByTestId('member-list-open').click();
    await expectItalian(page, 'a private group with its readers, people and members open');
    await expectTexts(page, ['group-encryption-note-private', 'group-readers-nobody', 'members-of-group'], 'a private group');

    await page.getByTestId('room-browser-open').click();
    await page.getByTestId('room-browser').waitFor({ state: 'visible' });
    await expectItalian(page, 'the room browser');
    await expectTexts(page, ['public-groups', 'name-or-address'], 'the room browser');

    await page.getByTestId('preferences').locator(':scope > summary').click();
    await expectItalian(page, 'the preferences');
    await expectTexts(page, ['preferences', 'theme-system'], 'the preferences');
    await page.getByTestId('shortcuts-open').click();
    await page.getByTestId('shortcuts-dialog').waitFor({ state: 'visible' });
    await expectItalian(page, 'the shortcuts dialog');
    await expectTexts(page, ['keyboard-shortcuts', 'shortcut-next-chat'], 'the shortcuts dialog');
    assert.deepEqual(user.pageErrors, []);
  }));

  it('the client\'s reasons are in Italian: a wrong password, a bad server address, an own address, a message nobody can read', report.wrap(async (t) => {
    const [erin] = await suite.server.createAccounts(['erin']);
    const user = await suite.browser.newUser('erin', { locale: 'it-IT' });
    t.after(() => user.close());
    const page = user.page;
    const login = await new LoginPage(page).goto(suite.web.url);
    await login.login(erin.jid, 'not-the-password');
    await login.expectError(italianText('login-error-not-authorized'));
    await expectItalian(page, 'a wrong password');

    const url = 'http://127.0.0.1:1/';
    await login.login(erin.jid, erin.password, url);
    await login.expectError(italianText('login-error-not-websocket-url', { url }));
    await expectItalian(page, 'a server address that is not a WebSocket URL');

    await login.login(erin.jid, erin.password, '');
    await new MainPage(page).waitForStatus('online');
    const contacts = new ContactsPanel(page);
    await contacts.addContact(erin.jid);
    await contacts.expectAddError(italianText('input-own-address'));
    await expectItalian(page, 'adding one\'s own address');

    // A private group with nobody else in it: nobody to encrypt for, so the message is not sent.
    const group = await new GroupsPanel(page).create('Da sola');
    await group.send('Qualcuno?');
    const failed = await group.expectMessage('Qualcuno?', 'out', { state: 'failed' });
    assert.ok(failed.failure?.includes(italianText('fail-group-alone')), `the failure: ${failed.failure}`);
    await expectItalian(page, 'a message nobody can read');
    assert.deepEqual(user.pageErrors, []);
  }));

  it('the switch in settings translates at once and is kept across a reload', report.wrap(async (t) => {
    const [carol] = await suite.server.createAccounts(['carol']);
    const { user, main } = await suite.jibber(t, 'carol', carol);
    const page = user.page;
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByTestId('account-settings').locator(':scope > summary').click();
    await page.getByTestId('language-select').selectOption('it');
    // The rebuilt settings stay open with the focus back on the switch.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'language-select');
    await expectItalian(page, 'settings after the switch');
    await main.reload();
    await main.waitForStatus('online');
    await expectItalian(page, 'the main view after a reload');
    assert.deepEqual(user.pageErrors, []);
  }));
});
