// Dialogs by keyboard only: the new-group, invite, member-list and room-browser dialogs take the
// focus when opened, keep Tab and Shift+Tab inside, close on Escape and give the focus back to
// the button that opened them; a group is created and someone invited without the mouse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { expectValue } from '../pages/expect.mjs';
import { GroupChat } from '../pages/groups-panel.mjs';

const report = new FailureReport();

/** The test id of the focused element and of the dialog it is in (if any). */
function focus(page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    return { id: active?.dataset.testid ?? active?.id ?? active?.tagName, dialog: active?.closest('[role=dialog]')?.dataset.testid ?? null };
  });
}

describe(onServer('dialog focus'), () => {
  const suite = suiteWithBrowser(report);

  /**
   * Opens `dialog` from `opener` with Enter and checks the focus lands inside, on `first` (or on
   * any of its controls when its content depends on the server).
   */
  async function openWithKeyboard(page, opener, dialog, first) {
    await page.getByTestId(opener).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId(dialog).waitFor({ state: 'visible' });
    if (first) await expectValue(async () => (await focus(page)).id, first, { what: `the focus in ${dialog}` });
    else await expectValue(async () => (await focus(page)).dialog, dialog, { what: `the focus in ${dialog}` });
  }

  /** Tabs forwards and backwards more times than the dialog has controls: focus never leaves it. */
  async function assertTrapped(page, dialog) {
    const controls = await page.getByTestId(dialog).evaluate((node) => node.querySelectorAll('button, input, select, textarea, a[href]').length);
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < controls + 2; i += 1) {
        await page.keyboard.press(key);
        assert.equal((await focus(page)).dialog, dialog, `${key} ${i + 1} left ${dialog}`);
      }
    }
  }

  async function closeWithEscape(page, opener, dialog) {
    await page.keyboard.press('Escape');
    await page.getByTestId(dialog).waitFor({ state: 'detached' });
    await expectValue(async () => (await focus(page)).id, opener, { what: `the focus back on ${opener}` });
  }

  it('new group, invite, members and the room browser: focus in, Tab trapped, Escape out, focus back', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const { user, main } = await suite.jibber(t, 'alice', alice);
    const { page } = user;

    await openWithKeyboard(page, 'new-group-open', 'new-group-dialog', 'new-group-name');
    await assertTrapped(page, 'new-group-dialog');
    await closeWithEscape(page, 'new-group-open', 'new-group-dialog');

    // Created by keyboard: type the name, Enter submits the form.
    await openWithKeyboard(page, 'new-group-open', 'new-group-dialog', 'new-group-name');
    await page.keyboard.type('Keyboard club');
    await page.keyboard.press('Enter');
    await page.getByTestId('new-group-dialog').waitFor({ state: 'detached' });
    const room = await page.getByTestId('chat-view').getAttribute('data-jid');
    const group = new GroupChat(page, room);
    await group.expectJoined();

    await openWithKeyboard(page, 'invite-open', 'invite-dialog', 'invite-jid');
    await assertTrapped(page, 'invite-dialog');
    await closeWithEscape(page, 'invite-open', 'invite-dialog');
    await openWithKeyboard(page, 'invite-open', 'invite-dialog', 'invite-jid');
    await page.keyboard.type(bob.jid);
    await page.keyboard.press('Enter');
    await page.getByTestId('invite-dialog').waitFor({ state: 'detached' });

    await openWithKeyboard(page, 'member-list-open', 'member-list', null);
    await assertTrapped(page, 'member-list');
    await closeWithEscape(page, 'member-list-open', 'member-list');

    await openWithKeyboard(page, 'room-browser-open', 'room-browser', 'room-browser-search');
    await assertTrapped(page, 'room-browser');
    await closeWithEscape(page, 'room-browser-open', 'room-browser');
    assert.equal(await main.status(), 'online');
  }));
});
