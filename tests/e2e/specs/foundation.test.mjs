// The first user journeys, in Chromium against the built app (dist/), a real server (Prosody,
// then ejabberd) and a python test peer: log in, chat both ways, reload, wrong password, a
// broken server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { foreignRequests, launchBrowser } from '../harness/browser.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { scripts, startFakeWs } from '../harness/fake-ws.mjs';
import { startPeer } from '../harness/peer.mjs';
import { watchSaslMechanisms } from '../harness/sasl.mjs';
import { coreServers } from '../harness/servers.mjs';
import { startWeb } from '../harness/web.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const report = new FailureReport();
// The strongest mechanism each server offers: Prosody 0.12 has no SCRAM-SHA-256.
const STRONGEST_SCRAM = { prosody: 'SCRAM-SHA-1', ejabberd: 'SCRAM-SHA-256' };

for (const [serverName, startServer] of coreServers) describe(`foundation on ${serverName}`, () => {
  let server;
  let web;
  let browser;

  before(async () => {
    server = report.add(await startServer());
    web = await startWeb({ prosody: server });
    browser = report.add(await launchBrowser());
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
  });

  /** A fresh browser context logged in as `account`, waited until online. */
  async function loggedIn(t, name, account, url = web.url) {
    const user = await browser.newUser(name);
    t.after(() => user.close());
    const mechanisms = watchSaslMechanisms(user.page);
    await new LoginPage(user.page).goto(url).then((login) => login.login(account.jid, account.password));
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    await main.expectOwnJid(account.jid);
    return { user, main, mechanisms };
  }

  function assertNoPageErrors(user) {
    assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }

  it('alice and bob chat both ways; after a reload alice sees the history and is online again', report.wrap(async (t) => {
    const [alice, bob] = await server.createAccounts(['alice', 'bob']);
    const a = await loggedIn(t, 'alice', alice);
    const b = await loggedIn(t, 'bob', bob);

    const hello = 'Hi Bob, this is Alice 👋';
    const aliceChat = await a.main.openChat(bob.jid);
    await aliceChat.send(hello);
    await aliceChat.expectMessage(hello, 'out');

    await b.main.expectConversation(alice.jid);
    const bobChat = await b.main.openChat(alice.jid);
    await bobChat.expectMessage(hello, 'in');
    const reply = 'Hello Alice! <b>not bold</b> & fine';
    await bobChat.send(reply, { via: 'enter' });
    await bobChat.expectMessage(reply, 'out');
    await aliceChat.expectMessage(reply, 'in');

    const sentAfterReload = [];
    a.user.page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => sentAfterReload.push(String(payload))));
    await a.main.reload();
    assert.equal(await new LoginPage(a.user.page).view.count(), 0, 'the login form is shown after a reload');
    await a.main.waitForStatus('online');
    // The tab kept its stream's resumption (sessionStorage): the reload resumes it.
    assert.ok(sentAfterReload.some((frame) => frame.startsWith('<resume ')), `the reload resumes the stream: ${sentAfterReload.slice(0, 8)}`);
    assert.ok(!sentAfterReload.some((frame) => frame.includes('urn:ietf:params:xml:ns:xmpp-bind')), 'no new resource is bound');
    // The password login and the reload's login with the stored keys both use the strongest.
    assert.deepEqual(a.mechanisms, [STRONGEST_SCRAM[serverName], STRONGEST_SCRAM[serverName]]);
    const again = await a.main.openChat(bob.jid);
    await again.expectMessage(hello, 'out');
    await again.expectMessage(reply, 'in');

    const ownOrigins = [web.origin, server.wsUrl, server.httpUrl];
    for (const { user } of [a, b]) {
      assertNoPageErrors(user);
      assert.deepEqual(foreignRequests(user.requests, ownOrigins), [], `${user.name} contacted a third party`);
    }
  }));

  it('shows the login error for a wrong password and keeps the form usable', report.wrap(async (t) => {
    const [carol] = await server.createAccounts(['carol']);
    const user = await browser.newUser('carol');
    t.after(() => user.close());
    const login = await new LoginPage(user.page).goto(web.url);
    await login.login(carol.jid, `${carol.password}-wrong`);
    await login.expectError(/password/i);
    await login.expectUsable();
    assertNoPageErrors(user);
  }));

  for (const [name, script] of [
    ['malformed XML after a valid <open/>', scripts.malformedAfterOpen()],
    ['a DOCTYPE', scripts.doctype()],
  ]) {
    it(`survives ${name} from the server: shows an error, then logs in with the same form`, report.wrap(async (t) => {
      const fake = report.add(await startFakeWs({ script }));
      const fakeWeb = await startWeb({ prosody: server, extraConnectSrc: [new URL(fake.url).origin] });
      t.after(async () => {
        report.remove(fake);
        await fakeWeb.stop();
        await fake.close();
      });
      const [dave] = await server.createAccounts(['dave']);
      const user = await browser.newUser('dave');
      t.after(() => user.close());

      const login = await new LoginPage(user.page).goto(fakeWeb.url);
      await login.login(dave.jid, dave.password, fake.url);
      const error = await login.expectError(/understand|malformed|invalid/i);
      assert.ok(error.length > 0);
      assert.equal(fake.connections[0]?.protocol, 'xmpp', 'the client did not ask for the xmpp subprotocol');
      await login.expectUsable();

      await login.login(dave.jid, dave.password, server.wsUrl);
      const main = new MainPage(user.page);
      await main.waitForStatus('online');
      await main.expectOwnJid(dave.jid);
      assertNoPageErrors(user);
    }));
  }

  it('receives a message from the python peer and the reply reaches the peer', report.wrap(async (t) => {
    const [erin, peerAccount] = await server.createAccounts(['erin', 'peer']);
    const peer = report.add(await startPeer({ ...peerAccount, prosody: server }));
    t.after(async () => {
      report.remove(peer);
      await peer.stop();
    });
    const e = await loggedIn(t, 'erin', erin);

    const greeting = 'Hello Erin, from the python peer';
    await peer.send(erin.jid, greeting);
    await e.main.expectConversation(peerAccount.jid);
    const chat = await e.main.openChat(peerAccount.jid);
    await chat.expectMessage(greeting, 'in');

    const reply = 'Hello python peer, Erin here';
    await chat.send(reply);
    const received = await peer.waitForMessage((m) => m.from === erin.jid && m.body === reply, 15_000);
    assert.equal(received.body, reply);
    assertNoPageErrors(e.user);
  }));
});
