// Groups on a real server (the private group journey on both): alice creates a private group and invites bob while he is
// offline; bob finds the invitation in his inbox, accepts, and they chat end-to-end encrypted (OMEMO)
// with the python OMEMO peer as a third member: it decrypts alice's message and alice and bob decrypt
// its message; the room's archive holds no plaintext body. carol, a member who never used an OMEMO
// client, is listed under "who can't read this" and sending then asks first; switching encryption off
// asks too. A public channel where only owners write shows carol "you can't write here". After a
// reload the stored groups are joined again, and a new device finds them through the bookmarks.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { startPeer } from '../harness/peer.mjs';
import { coreServers, onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { expectValue } from '../pages/expect.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';

const report = new FailureReport();
const PEER_TIMEOUT_MS = 30_000;

/** Opens a browser user logged in as `account`, with the groups panel at hand. */
async function loggedIn(suite, t, name, account) {
  const { user, main } = await suite.jibber(t, name, account);
  return { user, main, groups: new GroupsPanel(user.page) };
}

/** A message text with a random token, so finding it in a stanza cannot be chance. */
const secret = (label) => `${label} ${randomBytes(6).toString('hex')}`;

/** Joins `room` as the peer once the membership granted by the invitation is in place. */
async function peerJoins(peer, room, nick) {
  return waitUntil(async () => {
    try {
      return await peer.joinRoom(room, nick);
    } catch {
      return undefined; // Not a member yet: the invitation's membership grant is on its way.
    }
  }, { timeoutMs: PEER_TIMEOUT_MS, describe: () => `${nick} joined ${room}` });
}

for (const [serverName, startServer] of coreServers) describe(`private groups on ${serverName}`, () => {
  const suite = suiteWithBrowser(report, { startServer });

  it('a private group: bob, invited while offline, accepts and they chat encrypted with a python OMEMO member; who cannot read is listed; bookmarks bring it back', report.wrap(async (t) => {
    const [alice, bob, carol, py] = await suite.server.createAccounts(['alice', 'bob', 'carol', 'py']);
    const a = await loggedIn(suite, t, 'alice', alice);
    const team = await a.groups.create('Team');
    await team.invite(bob.jid);

    const b = await loggedIn(suite, t, 'bob', bob);
    await expectValue(() => b.groups.invitationCount(), 1, { what: "bob's invitations badge" });
    const bobTeam = await b.groups.accept(team.jid);
    assert.equal(await b.groups.invitationCount(), 0, 'the accepted invitation leaves the inbox');
    await waitUntil(async () => (await team.occupantCount()) === 2, { describe: () => 'two people in the group' });
    assert.equal(await team.encryptionOn(), true, 'a private group is encrypted by default');
    assert.match(await team.view.getByTestId('group-encryption-note').innerText(), /end-to-end encrypted/);

    const welcome = secret('Welcome to the team');
    await team.send(welcome);
    await team.expectEncrypted(welcome, 'out');
    await team.expectMessage(welcome, 'out', { state: 'sent' });
    await bobTeam.expectEncrypted(welcome, 'in');
    const thanks = secret('Thanks, alice!');
    await bobTeam.send(thanks);
    await team.expectEncrypted(thanks, 'in');

    // The python OMEMO peer becomes the third member (invited: made a member first).
    const peer = report.add(await startPeer({ ...py, prosody: suite.server, omemo: true }));
    t.after(() => peer.stop());
    await team.invite(py.jid);
    await peerJoins(peer, team.jid, 'py');
    await waitUntil(async () => (await team.occupantCount()) === 3, { describe: () => 'three people in the group' });
    const forAll = secret('Hello everyone');
    await team.send(forAll);
    await team.expectEncrypted(forAll, 'out');
    const atPeer = await peer.waitForMessage((m) => m.room === team.jid && m.body === forAll, PEER_TIMEOUT_MS);
    assert.equal(atPeer.from, alice.jid, 'the peer found alice behind her nick');
    assert.equal(atPeer.encrypted, true);
    await bobTeam.expectEncrypted(forAll, 'in');
    const fromPeer = secret('Hi from python');
    await peer.sendOmemoGroup(team.jid, fromPeer);
    await team.expectEncrypted(fromPeer, 'in');
    await bobTeam.expectEncrypted(fromPeer, 'in');
    // Clients without OMEMO 2 send legacy OMEMO to groups too.
    const legacy = secret('Legacy hello');
    await peer.sendOmemoGroup(team.jid, legacy, { version: 'legacy' });
    await team.expectEncrypted(legacy, 'in');
    await bobTeam.expectEncrypted(legacy, 'in');

    // carol is a member who never used an OMEMO client: she is listed, and sending asks first.
    await team.invite(carol.jid);
    const unreadable = await waitUntil(async () => {
      const listed = await team.unreadableMembers();
      return listed.some((m) => m.jid === carol.jid) ? listed : undefined;
    }, { describe: () => 'carol under "who can\'t read this"' });
    assert.deepEqual(unreadable.map((m) => [m.jid, m.status]), [[carol.jid, 'no-devices']]);
    assert.match(unreadable[0].text, /ask them to open Jibber or another client with OMEMO/);
    const notForCarol = secret('Carol cannot read this');
    const question = await team.sendDespiteUnreadable(notForCarol);
    assert.match(question, new RegExp(`${carol.jid}.*can't read`));
    await team.expectEncrypted(notForCarol, 'out');
    await bobTeam.expectEncrypted(notForCarol, 'in');
    await peer.waitForMessage((m) => m.room === team.jid && m.body === notForCarol, PEER_TIMEOUT_MS);

    // Switching encryption off asks first; keeping it changes nothing.
    await team.view.getByTestId('group-encryption-toggle').click();
    await team.view.getByTestId('group-plaintext-confirm').waitFor({ state: 'visible' });
    await team.view.getByTestId('group-plaintext-confirm-no').click();
    assert.equal(await team.encryptionOn(), true, 'still encrypted');

    // What went over the wire: the room's archive has ciphertext and only the fallback hint.
    const archived = await peer.roomMam(team.jid);
    const texts = [welcome, thanks, forAll, fromPeer, legacy, notForCarol];
    assert.ok(archived.length >= texts.length, `${archived.length} archived stanzas`);
    for (const stanza of archived) {
      for (const text of texts) assert.ok(!stanza.includes(text.split(' ').at(-1)), `plaintext in the archive: ${stanza}`);
      assert.match(stanza, /<encrypted xmlns="(urn:xmpp:omemo:2|eu\.siacs\.conversations\.axolotl)">/);
    }

    await b.main.reload();
    await b.main.waitForStatus('online');
    const again = await b.groups.open(team.jid);
    await again.expectJoined();
    await again.expectEncrypted(thanks, 'out');
    const back = secret('Back after a reload');
    await again.sendDespiteUnreadable(back);
    await team.expectEncrypted(back, 'in');

    // A new device of alice's knows the group only from her bookmarks; what was encrypted before
    // it existed is in the group's archive but says why it cannot be read here.
    const laptop = await loggedIn(suite, t, 'alice-laptop', alice);
    const onLaptop = await laptop.groups.open(team.jid);
    await onLaptop.expectJoined();
    const history = await waitUntil(async () => {
      const shown = await onLaptop.messages();
      return shown.length >= texts.length ? shown : undefined;
    }, { describe: () => 'the group history on the new device' });
    assert.ok(history.every((m) => m.encryption === 'undecryptable' && m.unreadable && m.body === ''), JSON.stringify(history));
  }));
});

describe(onServer('public channels'), () => {
  const suite = suiteWithBrowser(report);

  it('a public channel where only owners write: carol sees why she cannot write', report.wrap(async (t) => {
    const [alice, carol] = await suite.server.createAccounts(['alice', 'carol']);
    const a = await loggedIn(suite, t, 'alice', alice);
    const news = await a.groups.create('News', { kind: 'public', ownersOnly: true });
    await news.send('First announcement');
    await news.expectMessage('First announcement', 'out', { state: 'sent' });

    const c = await loggedIn(suite, t, 'carol', carol);
    const carolNews = await c.groups.join(news.jid);
    await carolNews.expectJoined();
    await carolNews.expectMessage('First announcement', 'in');
    await carolNews.cannotWrite.waitFor({ state: 'visible' });
    assert.match(await carolNews.cannotWrite.innerText(), /can't write here/);
    assert.equal(await carolNews.composer.count(), 0, 'no composer for a visitor');
    assert.match(await carolNews.view.getByTestId('group-encryption-note').innerText(), /unavailable/);
  }));
});
