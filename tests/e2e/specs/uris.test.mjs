// xmpp: URIs and deep links: an xmpp: link in a message opens that chat in Jibber (?roster
// adds the contact, ?message;body= leaves a draft); #/chat/JID opens a chat when the fragment changes; a
// #/uri/<encoded xmpp:…?join> link (what the registered protocol handler opens) joins the
// group right after login, as does the auto_join option; the browser accepts the registration
// of that handler.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogue } from '../harness/catalogue.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { ChatPage } from '../pages/chat-page.mjs';
import { expectValue } from '../pages/expect.mjs';
import { GroupChat, GroupsPanel } from '../pages/groups-panel.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();
const english = catalogue('en');

describe(onServer('xmpp: links and deep links'), () => {
  const suite = suiteWithBrowser(report);

  it('an xmpp: link in a message opens the right chat; ?roster adds the contact; ?message;body= drafts', report.wrap(async (t) => {
    const [alice, bob, carol, dave] = await suite.server.createAccounts(['alice', 'bob', 'carol', 'dave']);
    const a = await suite.jibber(t, 'alice', alice);
    const b = await suite.jibber(t, 'bob', bob);
    const toAlice = await b.main.openChat(alice.jid);
    await toAlice.send(`Talk to xmpp:${carol.jid} about it`);
    await toAlice.send(`And add xmpp:${dave.jid}?roster;name=Dave%20D`);
    await toAlice.send(`Say hi: xmpp:${carol.jid}?message;body=Hello%20Carol%21`);

    const chat = await a.main.openChat(bob.jid);
    await chat.expectMessage(`Talk to xmpp:${carol.jid} about it`, 'in');
    const link = chat.messageList.getByTestId('message-link').filter({ hasText: new RegExp(`^xmpp:${carol.jid}$`) });
    assert.equal(await link.getAttribute('href'), `xmpp:${carol.jid}`);
    const pagesBefore = a.user.context.pages().length;
    await link.click();
    await new ChatPage(a.user.page, carol.jid).expectVisible();
    assert.equal(a.user.context.pages().length, pagesBefore, 'the link opened another tab');

    await a.main.openChat(bob.jid);
    await chat.expectMessage(`And add xmpp:${dave.jid}?roster;name=Dave%20D`, 'in');
    await chat.messageList.getByTestId('message-link').filter({ hasText: dave.jid }).click();
    await new ChatPage(a.user.page, dave.jid).expectVisible();
    const daveInRoster = a.main.rosterItem(dave.jid);
    await daveInRoster.waitFor({ state: 'attached' });
    assert.match(await daveInRoster.innerText(), /Dave D/);

    // ?message;body= leaves the text in the composer, not sent.
    await a.main.openChat(bob.jid);
    await chat.messageList.getByTestId('message-link').filter({ hasText: 'body=' }).click();
    const toCarol = new ChatPage(a.user.page, carol.jid);
    await toCarol.expectVisible();
    await expectValue(() => toCarol.composer.inputValue(), 'Hello Carol!', { what: "the link's draft in the composer" });
    assert.deepEqual(await toCarol.messages(), [], 'the draft was sent');
  }));

  it('#/chat/JID opens the chat; #/uri/ with ?join and the auto_join option join the group after login', report.wrap(async (t) => {
    const [alice, bob, carol] = await suite.server.createAccounts(['alice', 'bob', 'carol']);
    const a = await suite.jibber(t, 'alice', alice);
    await a.user.page.goto(`${suite.web.url}#/chat/${encodeURIComponent(carol.jid)}`);
    await new ChatPage(a.user.page, carol.jid).expectVisible();
    // The fragment is taken, so the same link works again later.
    await expectValue(() => new URL(a.user.page.url()).hash, '', { what: 'the fragment after routing' });

    const den = await new GroupsPanel(a.user.page).create('Den', { kind: 'public' });
    const bobUser = await suite.browser.newUser('bob');
    t.after(() => bobUser.close());
    const uri = `xmpp:${den.jid}?join`;
    const login = await new LoginPage(bobUser.page).goto(`${suite.web.url}#/uri/${encodeURIComponent(uri)}`);
    await login.login(bob.jid, bob.password);
    const bobMain = new MainPage(bobUser.page);
    await bobMain.waitForStatus('online');
    const bobDen = new GroupChat(bobUser.page, den.jid);
    await bobDen.expectJoined();
    await bobDen.send('Came in through a link');
    await den.expectMessage('Came in through a link', 'in');

    // The auto_join option (here from the query string) joins the group at the first connection.
    const carolUser = await suite.browser.newUser('carol');
    t.after(() => carolUser.close());
    const carolLogin = await new LoginPage(carolUser.page).goto(`${suite.web.url}?auto_join=${encodeURIComponent(den.jid)}`);
    await carolLogin.login(carol.jid, carol.password);
    await new MainPage(carolUser.page).waitForStatus('online');
    const carolDen = await new GroupsPanel(carolUser.page).open(den.jid);
    await carolDen.expectJoined();
  }));
  it('the browser accepts Jibber as the handler of xmpp: links', report.wrap(async (t) => {
    const [erin] = await suite.server.createAccounts(['erin']);
    const e = await suite.jibber(t, 'erin', erin);
    const page = e.user.page;
    await page.getByTestId('preferences').locator(':scope > summary').click();
    await page.getByTestId('protocol-handler').click();
    // Headless Chromium never shows its question, but refuses a bad scheme or URL by throwing;
    // the page says the browser is asking, so the registration itself was accepted.
    await expectValue(() => page.getByTestId('protocol-handler-status').innerText(), english.get('protocol-handler-asked'),
      { what: 'the protocol handler status' });
    assert.deepEqual(e.user.pageErrors, []);
  }));
});
