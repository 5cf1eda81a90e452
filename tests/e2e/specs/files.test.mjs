// Sharing files through the server's upload service (XEP-0363), a core journey run on Prosody and
// on ejabberd: in an encrypted chat the picture is encrypted before upload (the server stores
// ciphertext) and shown inline to the contact; in an unencrypted chat it goes as a plain link
// with out-of-band data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { makePng } from '../harness/png.mjs';
import { coreServers } from '../harness/servers.mjs';
import { suiteWithBrowser } from '../harness/suite.mjs';

const TIMEOUT_MS = 30_000;
const report = new FailureReport();

for (const [serverName, startServer] of coreServers) describe(`files on ${serverName}`, () => {
  const suite = suiteWithBrowser(report, { startServer });

  it('an image shared in an encrypted chat is stored encrypted and shown inline to the contact', report.wrap(async (t) => {
    const [alice, bob] = await suite.server.createAccounts(['alice', 'bob']);
    const a = await suite.jibber(t, 'alice', alice);
    const b = await suite.jibber(t, 'bob', bob);
    const aChat = await a.main.openChat(bob.jid);
    const bChat = await b.main.openChat(alice.jid);
    // Encryption is automatic: it is on once each knows the other has OMEMO devices.
    const hello = 'a picture follows';
    await aChat.send(hello);
    await bChat.expectEncrypted(hello, 'in', { timeoutMs: TIMEOUT_MS });

    const picture = makePng(64, 48, [20, 120, 220]);
    await aChat.shareFile({ name: 'sky.png', mimeType: 'image/png', buffer: picture });
    const atBob = await bChat.expectImage('in', { timeoutMs: TIMEOUT_MS });
    assert.deepEqual([atBob.width, atBob.height], [64, 48]);
    assert.match(atBob.link, /^aesgcm:\/\/127\.0\.0\.1:\d+\/.+#[0-9a-f]{88}$/);
    await aChat.expectImage('out', { timeoutMs: TIMEOUT_MS });

    // What the upload server holds is ciphertext, not the picture.
    const stored = Buffer.from(await (await fetch(atBob.link.replace(/^aesgcm:/, 'http:').replace(/#.*$/, ''))).arrayBuffer());
    assert.equal(stored.length, picture.length + 16, 'AES-GCM ciphertext and tag');
    assert.ok(!stored.subarray(0, 8).equals(picture.subarray(0, 8)), 'the server stores the PNG in the clear');
    for (const { user } of [a, b]) assert.deepEqual(user.pageErrors, [], `uncaught errors in ${user.name}'s page`);
  }));

  it('in an unencrypted chat the image goes as a plain link and still shows inline', report.wrap(async (t) => {
    const [carol, dave] = await suite.server.createAccounts(['carol', 'dave']);
    const c = await suite.jibber(t, 'carol', carol);
    const d = await suite.jibber(t, 'dave', dave);
    const cChat = await c.main.openChat(dave.jid);
    await cChat.setEncrypted(false);
    const picture = makePng(30, 20, [240, 200, 10]);
    await cChat.shareFile({ name: 'sun.png', mimeType: 'image/png', buffer: picture });
    const dChat = await d.main.openChat(carol.jid);
    const atDave = await dChat.expectImage('in', { timeoutMs: TIMEOUT_MS });
    assert.deepEqual([atDave.width, atDave.height], [30, 20]);
    assert.match(atDave.link, /^http:\/\/127\.0\.0\.1:\d+\/.+\/sun\.png$/);
    const stored = Buffer.from(await (await fetch(atDave.link)).arrayBuffer());
    assert.ok(stored.equals(picture), 'the plain upload is the picture itself');
  }));
});
