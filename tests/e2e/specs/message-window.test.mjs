// A long chat renders only a window of it: 450 messages arrive in one burst, the list holds at most
// 200 of them, scrolling back slides the window without gaps or jumps, a message arriving while the
// reader is back in history does not pull the view down, and "Newest messages" returns to it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { storedBodies } from '../harness/indexeddb.mjs';
import { startPeer } from '../harness/peer.mjs';
import { onServer } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';

const TIMEOUT_MS = 30_000;
const BURST = 450;
const MAX_ROWS = 200;
const report = new FailureReport();

/** The rendered messages: their `line N` numbers (-1 for others), and the top one in view. */
function shown(chat) {
  return chat.messageList.evaluate((list) => {
    const top = list.getBoundingClientRect().top;
    const rows = [...list.querySelectorAll('[data-testid=message]')];
    const line = (row) => Number(/line (\d+)/.exec(row.textContent)?.[1] ?? -1);
    const inView = rows.find((row) => row.getBoundingClientRect().bottom > top);
    return {
      lines: rows.map(line),
      topId: inView?.getAttribute('data-id') ?? null,
      topOffset: inView ? inView.getBoundingClientRect().top - top : null,
    };
  });
}

/** Offset of the message `id` from the top of the list, or null when it is not rendered. */
function offsetOf(chat, id) {
  return chat.messageList.evaluate((list, wanted) => {
    const row = [...list.querySelectorAll('[data-testid=message]')].find((r) => r.getAttribute('data-id') === wanted);
    return row ? row.getBoundingClientRect().top - list.getBoundingClientRect().top : null;
  }, id);
}

function assertContiguous(lines, what) {
  const numbered = lines.filter((n) => n >= 0);
  numbered.forEach((n, i) => i > 0 && assert.equal(n, numbered[i - 1] + 1, `${what}: a gap or disorder in ${numbered.join(',')}`));
}

describe(onServer('long chats render a sliding window'), () => {
  const suite = suiteWithBrowser(report);

  it('keeps at most 200 messages in the page while scrolling through 450', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await suite.jibber(t, 'alice', alice);
    const peer = await startPeer({ jid: bob.jid, password: bob.password, prosody: suite.server });
    t.after(() => peer.stop());
    await peer.send(alice.jid, 'hello');
    await a.main.expectConversation(bob.jid, { timeoutMs: TIMEOUT_MS });
    const chat = await a.main.openChat(bob.jid);
    await chat.messageList.getByTestId('message').filter({ hasText: 'hello' }).waitFor({ timeout: TIMEOUT_MS });

    const burst = Array.from({ length: BURST }, (_, n) => `<message type="chat" to="${alice.jid}" id="line-${n}"><body>line ${n}</body></message>`);
    await peer.sendRaw(burst.join(''), TIMEOUT_MS);
    await chat.messageList.getByTestId('message').filter({ hasText: `line ${BURST - 1}` }).waitFor({ timeout: TIMEOUT_MS });
    let view = await shown(chat);
    assert.ok(view.lines.length <= MAX_ROWS, `${view.lines.length} messages rendered after the burst`);
    assert.equal(view.lines.at(-1), BURST - 1, 'the newest message is at the bottom');
    assertContiguous(view.lines, 'after the burst');

    // Scroll back to the first message; the message at the top of the view stays where it was.
    const seen = new Set(view.lines);
    for (let step = 0; !view.lines.includes(-1); step++) {
      assert.ok(step < 50, 'scrolling back does not reach the first message');
      const before = view;
      // The reader reaches the top: the first rendered message is where the view starts.
      const anchor = await chat.messageList.evaluate((list) => {
        list.scrollTo(0, 0);
        const first = list.querySelector('[data-testid=message]');
        const offset = first.getBoundingClientRect().top - list.getBoundingClientRect().top;
        list.dispatchEvent(new Event('scroll'));
        return { id: first.getAttribute('data-id'), offset };
      });
      await waitUntil(async () => (view = await shown(chat)).lines[0] !== before.lines[0], {
        timeoutMs: TIMEOUT_MS,
        describe: () => `older messages above line ${before.lines[0]}`,
      });
      assert.ok(view.lines.length <= MAX_ROWS, `${view.lines.length} messages rendered at step ${step}`);
      assertContiguous(view.lines, `step ${step}`);
      let now = null;
      await waitUntil(async () => Math.abs((now = await offsetOf(chat, anchor.id)) - anchor.offset) < 2, {
        timeoutMs: 2_000,
        describe: () => `the message at the top of the view to stay in place (step ${step}: it was ${anchor.offset} px from the top, now ${now})`,
      });
      view.lines.forEach((n) => seen.add(n));
    }
    assert.equal(seen.size, BURST + 1, 'every message was shown on the way back');
    const jump = chat.view.getByTestId('jump-newest');
    await jump.waitFor({ timeout: TIMEOUT_MS });

    // Reading history: a new message does not move the view, and waits below the window.
    const reading = await shown(chat);
    await peer.send(alice.jid, 'while you read');
    await waitUntil(async () => (await storedBodies(a.user.page)).includes('while you read'), {
      timeoutMs: TIMEOUT_MS,
      describe: () => 'the new message to be stored',
    });
    await a.user.page.waitForTimeout(300); // a frame or two for anything it would render
    assert.equal(await offsetOf(chat, reading.topId), reading.topOffset, 'the view stayed put');

    await jump.click();
    await chat.messageList.getByTestId('message').filter({ hasText: 'while you read' }).waitFor({ timeout: TIMEOUT_MS });
    await jump.waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    view = await shown(chat);
    assert.ok(view.lines.length <= MAX_ROWS, `${view.lines.length} messages rendered at the newest`);
    assertContiguous(view.lines, 'back at the newest');
  }));
});
