// Messaging that never loses a message: a loopback proxy cuts alice's and bob's WebSockets
// again and again while both type; afterwards every message is shown exactly once, in order,
// on both sides, on alice's second device (carbons) and on a fresh third one (archive).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser } from '../harness/browser.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { startProsody } from '../harness/prosody.mjs';
import { sleep, waitUntil } from '../harness/wait.mjs';
import { startWeb } from '../harness/web.mjs';
import { startWsProxy } from '../harness/ws-proxy.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { expectValue } from '../pages/expect.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();
const PER_SIDE = 50;
const SETTLE_MS = 60_000;
const MIN_DROPS = 5;

describe('messaging', () => {
  let prosody;
  let proxy;
  let web;
  let browser;

  before(async () => {
    prosody = report.add(await startProsody());
    proxy = report.add(await startWsProxy({ targetUrl: prosody.wsUrl }));
    web = await startWeb({ prosody, extraConnectSrc: [proxy.origin] });
    browser = report.add(await launchBrowser());
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await proxy?.stop();
    await prosody?.stop();
  });

  async function loggedIn(t, name, account, wsUrl) {
    const user = await browser.newUser(name);
    t.after(() => user.close());
    await new LoginPage(user.page).goto(web.url).then((login) => login.login(account.jid, account.password, wsUrl));
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    return { user, main };
  }

  it('a flaky connection loses and doubles nothing; carbons and the archive show the same chat', report.wrap(async (t) => {
    const [alice, bob] = await prosody.createAccounts(['alice', 'bob']);
    const a = await loggedIn(t, 'alice', alice, proxy.url);
    const b = await loggedIn(t, 'bob', bob, proxy.url);
    const a2 = await loggedIn(t, 'alice-laptop', alice, prosody.wsUrl);
    const aChat = await a.main.openChat(bob.jid);
    const bChat = await b.main.openChat(alice.jid);
    const a2Chat = await a2.main.openChat(bob.jid);
    // The archive half of this test reads the chat on a device that joins afterwards, which
    // OMEMO (rightly) keeps from reading earlier messages: this chat is unencrypted.
    await aChat.setEncrypted(false);
    await bChat.setEncrypted(false);

    let dropping = true;
    const dropper = (async () => {
      while (dropping) {
        await sleep(400 + Math.random() * 400);
        if (dropping) proxy.dropAll();
      }
    })();
    const fromAlice = [];
    const fromBob = [];
    try {
      for (let i = 0; i < PER_SIDE; i += 1) {
        fromAlice.push(`alice ${i}`);
        await aChat.send(fromAlice.at(-1), { via: 'enter' });
        fromBob.push(`bob ${i}`);
        await bChat.send(fromBob.at(-1), { via: 'enter' });
      }
      // Keep cutting while the last messages are still on their way.
      await waitUntil(() => proxy.drops >= MIN_DROPS, { timeoutMs: SETTLE_MS, describe: () => `${MIN_DROPS} drops (${proxy.drops} so far)` });
    } finally {
      dropping = false;
      await dropper;
    }

    // Both chats are open, so every message ends up delivered and then read.
    const confirmed = ['delivered', 'read'];
    await aChat.expectExactly({ out: fromAlice, in: fromBob }, { state: confirmed, timeoutMs: SETTLE_MS });
    await bChat.expectExactly({ out: fromBob, in: fromAlice }, { state: confirmed, timeoutMs: SETTLE_MS });
    await a2Chat.expectExactly({ out: fromAlice, in: fromBob }, { timeoutMs: SETTLE_MS });

    const a3 = await loggedIn(t, 'alice-new-device', alice, prosody.wsUrl);
    await a3.main.expectConversation(bob.jid);
    const a3Chat = await a3.main.openChat(bob.jid);
    await a3Chat.loadAllOlder();
    await a3Chat.expectExactly({ out: fromAlice, in: fromBob }, { timeoutMs: SETTLE_MS });
    for (const { user } of [a, b, a2, a3]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));

  it('reading a chat on one device clears its unread count on the other; the sender sees it read and typing', report.wrap(async (t) => {
    const [carol, dave] = await prosody.createAccounts(['carol', 'dave']);
    const phone = await loggedIn(t, 'carol-phone', carol, prosody.wsUrl);
    const laptop = await loggedIn(t, 'carol-laptop', carol, prosody.wsUrl);
    const d = await loggedIn(t, 'dave', dave, prosody.wsUrl);
    const dChat = await d.main.openChat(carol.jid);
    const question = 'Carol, are you there?';
    await dChat.send(question);
    await dChat.expectMessage(question, 'out', { state: 'delivered' });
    for (const [name, device] of [['phone', phone], ['laptop', laptop]]) {
      await device.main.expectConversation(dave.jid);
      await expectValue(() => device.main.unreadCount(dave.jid), 1, { what: `the unread count on carol's ${name}` });
    }
    await expectValue(() => laptop.user.page.title(), '(1) Jibber', { what: "the laptop's tab title" });
    const chat = await phone.main.openChat(dave.jid);
    await chat.expectMessage(question, 'in');
    await expectValue(() => laptop.main.unreadCount(dave.jid), 0, { what: "the unread count on carol's laptop" });
    await expectValue(() => laptop.user.page.title(), 'Jibber', { what: "the laptop's tab title" });
    await dChat.expectMessage(question, 'out', { state: 'read' });

    await dChat.type('Still th');
    await chat.expectTyping(true);
    await dChat.type('');
    await chat.expectTyping(false);
  }));

  it('a message written while the browser is offline shows pending, then goes out once', report.wrap(async (t) => {
    const [erin, frank] = await prosody.createAccounts(['erin', 'frank']);
    const e = await loggedIn(t, 'erin', erin, prosody.wsUrl);
    const f = await loggedIn(t, 'frank', frank, prosody.wsUrl);
    const eChat = await e.main.openChat(frank.jid);
    const fChat = await f.main.openChat(erin.jid);
    await e.user.context.setOffline(true);
    await e.main.waitForStatus('offline');
    const text = 'written in a tunnel';
    await eChat.send(text);
    await eChat.expectMessage(text, 'out', { state: 'pending' });
    await e.user.context.setOffline(false);
    await e.main.waitForStatus('online', { timeoutMs: SETTLE_MS });
    await fChat.expectMessage(text, 'in');
    await eChat.expectMessage(text, 'out', { state: 'read' });
    await fChat.expectExactly({ in: [text] });
  }));

  it('styled text, safe links, /me actions and a day separator', report.wrap(async (t) => {
    const [gina, hank] = await prosody.createAccounts(['gina', 'hank']);
    const g = await loggedIn(t, 'gina', gina, prosody.wsUrl);
    const h = await loggedIn(t, 'hank', hank, prosody.wsUrl);
    const gChat = await g.main.openChat(hank.jid);
    const styled = '*bold* _it_ ~gone~ `a_b` see https://example.org/a_b, not javascript:alert(1)';
    await gChat.send(styled);
    const hChat = await h.main.openChat(gina.jid);
    await hChat.expectMessage(styled, 'in');
    assert.deepEqual(await hChat.styling(styled), {
      strong: ['bold'],
      em: ['it'],
      strike: ['gone'],
      code: ['a_b'],
      links: [{ text: 'https://example.org/a_b', href: 'https://example.org/a_b', rel: 'noopener noreferrer nofollow', target: '_blank' }],
    });

    await gChat.send('/me waves');
    await hChat.expectMessage(`* ${gina.jid} waves`, 'in');
    await gChat.expectMessage(`* ${gina.jid} waves`, 'out');

    const separators = await hChat.daySeparators();
    assert.equal(separators.length, 1, `one day separator: ${JSON.stringify(separators)}`);
    assert.equal(separators[0].role, 'separator');
    assert.match(separators[0].text, /\d/, 'the separator names a date');
    assert.deepEqual(h.user.pageErrors, []);
  }));
});
