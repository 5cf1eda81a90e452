// Why a group will not let someone in, on a real server (Prosody): carol tries to join alice's
// private group without an invitation and is told it is for members only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { expectValue } from '../pages/expect.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';

const report = new FailureReport();

describe(onServer('group refusals'), () => {
  const suite = suiteWithBrowser(report);

  it('joining a private group uninvited says it is for members only', report.wrap(async (t) => {
    const [alice, carol] = await suite.server.createAccounts(['alice', 'carol']);
    const { user: aliceUser } = await suite.jibber(t, 'alice', alice);
    const team = await new GroupsPanel(aliceUser.page).create('Team', { kind: 'private' });

    const { user: carolUser } = await suite.jibber(t, 'carol', carol);
    const carolTeam = await new GroupsPanel(carolUser.page).join(team.jid);
    await expectValue(() => carolTeam.status(), 'not-joined', { what: "carol's status in alice's group" });
    await carolTeam.cannotWrite.waitFor({ state: 'visible' });
    assert.match(await carolTeam.cannotWrite.innerText(), /members only/);
    await expectValue(() => team.occupantCount(), 1, { what: 'people in the group (carol is not)' });
  }));
});
