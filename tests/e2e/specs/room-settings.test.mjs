// An owner's room settings on a real server (Prosody): alice opens her channel's settings (the
// server's own form, drawn by field type), renames it, describes it and toggles a setting;
// bob, in the channel, sees the new name; opening the settings again shows the saved values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { expectValue } from '../pages/expect.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';

const report = new FailureReport();
const NAME = 'muc#roomconfig_roomname';
const DESCRIPTION = 'muc#roomconfig_roomdesc';
const CHANGE_SUBJECT = 'muc#roomconfig_changesubject';

async function loggedIn(suite, t, name, account) {
  const { user } = await suite.jibber(t, name, account);
  return { user, groups: new GroupsPanel(user.page) };
}

describe(onServer('room settings'), () => {
  const suite = suiteWithBrowser(report);

  it('an owner edits the server form; occupants see the new name; the values stay', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await loggedIn(suite, t, 'alice', alice);
    const plaza = await a.groups.create('Plaza', { kind: 'public' });
    const b = await loggedIn(suite, t, 'bob', bob);
    const bobPlaza = await b.groups.join(plaza.jid);
    await bobPlaza.expectJoined();
    assert.equal(await bobPlaza.view.getByTestId('room-config-open').count(), 0, 'only owners see the settings');

    await plaza.openSettings();
    const name = plaza.settingsField(NAME);
    await name.waitFor({ state: 'visible' });
    assert.equal(await name.getAttribute('data-type'), 'text-single');
    assert.equal(await plaza.settingsField('FORM_TYPE').count(), 0, 'hidden fields are not shown');
    assert.equal(await name.locator('input').inputValue(), 'Plaza');
    const toggle = plaza.settingsField(CHANGE_SUBJECT);
    assert.equal(await toggle.getAttribute('data-type'), 'boolean');
    const wasOn = await toggle.locator('input[type=checkbox]').isChecked();

    await name.locator('input').fill('Piazza <b>grande</b>');
    await plaza.settingsField(DESCRIPTION).locator('input, textarea').fill('Where everyone meets');
    await toggle.locator('input[type=checkbox]').setChecked(!wasOn);
    await plaza.saveSettings();

    const bobTitle = bobPlaza.view.getByTestId('chat-title');
    await expectValue(async () => (await bobTitle.innerText()).includes('Piazza <b>grande</b>'), true,
      { what: "the channel's new name on bob's side" });
    // The conversation list follows without a reload.
    const bobItem = b.user.page.locator(`[data-testid=conversation-item][data-jid="${plaza.jid}"] .title`);
    await expectValue(() => bobItem.innerText(), 'Piazza <b>grande</b>', { what: "the channel's name in bob's conversation list" });

    await plaza.openSettings();
    await plaza.settingsField(NAME).waitFor({ state: 'visible' });
    assert.equal(await plaza.settingsField(NAME).locator('input').inputValue(), 'Piazza <b>grande</b>');
    assert.equal(await plaza.settingsField(DESCRIPTION).locator('input, textarea').inputValue(), 'Where everyone meets');
    assert.equal(await plaza.settingsField(CHANGE_SUBJECT).locator('input[type=checkbox]').isChecked(), !wasOn);
    await plaza.view.getByTestId('room-config-cancel').click();
    await plaza.view.getByTestId('room-config-form').waitFor({ state: 'detached' });
  }));
});
