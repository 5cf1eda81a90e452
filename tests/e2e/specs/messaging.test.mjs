// Messaging that never loses a message: a loopback proxy cuts alice's and bob's WebSockets
// again and again while both type; afterwards every message is shown exactly once, in order,
// on both sides, on alice's second device (carbons) and on a fresh third one (archive). The
// archive catch-up journey without the proxy is a core journey and runs on both servers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { coreServers, onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { suiteBehindProxy } from '../harness/proxied-suite.mjs';
import { sleep, waitUntil } from '../harness/wait.mjs';
import { expectValue } from '../pages/expect.mjs';

const report = new FailureReport();
const PER_SIDE = 50;
const SETTLE_MS = 60_000;
const MIN_DROPS = 5;

for (const [serverName, startServer] of coreServers) describe(`archive catch-up on ${serverName}`, () => {
  const suite = suiteWithBrowser(report, { startServer });

  it('a device logging in later shows the whole chat from the archive; carbons reach the other device', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await suite.jibber(t, 'alice', alice);
    const b = await suite.jibber(t, 'bob', bob);
    const a2 = await suite.jibber(t, 'alice-laptop', alice);
    const aChat = await a.main.openChat(bob.jid);
    const bChat = await b.main.openChat(alice.jid);
    const a2Chat = await a2.main.openChat(bob.jid);
    // A device that joins later may not read earlier OMEMO messages: this chat is unencrypted.
    await aChat.setEncrypted(false);
    await bChat.setEncrypted(false);
    const fromAlice = [];
    const fromBob = [];
    for (let i = 0; i < 6; i += 1) {
      fromAlice.push(`alice says ${i}`);
      await aChat.send(fromAlice.at(-1), { via: 'enter' });
      fromBob.push(`bob says ${i}`);
      await bChat.send(fromBob.at(-1), { via: 'enter' });
    }
    await aChat.expectExactly({ out: fromAlice, in: fromBob }, { state: ['delivered', 'read'] });
    await a2Chat.expectExactly({ out: fromAlice, in: fromBob });

    const a3 = await suite.jibber(t, 'alice-new-device', alice);
    await a3.main.expectConversation(bob.jid);
    const a3Chat = await a3.main.openChat(bob.jid);
    await a3Chat.loadAllOlder();
    await a3Chat.expectExactly({ out: fromAlice, in: fromBob });

    // After a reload the new device asks the archive only for what it has not seen yet.
    const late = 'sent while alice reloads';
    await a3.main.reload();
    await bChat.send(late);
    await a3.main.waitForStatus('online');
    const again = await a3.main.openChat(bob.jid);
    await again.expectExactly({ out: fromAlice, in: [...fromBob, late] });
    for (const { user } of [a, b, a2, a3]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));
});

describe(onServer('messaging'), () => {
  const suite = suiteBehindProxy(report);
  const loggedIn = (...args) => suite.loggedIn(...args);

  it('a flaky connection loses and doubles nothing; carbons and the archive show the same chat', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await loggedIn(t, 'alice', alice, suite.proxy.url);
    const b = await loggedIn(t, 'bob', bob, suite.proxy.url);
    const a2 = await loggedIn(t, 'alice-laptop', alice, suite.server.wsUrl);
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
        if (dropping) suite.proxy.dropAll();
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
      await waitUntil(() => suite.proxy.drops >= MIN_DROPS, { timeoutMs: SETTLE_MS, describe: () => `${MIN_DROPS} drops (${suite.proxy.drops} so far)` });
    } finally {
      dropping = false;
      await dropper;
    }

    // Both chats are open, so every message ends up delivered and then read.
    const confirmed = ['delivered', 'read'];
    await aChat.expectExactly({ out: fromAlice, in: fromBob }, { state: confirmed, timeoutMs: SETTLE_MS });
    await bChat.expectExactly({ out: fromBob, in: fromAlice }, { state: confirmed, timeoutMs: SETTLE_MS });
    await a2Chat.expectExactly({ out: fromAlice, in: fromBob }, { timeoutMs: SETTLE_MS });

    const a3 = await loggedIn(t, 'alice-new-device', alice, suite.server.wsUrl);
    await a3.main.expectConversation(bob.jid);
    const a3Chat = await a3.main.openChat(bob.jid);
    await a3Chat.loadAllOlder();
    await a3Chat.expectExactly({ out: fromAlice, in: fromBob }, { timeoutMs: SETTLE_MS });
    for (const { user } of [a, b, a2, a3]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));

  it('reading a chat on one device clears its unread count on the other; the sender sees it read and typing', report.wrap(async (t) => {
    const [carol, dave] = await suite.server.createAccounts(['carol', 'dave']);
    const phone = await loggedIn(t, 'carol-phone', carol, suite.server.wsUrl);
    const laptop = await loggedIn(t, 'carol-laptop', carol, suite.server.wsUrl);
    const d = await loggedIn(t, 'dave', dave, suite.server.wsUrl);
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
    const [erin, frank] = await suite.server.createAccounts(['erin', 'frank']);
    const e = await loggedIn(t, 'erin', erin, suite.server.wsUrl);
    const f = await loggedIn(t, 'frank', frank, suite.server.wsUrl);
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
    const [gina, hank] = await suite.server.createAccounts(['gina', 'hank']);
    const g = await loggedIn(t, 'gina', gina, suite.server.wsUrl);
    const h = await loggedIn(t, 'hank', hank, suite.server.wsUrl);
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
