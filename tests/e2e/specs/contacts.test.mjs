// Contacts, presence and accounts, in Chromium against the built app and a real server:
// sign up in-band, add a contact and approve, status text, avatars, blocking. The roster and
// subscription journey is a core journey and runs on both servers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { coreServers, onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { makePng } from '../harness/png.mjs';
import { ContactsPanel } from '../pages/contacts-panel.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';
import { SignupPage } from '../pages/signup-page.mjs';

const report = new FailureReport();

/** Opens a browser user logged in as `account`, with the contacts panel at hand. */
async function loggedIn(suite, t, name, account) {
  const { user, main } = await suite.jibber(t, name, account);
  return { user, main, contacts: new ContactsPanel(user.page) };
}

for (const [serverName, startServer] of coreServers) describe(`roster and subscriptions on ${serverName}`, () => {
  const suite = suiteWithBrowser(report, { startServer });

  it('bob adds alice, alice approves, both see each other online, status text and avatar reach bob', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await loggedIn(suite, t, 'alice', alice);
    const b = await loggedIn(suite, t, 'bob', bob);

    await b.contacts.addContact(bob.jid);
    await b.contacts.expectAddError('your own address');
    await b.contacts.addContact('not an address@@');
    await b.contacts.expectAddError('not an address');

    await b.contacts.addContact(alice.jid, { name: 'Alice', groups: 'Friends' });
    await b.contacts.rosterItem(alice.jid).waitFor({ state: 'visible' });
    await a.contacts.expectRequest(bob.jid);
    await a.contacts.approve(bob.jid);

    await b.contacts.expectPresence(alice.jid, 'available');
    await a.contacts.expectPresence(bob.jid, 'available');

    await a.contacts.setStatus('away', 'Out for lunch 🥪 <b>not bold</b>');
    await b.contacts.expectPresence(alice.jid, 'away');
    await b.contacts.expectStatusText(alice.jid, 'Out for lunch 🥪 <b>not bold</b>');

    await a.contacts.setAvatar({ name: 'me.png', mimeType: 'image/png', buffer: makePng(200, 120, [200, 30, 30]) });
    const src = await b.contacts.expectAvatar(alice.jid, { timeoutMs: 20_000 });
    assert.match(src, /^data:image\/png;base64,/);
    assert.deepEqual(a.user.pageErrors, []);
    assert.deepEqual(b.user.pageErrors, []);
  }));
});

describe(onServer('contacts, presence and accounts'), () => {
  const suite = suiteWithBrowser(report);

  it('a new user registers in-band (a taken name is refused) and is logged in', report.wrap(async (t) => {
    const [existing] = await suite.server.createAccounts(['taken']);
    const user = await suite.browser.newUser('newcomer');
    t.after(() => user.close());
    await new LoginPage(user.page).goto(suite.web.url);
    const signup = await new SignupPage(user.page).open();
    await signup.start(suite.server.domain);
    await signup.register(existing.username, 'correct horse battery');
    await signup.expectError('already taken');
    await signup.register('mismatch', 'correct horse battery', 'another one entirely');
    await signup.expectError('different');

    const username = `new-${randomBytes(3).toString('hex')}`;
    await signup.register(username, 'correct horse battery');
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    await main.expectOwnJid(`${username}@${suite.server.domain}`);
    assert.deepEqual(user.pageErrors, []);
  }));

  it('alice blocks carol from the request list; carol\'s messages no longer arrive until she unblocks her in the chat', report.wrap(async (t) => {
    const [alice, bob, carol] = await suite.server.createAccounts(['alice', 'bob', 'carol']);
    const a = await loggedIn(suite, t, 'alice', alice);
    const b = await loggedIn(suite, t, 'bob', bob);
    const c = await loggedIn(suite, t, 'carol', carol);

    const carolChat = await c.main.openChat(alice.jid);
    await carolChat.send('hello before the block');
    await a.main.expectConversation(carol.jid);
    const fromCarol = await a.main.openChat(carol.jid);
    await fromCarol.expectMessage('hello before the block', 'in');

    await c.contacts.addContact(alice.jid);
    await a.contacts.expectRequest(carol.jid);
    await a.contacts.blockRequest(carol.jid);
    await a.contacts.expectBlocked(carol.jid);

    await carolChat.send('spam after the block');
    // Bob's message is sent after carol's: once it is shown, carol's would have been too.
    const bobChat = await b.main.openChat(alice.jid);
    await bobChat.send('control message');
    await a.main.expectConversation(bob.jid);
    const carolAtAlice = await a.main.openChat(carol.jid);
    assert.deepEqual((await carolAtAlice.messages()).map((m) => m.body), ['hello before the block']);

    // Unblocking from the chat lets carol's messages through again.
    await a.contacts.expectChatBlocked(carol.jid, true);
    await a.contacts.chatBlockButton(carol.jid).click();
    await a.contacts.expectChatBlocked(carol.jid, false);
    assert.deepEqual(await a.contacts.blockedJids(), []);
    await carolChat.send('hello after the unblock');
    await carolAtAlice.expectMessage('hello after the unblock', 'in');
  }));

  it('alice saves her full name and web page; bob sees them in her details, and when she was last seen after she logs out', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await loggedIn(suite, t, 'alice', alice);
    const b = await loggedIn(suite, t, 'bob', bob);
    await b.contacts.addContact(alice.jid, { name: 'Alice' });
    await a.contacts.expectRequest(bob.jid);
    await a.contacts.approve(bob.jid);
    await b.contacts.expectPresence(alice.jid, 'available');

    await a.contacts.setOwnProfile({ 'full-name': 'Alice <b>Liddell</b>', url: 'https://alice.example/wonderland' });
    await b.contacts.openContactDetails(alice.jid);
    await b.contacts.expectProfileField(alice.jid, 'full-name', 'Alice <b>Liddell</b>');
    const link = await b.contacts.expectProfileField(alice.jid, 'url', 'https://alice.example/wonderland');
    assert.equal(await link.getAttribute('href'), 'https://alice.example/wonderland');
    // Rendered as text: no element was made from the name.
    assert.equal(await b.contacts.contactDetails(alice.jid).locator('[data-testid=profile-full-name] b').count(), 0);

    await a.main.logout();
    await b.contacts.expectPresence(alice.jid, 'unavailable');
    await b.contacts.openContactDetails(alice.jid);
    await b.contacts.expectLastSeen(alice.jid, /^Last seen (just now|1 minute ago)$/);
    assert.deepEqual(a.user.pageErrors, []);
    assert.deepEqual(b.user.pageErrors, []);
  }));
});
