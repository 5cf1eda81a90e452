// Changing messages after sending, between two Jibber users on a real server (encrypted chat):
// Up edits the last message and the correction replaces it on the other side, a reaction shows
// on the sender's message, a retraction removes the message for both; the same in a public
// channel, where they travel through the room.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';

const TIMEOUT_MS = 20_000;
const report = new FailureReport();

describe(onServer('message edits'), () => {
  const suite = suiteWithBrowser(report);

  /** The message whose text contains `text`, as a locator. */
  const message = (chat, text) => chat.messageList.getByTestId('message').filter({ hasText: text });

  it('corrects with Up, reacts and retracts; the other side follows', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await suite.jibber(t, 'alice', alice);
    const b = await suite.jibber(t, 'bob', bob);
    const aChat = await a.main.openChat(bob.jid);
    const bChat = await b.main.openChat(alice.jid);
    await aChat.send('see you at 5');
    await bChat.expectEncrypted('see you at 5', 'in', { timeoutMs: TIMEOUT_MS });

    await aChat.composer.press('ArrowUp');
    await a.user.page.getByTestId('editing').waitFor();
    assert.equal(await aChat.composer.inputValue(), 'see you at 5');
    await aChat.composer.fill('see you at 6');
    await aChat.composer.press('Enter');
    await bChat.expectEncrypted('see you at 6', 'in', { timeoutMs: TIMEOUT_MS });
    await message(bChat, 'see you at 6').getByTestId('message-edited').waitFor();
    await aChat.expectExactly({ out: ['see you at 6'] });
    await bChat.expectExactly({ in: ['see you at 6'] });

    await message(bChat, 'see you at 6').getByTestId('message-actions').click();
    await message(bChat, 'see you at 6').locator('[data-testid=react][data-emoji="👍"]').click();
    const chip = message(aChat, 'see you at 6').locator('[data-testid=reaction][data-emoji="👍"]');
    await chip.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await chip.getAttribute('data-count'), '1');
    assert.match(await chip.getAttribute('aria-label'), new RegExp(bob.jid.replace('.', '\\.')));

    await aChat.send('wrong chat, sorry');
    await bChat.expectEncrypted('wrong chat, sorry', 'in', { timeoutMs: TIMEOUT_MS });
    const mistake = message(aChat, 'wrong chat, sorry');
    await mistake.getByTestId('message-actions').click();
    await mistake.getByTestId('message-retract').click();
    await mistake.getByTestId('message-retract').click();
    await waitUntil(async () => (await bChat.messageList.getByTestId('message-retracted').count()) === 1, {
      timeoutMs: TIMEOUT_MS,
      describe: () => "the retraction on bob's side",
    });
    assert.equal(await bChat.messageList.getByText('wrong chat, sorry').count(), 0);
    await aChat.messageList.getByTestId('message-retracted').waitFor();
    for (const { user } of [a, b]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));
  it('in a channel, corrections, reactions and retractions reach the other members', report.wrap(async (t) => {
    const [carol, dave] = await suite.server.createAccounts(['carol', 'dave']);
    const c = await suite.jibber(t, 'carol', carol);
    const d = await suite.jibber(t, 'dave', dave);
    const cChat = await new GroupsPanel(c.user.page).create('Edits', { kind: 'public' });
    const dChat = await new GroupsPanel(d.user.page).join(cChat.jid);
    await dChat.expectJoined();
    await cChat.send('meet at noon');
    await dChat.expectMessage('meet at noon', 'in', { timeoutMs: TIMEOUT_MS });

    await cChat.composer.press('ArrowUp');
    await c.user.page.getByTestId('editing').waitFor();
    await cChat.composer.fill('meet at one');
    await cChat.composer.press('Enter');
    await message(dChat, 'meet at one').getByTestId('message-edited').waitFor({ timeout: TIMEOUT_MS });
    await dChat.expectExactly({ in: ['meet at one'] });
    await cChat.expectExactly({ out: ['meet at one'] });

    await message(dChat, 'meet at one').getByTestId('message-actions').click();
    await message(dChat, 'meet at one').locator('[data-testid=react][data-emoji="😂"]').click();
    const chip = message(cChat, 'meet at one').locator('[data-testid=reaction][data-emoji="😂"]');
    await chip.waitFor({ timeout: TIMEOUT_MS });
    assert.equal(await chip.getAttribute('data-count'), '1');
    // Dave's own copy came back from the room: still one reaction.
    const own = message(dChat, 'meet at one').locator('[data-testid=reaction][data-emoji="😂"]');
    assert.equal(await own.getAttribute('data-count'), '1');

    await cChat.send('wrong group, sorry');
    await dChat.expectMessage('wrong group, sorry', 'in', { timeoutMs: TIMEOUT_MS });
    const mistake = message(cChat, 'wrong group, sorry');
    await mistake.getByTestId('message-actions').click();
    await mistake.getByTestId('message-retract').click();
    await mistake.getByTestId('message-retract').click();
    await waitUntil(async () => (await dChat.messageList.getByTestId('message-retracted').count()) === 1, {
      timeoutMs: TIMEOUT_MS,
      describe: () => "the retraction on dave's side",
    });
    assert.equal(await dChat.messageList.getByText('wrong group, sorry').count(), 0);
    await dChat.expectExactly({ in: ['meet at one', ''] });
    for (const { user } of [c, d]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));
});
