// Groups on a real server (the private group journey on both): alice creates a private group and invites bob while he is offline;
// bob finds the invitation in his inbox, accepts, and they chat (plaintext for now). A public
// channel where only owners write shows carol "you can't write here". After a reload the
// stored groups are joined again, and a new device finds them through the bookmarks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { coreServers, onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { expectValue } from '../pages/expect.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';

const report = new FailureReport();

/** Opens a browser user logged in as `account`, with the groups panel at hand. */
async function loggedIn(suite, t, name, account) {
  const { user, main } = await suite.jibber(t, name, account);
  return { user, main, groups: new GroupsPanel(user.page) };
}

for (const [serverName, startServer] of coreServers) describe(`private groups on ${serverName}`, () => {
  const suite = suiteWithBrowser(report, { startServer });

  it('a private group: bob, invited while offline, accepts from the inbox and they chat; bookmarks bring it back after a reload', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await loggedIn(suite, t, 'alice', alice);
    const team = await a.groups.create('Team');
    await team.invite(bob.jid);
    await team.send('Welcome to the team');
    await team.expectMessage('Welcome to the team', 'out', { state: 'sent' });

    const b = await loggedIn(suite, t, 'bob', bob);
    await expectValue(() => b.groups.invitationCount(), 1, { what: "bob's invitations badge" });
    const bobTeam = await b.groups.accept(team.jid);
    assert.equal(await b.groups.invitationCount(), 0, 'the accepted invitation leaves the inbox');
    await bobTeam.expectMessage('Welcome to the team', 'in');
    await bobTeam.send('Thanks, alice!');
    await team.expectMessage('Thanks, alice!', 'in');
    await waitUntil(async () => (await team.occupantCount()) === 2, { describe: () => 'two people in the group' });

    await b.main.reload();
    await b.main.waitForStatus('online');
    const again = await b.groups.open(team.jid);
    await again.expectJoined();
    await again.expectMessage('Thanks, alice!', 'out');
    await again.send('Back after a reload');
    await team.expectMessage('Back after a reload', 'in');

    // A new device of alice's knows the group only from her bookmarks, its history from the
    // group's archive.
    const laptop = await loggedIn(suite, t, 'alice-laptop', alice);
    const onLaptop = await laptop.groups.open(team.jid);
    await onLaptop.expectJoined();
    await onLaptop.expectMessage('Welcome to the team', 'out');
    await onLaptop.expectMessage('Back after a reload', 'in');
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
