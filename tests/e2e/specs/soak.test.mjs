// Soak with faults: alice and bob chat (encrypted, as by default) through a loopback proxy
// that delays every chunk at random and cuts their WebSockets one at a time at random moments.
// Afterwards each side has stored every message exactly once: nothing lost, nothing doubled.
// `make test` runs it small; `make soak` runs 1,000 messages across at least 50 cuts
// (SOAK_MESSAGES, SOAK_DROPS).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { storedBodies } from '../harness/indexeddb.mjs';
import { suiteBehindProxy } from '../harness/proxied-suite.mjs';
import { onServer } from '../harness/servers.mjs';
import { sleep, waitUntil } from '../harness/wait.mjs';

const report = new FailureReport();
const MESSAGES = Number(process.env.SOAK_MESSAGES ?? 80);
const MIN_DROPS = Number(process.env.SOAK_DROPS ?? 8);
const MAX_DELAY_MS = 60;
/** Time for the last messages to get through after the cutting stops, per 100 messages. */
const SETTLE_MS = 60_000 + MESSAGES * 200;

/** Each body once, and the bodies that are missing or doubled. */
function census(stored, expected) {
  const counts = new Map();
  for (const body of stored) counts.set(body, (counts.get(body) ?? 0) + 1);
  return {
    missing: expected.filter((body) => !counts.has(body)),
    doubled: [...counts].filter(([, n]) => n > 1).map(([body, n]) => `${body} ×${n}`),
  };
}

describe(onServer(`soak: ${MESSAGES} messages across ${MIN_DROPS}+ cuts`), () => {
  const suite = suiteBehindProxy(report, { maxDelayMs: MAX_DELAY_MS });
  const loggedIn = (t, name, account) => suite.loggedIn(t, name, account, suite.proxy.url, { timeoutMs: 30_000 });

  it('nothing lost, nothing doubled', { timeout: SETTLE_MS * 4 }, report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await loggedIn(t, 'alice', alice);
    const b = await loggedIn(t, 'bob', bob);
    const aChat = await a.main.openChat(bob.jid);
    const bChat = await b.main.openChat(alice.jid);
    // The first message of each side sets up the encrypted sessions before the cutting starts.
    await aChat.send('hello bob');
    await bChat.expectMessage('hello bob', 'in', { timeoutMs: 30_000 });
    await bChat.send('hello alice');
    await aChat.expectMessage('hello alice', 'in', { timeoutMs: 30_000 });
    const fromAlice = ['hello bob'];
    const fromBob = ['hello alice'];

    let cutting = true;
    const cutter = (async () => {
      while (cutting) {
        // Cutting only streams that had time to log in: a client whose every attempt is cut
        // backs off further and further, which would test the back-off instead.
        await sleep(700 + Math.random() * 1300);
        if (cutting) suite.proxy.dropOne({ minAgeMs: 1000 });
      }
    })();
    try {
      for (let i = 0; fromAlice.length + fromBob.length < MESSAGES; i += 1) {
        const [chat, sent, text] = i % 2 === 0 ? [aChat, fromAlice, `alice ${i}`] : [bChat, fromBob, `bob ${i}`];
        sent.push(text);
        await chat.send(text, { via: 'enter' });
      }
      // Keep cutting while the last messages are on their way.
      await waitUntil(() => suite.proxy.drops >= MIN_DROPS, { timeoutMs: SETTLE_MS, describe: () => `${MIN_DROPS} cuts (${suite.proxy.drops} so far)` });
    } finally {
      cutting = false;
      await cutter;
    }

    const everything = [...fromAlice, ...fromBob];
    for (const [name, user] of [['alice', a.user], ['bob', b.user]]) {
      let result = { missing: everything, doubled: [] };
      await waitUntil(
        async () => {
          result = census(await storedBodies(user.page), everything);
          return result.missing.length === 0 && result.doubled.length === 0;
        },
        {
          timeoutMs: SETTLE_MS,
          intervalMs: 500,
          describe: () => `every message once at ${name}: missing ${JSON.stringify(result.missing.slice(0, 20))}, doubled ${JSON.stringify(result.doubled.slice(0, 20))}`,
        },
      );
      assert.equal((await storedBodies(user.page)).length, everything.length, `${name} stored exactly the messages sent`);
    }
    const undecryptable = await aChat.messages().then((shown) => shown.filter((m) => m.unreadable));
    assert.deepEqual(undecryptable, [], 'every message alice shows was decrypted');
    for (const { user } of [a, b]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
    t.diagnostic(`${everything.length} messages, ${suite.proxy.drops} cuts`);
  }));
});
