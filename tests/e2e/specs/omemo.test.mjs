// OMEMO end to end, a core journey run on Prosody and on ejabberd: Jibber talks to a python-omemo
// peer in legacy OMEMO and in OMEMO 2 (a reply's quote reaching it encrypted), to another Jibber
// user across a reload, and reads its own carbons on a second device; the server's archive only
// ever holds ciphertext.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { startPeer } from '../harness/peer.mjs';
import { coreServers } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';

const LEGACY = 'eu.siacs.conversations.axolotl';
const OMEMO2 = 'urn:xmpp:omemo:2';
const TIMEOUT_MS = 30_000;

const report = new FailureReport();

/** A message text whose random token cannot appear in a stanza by chance. */
const secret = (label) => `${label} ${randomBytes(6).toString('hex')}`;

for (const [serverName, startServer] of coreServers) describe(`OMEMO on ${serverName}`, () => {
  // Registered first, so the peers leave before the server stops.
  const peers = new Set();
  after(async () => {
    await Promise.all([...peers].map((peer) => peer.stop()));
  });
  const suite = suiteWithBrowser(report, { startServer });

  async function peer(account, options = {}) {
    const started = report.add(await startPeer({ ...account, prosody: suite.server, ...options }));
    peers.add(started);
    return started;
  }

  async function stopPeer(started) {
    peers.delete(started);
    report.remove(started);
    await started.stop();
  }

  /** The archive of `account` with `withJid`, read by a plain client of that account. */
  async function archiveOf(account, withJid) {
    const archivist = await peer({ ...account, jid: `${account.jid}/archivist` });
    try {
      return (await archivist.mam(withJid)).join('\n');
    } finally {
      await stopPeer(archivist);
    }
  }

  /** Waits until `observer` (a peer) sees `jid`'s published OMEMO device. */
  async function waitForDevice(observer, jid) {
    return waitUntil(async () => (await observer.devices(jid)).length > 0, { timeoutMs: TIMEOUT_MS, describe: () => `${jid}'s OMEMO device` });
  }

  for (const [version, namespace, legacyOnly, send] of [
    ['legacy OMEMO', LEGACY, true, 'sendOmemo'],
    ['OMEMO 2', OMEMO2, false, 'sendOmemo2'],
  ]) {
    it(`talks ${version} with a python-omemo peer both ways; the archive holds no plaintext`, report.wrap(async (t) => {
      const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
      const a = await suite.jibber(t, 'alice', alice);
      const bobPeer = await peer(bob, { omemo: true, legacyOnly });
      await waitForDevice(bobPeer, alice.jid);

      const question = secret('from the peer');
      await bobPeer[send](alice.jid, question);
      const chat = await a.main.openChat(bob.jid);
      await chat.expectEncrypted(question, 'in', { timeoutMs: TIMEOUT_MS });
      assert.equal(await chat.encrypted(), true, 'the padlock is on: the peer has OMEMO devices');

      const answer = secret('from Jibber');
      await chat.send(answer);
      await chat.expectEncrypted(answer, 'out', { timeoutMs: TIMEOUT_MS });
      const received = await bobPeer.waitForMessage((m) => m.body === answer, TIMEOUT_MS);
      assert.equal(received.encrypted, true);
      assert.equal(received.namespace, namespace, `Jibber picks ${version} for this peer`);
      assert.ok(!received.stanza.includes(answer.split(' ').at(-1)), 'no plaintext in the stanza');

      // A reply: the peer (no XEP-0461 here) reads the quote as the body's "> " fallback, and
      // neither the quote nor what it answers travels in the clear.
      const original = chat.messageList.getByTestId('message').filter({ hasText: question });
      await original.getByTestId('message-actions').click();
      await original.getByTestId('message-reply-action').click();
      const replyText = secret('a reply');
      await chat.composer.fill(replyText);
      await chat.composer.press('Enter');
      const replied = await bobPeer.waitForMessage((m) => m.body?.endsWith(replyText), TIMEOUT_MS);
      assert.equal(replied.body, `> ${question}\n${replyText}`);
      assert.equal(replied.namespace, namespace);
      assert.ok(!replied.stanza.includes('urn:xmpp:reply:0'), 'the reply element is not in the clear');
      assert.ok(!replied.stanza.includes(question.split(' ').at(-1)), 'nor is the quote');

      const keys = await chat.keys();
      assert.match(keys.own ?? '', /^[0-9a-f]{64}$/);
      assert.deepEqual(keys.devices.filter((d) => d.id === bobPeer.device.device_id).map((d) => [d.fingerprint, d.trust]), [[bobPeer.device.fingerprint, 'trusted']]);

      const archive = await archiveOf(bob, alice.jid);
      assert.ok(archive.includes(namespace), 'the archive holds the encrypted messages');
      for (const text of [question, answer]) assert.ok(!archive.includes(text.split(' ').at(-1)), `"${text}" in the clear in the archive`);
      assert.deepEqual(a.user.pageErrors, []);
    }));
  }

  it('two Jibber users talk encrypted across a reload, and a second device reads its carbons', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await suite.jibber(t, 'alice', alice);
    const b = await suite.jibber(t, 'bob', bob);
    const aChat = await a.main.openChat(bob.jid);
    const hello = secret('hello bob');
    await aChat.send(hello);
    await aChat.expectEncrypted(hello, 'out', { timeoutMs: TIMEOUT_MS });
    const bChat = await b.main.openChat(alice.jid);
    await bChat.expectEncrypted(hello, 'in', { timeoutMs: TIMEOUT_MS });
    const reply = secret('hi alice');
    await bChat.send(reply);
    await aChat.expectEncrypted(reply, 'in', { timeoutMs: TIMEOUT_MS });

    // Bob reloads: the sessions come back from IndexedDB and go on.
    await b.main.reload();
    await b.main.waitForStatus('online');
    const bAgain = await b.main.openChat(alice.jid);
    const afterReload = secret('after the reload');
    await aChat.send(afterReload);
    await bAgain.expectEncrypted(afterReload, 'in', { timeoutMs: TIMEOUT_MS });
    const stillHere = secret('still here');
    await bAgain.send(stillHere);
    await aChat.expectEncrypted(stillHere, 'in', { timeoutMs: TIMEOUT_MS });

    // Alice's laptop: once her phone knows its key, her messages are encrypted for it too.
    const laptop = await suite.jibber(t, 'alice-laptop', alice);
    const laptopChat = await laptop.main.openChat(bob.jid);
    const laptopId = (await laptopChat.keys()).ownId;
    await waitUntil(async () => (await aChat.keys()).devices.some((d) => d.id === laptopId), {
      timeoutMs: TIMEOUT_MS,
      describe: () => "the laptop's device on alice's phone",
    });
    const toAll = secret('for all my devices');
    await aChat.send(toAll);
    await laptopChat.expectEncrypted(toAll, 'out', { timeoutMs: TIMEOUT_MS });
    await bAgain.expectEncrypted(toAll, 'in', { timeoutMs: TIMEOUT_MS });
    // A newcomer reads both of alice's bundles from her OMEMO 2 bundles node (one item per device)
    // and reaches both devices.
    const [carol] = await suite.server.createAccounts(['carol']);
    const carolPeer = await peer(carol, { omemo: true });
    const both = secret('to both of your devices');
    const sent = await carolPeer.sendOmemo2(alice.jid, both);
    assert.deepEqual(sent.errors, []);
    for (const device of [a, laptop]) {
      const fromCarol = await device.main.openChat(carol.jid);
      await fromCarol.expectEncrypted(both, 'in', { timeoutMs: TIMEOUT_MS });
    }
    // What the laptop cannot read (sent before it existed) is explained, never shown as the fallback.
    const older = (await laptopChat.messages()).filter((m) => m.encryption === 'undecryptable');
    for (const message of older) assert.match(message.unreadable, /before this device existed|not encrypted for this device/);

    const archive = await archiveOf(bob, alice.jid);
    for (const text of [hello, reply, afterReload, stillHere, toAll]) {
      assert.ok(!archive.includes(text.split(' ').at(-1)), `"${text}" in the clear in the archive`);
    }
    for (const { user } of [a, b, laptop]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));
});
