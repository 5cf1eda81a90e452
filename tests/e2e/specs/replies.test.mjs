// Replies, copy and quote between two Jibber users on a real Prosody (encrypted chat): a reply
// shows what it answers on both sides (the quote travels inside the encryption) and jumps to
// the original; Escape cancels a reply; Copy puts the text on the clipboard and says so;
// Quote fills the composer with "> " lines. In a public channel a reply names the room's message
// and its author's nick, and both sides show the quote.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { expectText } from '../pages/expect.mjs';
import { GroupsPanel } from '../pages/groups-panel.mjs';

const TIMEOUT_MS = 20_000;
const report = new FailureReport();

describe('replies, copy and quote', () => {
  const suite = suiteWithBrowser(report);

  /** The message whose text contains `text`, as a locator. */
  const message = (chat, text) => chat.messageList.getByTestId('message').filter({ hasText: text });

  async function openActions(chat, text) {
    await message(chat, text).first().getByTestId('message-actions').click();
    return message(chat, text).first();
  }

  it('a reply shows what it answers on both sides and leads to the original', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await suite.jibber(t, 'alice', alice);
    const b = await suite.jibber(t, 'bob', bob);
    const aChat = await a.main.openChat(bob.jid);
    const bChat = await b.main.openChat(alice.jid);
    const question = 'cake tonight?';
    await aChat.send(question);
    await bChat.expectEncrypted(question, 'in', { timeoutMs: TIMEOUT_MS });
    for (let i = 0; i < 3; i += 1) await aChat.send(`filler ${i}`);
    await bChat.expectMessage('filler 2', 'in', { timeoutMs: TIMEOUT_MS });

    // Escape takes a reply back before it is sent.
    await (await openActions(bChat, question)).getByTestId('message-reply-action').click();
    const replying = b.user.page.getByTestId('replying');
    await expectText(replying, /cake tonight\?/, { what: 'what the reply answers' });
    assert.equal(await replying.getAttribute('role'), 'status');
    await bChat.composer.press('Escape');
    await replying.waitFor({ state: 'detached' });

    await (await openActions(bChat, question)).getByTestId('message-reply-action').click();
    await replying.waitFor();
    await bChat.composer.fill('yes please');
    await bChat.composer.press('Enter');
    await replying.waitFor({ state: 'detached' });

    // Bob's own copy and alice's show the answer alone, under the quote of the original.
    const incoming = await aChat.expectEncrypted('yes please', 'in', { timeoutMs: TIMEOUT_MS });
    assert.equal(incoming.body, 'yes please', 'the fallback quote is stripped');
    for (const [name, chat] of [['alice', aChat], ['bob', bChat]]) {
      const quote = message(chat, 'yes please').getByTestId('message-reply');
      await expectText(quote, /cake tonight\?/, { what: `the quote on ${name}'s side` });
      assert.equal(await quote.getAttribute('data-loaded'), 'true');
    }
    await message(aChat, 'yes please').getByTestId('message-reply').click();
    await waitUntil(
      () => a.user.page.evaluate(() => {
        const focused = document.activeElement;
        return focused?.getAttribute('data-testid') === 'message' && focused.textContent.includes('cake tonight?');
      }),
      { timeoutMs: TIMEOUT_MS, describe: () => 'the original message focused' },
    );
    for (const { user } of [a, b]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));

  it('in a group, a reply shows the quote of the original on both sides', report.wrap(async (t) => {
    const [erin, fred] = await suite.server.createAccounts(['erin', 'fred']);
    const e = await suite.jibber(t, 'erin', erin);
    const f = await suite.jibber(t, 'fred', fred);
    const eRoom = await new GroupsPanel(e.user.page).create('Cakes', { kind: 'public' });
    await eRoom.send('who brings the cake?');
    await eRoom.expectMessage('who brings the cake?', 'out', { state: 'sent' });
    const fRoom = await new GroupsPanel(f.user.page).join(eRoom.jid);
    await fRoom.expectJoined();
    await fRoom.expectMessage('who brings the cake?', 'in', { timeoutMs: TIMEOUT_MS });

    await (await openActions(fRoom, 'who brings the cake?')).getByTestId('message-reply-action').click();
    await fRoom.composer.fill('I do');
    await fRoom.composer.press('Enter');
    const atErin = await eRoom.expectMessage('I do', 'in', { timeoutMs: TIMEOUT_MS });
    assert.equal(atErin.body, 'I do', 'the fallback quote is stripped');
    for (const [name, room] of [['erin', eRoom], ['fred', fRoom]]) {
      const quote = message(room, 'I do').getByTestId('message-reply');
      await expectText(quote, /who brings the cake\?/, { what: `the quote on ${name}'s side` });
      assert.equal(await quote.getAttribute('data-loaded'), 'true', `${name} has the original`);
    }
    await expectText(message(eRoom, 'I do').getByTestId('message-reply'), /^You/, { what: "the author on erin's side" });
    for (const { user } of [e, f]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));

  it('Copy puts the text on the clipboard and says so; Quote fills the composer', report.wrap(async (t) => {
    const [carol, dave] = await suite.server.createAccounts(['carol', 'dave']);
    const c = await suite.jibber(t, 'carol', carol);
    const d = await suite.jibber(t, 'dave', dave);
    await c.user.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.web.url).origin });
    const cChat = await c.main.openChat(dave.jid);
    const dChat = await d.main.openChat(carol.jid);
    const text = 'line one\nline *two*';
    await dChat.send(text);
    await cChat.expectEncrypted(text, 'in', { timeoutMs: TIMEOUT_MS });

    const copied = await openActions(cChat, 'line one');
    await copied.getByTestId('message-copy').click();
    const status = copied.getByTestId('copy-status');
    await expectText(status, 'Copied', { what: 'the copy status' });
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(await c.user.page.evaluate(() => navigator.clipboard.readText()), text);

    await (await openActions(cChat, 'line one')).getByTestId('message-quote').click();
    assert.equal(await cChat.composer.inputValue(), '> line one\n> line *two*\n');
    for (const { user } of [c, d]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));
});
