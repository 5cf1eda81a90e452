// An account with thousands of contacts: the roster is listed, the queries their servers send
// once our presence is out are answered, and a reload still resumes the same stream. (Each of
// those answers waits for the server's acknowledgement, and writing all of them to the tab's
// storage after every input once froze the tab for minutes and left the reload a stale state.)
// Needs Prosody: the roster is seeded into its storage (tests/e2e/bench/seed.mjs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedRoster } from '../bench/seed.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { startProsody } from '../harness/prosody.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { ContactsPanel } from '../pages/contacts-panel.mjs';

const CONTACTS = 2000;
const TIMEOUT_MS = 60_000;
const report = new FailureReport();

describe('a large roster', () => {
  const suite = suiteWithBrowser(report, { startServer: () => startProsody() });

  it(`${CONTACTS} contacts are listed, their queries answered, and a reload resumes the stream`, report.wrap(async (t) => {
    const [owner] = await suite.server.createAccounts(['crowd']);
    await seedRoster(suite.server, owner.username, CONTACTS);
    const answers = [];
    const sentAfterReload = [];
    let reloaded = false;
    let lastReceived = 0;
    const watch = (page) => page.on('websocket', (ws) => ws.on('framereceived', () => (lastReceived = Date.now())) && ws.on('framesent', ({ payload }) => {
      const frame = String(payload);
      if (reloaded) sentAfterReload.push(frame);
      else if (frame.includes('type="result"') && frame.includes('disco#info')) answers.push(frame);
    }));

    const a = await suite.jibber(t, 'crowd', owner, { beforeLogin: watch });
    const contacts = new ContactsPanel(a.user.page);
    const rosterShows = (count) => waitUntil(async () => (await contacts.rosterTotal().catch(() => NaN)) === count, {
      timeoutMs: TIMEOUT_MS,
      describe: () => `the roster to show ${count} contacts`,
    });
    await rosterShows(CONTACTS);
    // Prosody's PEP service of every local contact asks for our features (XEP-0115).
    await waitUntil(() => answers.length >= CONTACTS, {
      timeoutMs: TIMEOUT_MS,
      describe: () => `answers to the contacts' feature queries (${answers.length} so far)`,
    });

    // The server's side of the flood (their presences too) has reached the page: a server
    // resumes a stream only with few stanzas still unacknowledged (Prosody: 500).
    await waitUntil(() => Date.now() - lastReceived > 1_500, { timeoutMs: TIMEOUT_MS, describe: () => 'the traffic to settle' });
    reloaded = true;
    await a.main.reload({ timeoutMs: TIMEOUT_MS });
    await a.main.waitForStatus('online', { timeoutMs: TIMEOUT_MS });
    await rosterShows(CONTACTS);
    assert.ok(sentAfterReload.some((frame) => frame.startsWith('<resume ')), `the reload resumes the stream: ${sentAfterReload.slice(0, 8)}`);
    assert.ok(!sentAfterReload.some((frame) => frame.includes('urn:ietf:params:xml:ns:xmpp-bind')), 'no new resource is bound');
    assert.deepEqual(a.user.pageErrors, [], 'uncaught errors in the page');
  }));
});
