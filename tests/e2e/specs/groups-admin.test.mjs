// Running a group on a real server (Prosody): bob finds a public channel in the room browser
// and joins it, alice and bob message each other privately from the occupant list, alice takes
// bob's voice and removes him with a reason, and edits the member list by address.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { expectValue } from '../pages/expect.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';

const report = new FailureReport();

async function loggedIn(suite, t, name, account) {
  const { user, main } = await suite.jibber(t, name, account);
  return { user, main, groups: new GroupsPanel(user.page) };
}

describe(onServer('running a group'), () => {
  const suite = suiteWithBrowser(report);

  it('browse and join a channel, private messages, voice, kick, and the member list', report.wrap(async (t) => {
    const [alice, bob, carol] = await suite.server.createAccounts(['alice', 'bob', 'carol']);
    // Nicks default to the account's local part.
    const [aliceNick, bobNick] = [alice, bob].map((account) => account.jid.split('@')[0]);
    const a = await loggedIn(suite, t, 'alice', alice);
    const lobby = await a.groups.create('Lobby', { kind: 'public' });

    const b = await loggedIn(suite, t, 'bob', bob);
    const listed = await b.groups.browse('lob', lobby.jid);
    assert.match(await listed.innerText(), /Lobby/);
    await expectValue(async () => (await listed.getByTestId('room-browser-occupants').innerText()).trim(), '1 in it',
      { what: 'the occupant count of the listed channel' });
    const bobLobby = await b.groups.joinFromBrowser(listed, lobby.jid);
    await expectValue(() => lobby.occupantCount(), 2, { what: 'people in the lobby' });

    // Private messages: their own chat, titled after the nick and the group, plaintext.
    const toBob = await lobby.messagePrivately(bobNick);
    assert.equal(await toBob.view.getByTestId('chat-title').innerText(), `${bobNick} (in Lobby)`);
    await toBob.view.getByTestId('private-chat-note').waitFor({ state: 'visible' });
    assert.equal(await toBob.view.getByTestId('encryption-toggle').count(), 0, 'no OMEMO toggle for a private message');
    await toBob.send('psst, bob');
    await toBob.expectMessage('psst, bob', 'out', { state: 'sent' });
    const fromAlice = await b.groups.openPrivate(lobby.jid, aliceNick);
    await fromAlice.expectMessage('psst, bob', 'in');
    await fromAlice.send('hi alice');
    await toBob.expectMessage('hi alice', 'in');

    // Voice and kick, from alice's occupant list.
    const aliceLobby = await a.groups.open(lobby.jid);
    await aliceLobby.manage(bobNick, 'occupant-revoke-voice');
    await expectValue(() => aliceLobby.occupantRole(bobNick), 'visitor', { what: "bob's role" });
    await b.groups.open(lobby.jid);
    await bobLobby.cannotWrite.waitFor({ state: 'visible' });
    await aliceLobby.manage(bobNick, 'occupant-kick', { reason: 'enough for today' });
    await expectValue(() => aliceLobby.occupantRole(bobNick), 'gone', { what: 'bob in the occupant list' });
    await expectValue(() => bobLobby.status(), 'not-joined', { what: "bob's status in the lobby" });
    assert.match(await bobLobby.cannotWrite.innerText(), /removed from the group: enough for today/);

    // The member list, edited by address (carol is not in the room).
    await aliceLobby.addMember(carol.jid, 'member');
    await expectValue(() => aliceLobby.memberAffiliation(carol.jid), 'member', { what: "carol's affiliation" });
    await expectValue(() => aliceLobby.memberAffiliation(alice.jid), 'owner', { what: "alice's affiliation" });
    await aliceLobby.view.locator(`[data-testid=member-item][data-jid="${carol.jid}"]`).getByTestId('member-remove').click();
    await expectValue(() => aliceLobby.memberAffiliation(carol.jid), null, { what: 'carol removed from the list' });
  }));
});
