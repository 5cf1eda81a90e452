// Storage faults: the device's storage fills up, a tab of an older release blocks the schema
// upgrade, the browser refuses IndexedDB (as private modes did). Each gets a clear message, and
// nothing already stored is lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { storedBodies } from '../harness/indexeddb.mjs';
import { startPeer } from '../harness/peer.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';
import { waitUntil } from '../harness/wait.mjs';
import { expectText } from '../pages/expect.mjs';
import { LoginPage } from '../pages/login-page.mjs';
import { MainPage } from '../pages/main-page.mjs';

const TIMEOUT_MS = 20_000;
const report = new FailureReport();

/**
 * Opens the database as the first release created it (schema version 1, see
 * crates/chat-store-indexeddb/src/migrations/v1.rs) and keeps the connection, ignoring
 * requests to close it, as a forgotten tab of that release would.
 */
function holdFirstReleaseSchema(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('jibber', 1);
        open.onupgradeneeded = () => {
          const db = open.result;
          db.createObjectStore('account', { keyPath: 'slot' });
          db.createObjectStore('roster', { keyPath: 'jid' });
          db.createObjectStore('conversations', { keyPath: 'key' });
          db.createObjectStore('settings', { keyPath: 'key' });
          const messages = db.createObjectStore('messages', { keyPath: 'id' });
          messages.createIndex('by_timeline', ['conversation', 'timestamp', 'id']);
          messages.createIndex('by_origin_id', ['conversation', 'origin_id']);
          messages.createIndex('by_stanza_id', ['conversation', 'stanza_id']);
          messages.createIndex('pending', ['outbox', 'id']);
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          window.oldRelease = open.result;
          resolve(open.result.version);
        };
      }),
  );
}

describe('storage faults', () => {
  const suite = suiteWithBrowser(report);

  it('full storage: a clear message, the stored chat is kept, and the archive brings back what could not be stored', report.wrap(async (t) => {
    const [alice, peerAccount] = await suite.server.createAccounts(['alice', 'peer']);
    const a = await suite.jibber(t, 'alice', alice);
    const peer = report.add(await startPeer({ ...peerAccount, prosody: suite.server }));
    t.after(async () => {
      report.remove(peer);
      await peer.stop();
    });
    await peer.send(alice.jid, 'stored before the disk filled up');
    const chat = await a.main.openChat(peerAccount.jid);
    await chat.expectMessage('stored before the disk filled up', 'in', { timeoutMs: TIMEOUT_MS });

    // Chromium does not enforce a quota override (CDP Storage.overrideQuotaForOrigin) on
    // IndexedDB writes, so the full disk is simulated where the browser reports it: writing a
    // message record fails with the QuotaExceededError a full disk gives.
    await a.user.page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      window.restoreDisk = () => {
        IDBObjectStore.prototype.put = put;
      };
      IDBObjectStore.prototype.put = function putOnFullDisk(...args) {
        if (this.name === 'messages') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await peer.send(alice.jid, 'arrived while the disk was full');
    const banner = a.user.page.getByTestId('storage-error');
    await expectText(banner, /storage is full/, { timeoutMs: TIMEOUT_MS, what: 'the full-storage banner' });
    assert.equal(await banner.getAttribute('role'), 'alert');

    await a.user.page.evaluate(() => window.restoreDisk());
    assert.ok((await storedBodies(a.user.page)).includes('stored before the disk filled up'), 'what was stored is still stored');
    await a.main.reload();
    await a.main.waitForStatus('online');
    const again = await a.main.openChat(peerAccount.jid);
    await again.expectMessage('stored before the disk filled up', 'in', { timeoutMs: TIMEOUT_MS });
    await again.expectMessage('arrived while the disk was full', 'in', { timeoutMs: TIMEOUT_MS });
    assert.deepEqual(a.user.pageErrors, []);
  }));

  it('a tab of an older release blocks the upgrade: the app says so and starts once that tab is closed', report.wrap(async (t) => {
    const [bob] = await suite.server.createAccounts(['bob']);
    const user = await suite.browser.newUser('bob');
    t.after(() => user.close());
    const oldTab = await user.context.newPage();
    await oldTab.goto(new URL('config.json', suite.web.url).href);
    assert.equal(await holdFirstReleaseSchema(oldTab), 1);

    await user.page.goto(suite.web.url);
    const blocked = user.page.getByTestId('storage-blocked');
    await expectText(blocked, /another Jibber tab/, { timeoutMs: TIMEOUT_MS, what: 'the blocked-upgrade message' });
    assert.equal(await blocked.getAttribute('role'), 'alert');
    assert.equal(await user.page.getByTestId('login-view').count(), 0, 'the app waits instead of starting without storage');

    await oldTab.close();
    const login = new LoginPage(user.page);
    await login.expectVisible(TIMEOUT_MS);
    assert.equal(await user.page.getByTestId('storage-error').count(), 0, 'the app runs on IndexedDB');
    await login.login(bob.jid, bob.password);
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    await main.reload();
    await main.expectOwnJid(bob.jid);
    assert.deepEqual(user.pageErrors, []);
  }));

  it('a browser that refuses IndexedDB: the app says nothing will be kept, and chats anyway', report.wrap(async (t) => {
    const [carol, dave] = await suite.server.createAccounts(['carol', 'dave']);
    const user = await suite.browser.newUser('carol');
    t.after(() => user.close());
    // What private modes did: the factory exists but every open fails.
    await user.context.addInitScript(() => {
      const refuse = () => {
        throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      };
      IDBFactory.prototype.open = refuse;
    });
    const login = await new LoginPage(user.page).goto(suite.web.url);
    await expectText(user.page.getByTestId('storage-error'), /refused local storage/, { what: 'the no-storage notice' });
    await login.login(carol.jid, carol.password);
    const main = new MainPage(user.page);
    await main.waitForStatus('online');
    const d = await suite.jibber(t, 'dave', dave);
    const chat = await main.openChat(dave.jid);
    await chat.send('no storage, still chatting');
    const dChat = await d.main.openChat(carol.jid);
    await waitUntil(async () => (await dChat.messages()).some((m) => m.body === 'no storage, still chatting'), {
      timeoutMs: TIMEOUT_MS,
      describe: () => 'the message at dave',
    });
    assert.deepEqual(user.pageErrors, []);
  }));
});
