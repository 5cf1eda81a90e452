// Checks the python OMEMO test peer against a real server, without the app: two peers talk legacy
// OMEMO and OMEMO 2 both ways, the server only ever sees ciphertext, and broken messages are reported.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FailureReport } from '../harness/diagnostics.mjs';
import { scratchRoot } from '../harness/paths.mjs';
import { startPeer } from '../harness/peer.mjs';
import { defaultServer, onServer } from '../harness/servers.mjs';

const LEGACY = 'eu.siacs.conversations.axolotl';
const OMEMO2 = 'urn:xmpp:omemo:2';
const FALLBACK_BODY = 'This message is OMEMO encrypted.';
const TIMEOUT_MS = 20_000;

const report = new FailureReport();

/** A message text whose random token cannot appear in a stanza by chance. */
const secret = (label) => `${label} ${randomBytes(6).toString('hex')} ünïcode & <markup>`;
const tokenOf = (text) => text.match(/ ([0-9a-f]{12}) /)[1];

/** The `<encrypted>` element of `namespace` inside `stanza` (XML text), or undefined. */
function encryptedElement(stanza, namespace) {
  const escaped = namespace.replaceAll('.', '\\.');
  return stanza.match(new RegExp(`<encrypted xmlns="${escaped}">[\\s\\S]*?</encrypted>`))?.[0];
}

/** Asserts that `stanza` carries `namespace` ciphertext and nothing of `plaintexts` in the clear. */
function assertCiphertextOnly(stanza, namespace, plaintexts) {
  assert.ok(encryptedElement(stanza, namespace), `no <encrypted xmlns="${namespace}"> in ${stanza}`);
  for (const plaintext of plaintexts) {
    for (const fragment of [plaintext, tokenOf(plaintext)]) {
      assert.ok(!stanza.includes(fragment), `"${fragment}" in the clear in ${stanza}`);
    }
  }
  const bodies = [...stanza.matchAll(/<body>([\s\S]*?)<\/body>/g)].map((m) => m[1]);
  assert.ok(bodies.every((body) => body === FALLBACK_BODY), `unexpected bodies ${JSON.stringify(bodies)}`);
}

describe(onServer('python OMEMO peer'), () => {
  let prosody;
  const running = new Set();

  before(async () => {
    prosody = report.add(await defaultServer.start());
  });
  after(async () => {
    await Promise.all([...running].map((peer) => peer.stop()));
    report.remove(prosody);
    await prosody?.stop();
  });

  async function peer(account, options = {}) {
    const started = report.add(await startPeer({ ...account, prosody, ...options }));
    running.add(started);
    return started;
  }

  async function stop(started) {
    running.delete(started);
    report.remove(started);
    await started.stop();
  }

  /** Two OMEMO peers on fresh accounts. */
  async function omemoPair() {
    const [alice, bob] = await prosody.createAccounts(['alice', 'bob']);
    return { alice, bob, alicePeer: await peer(alice, { omemo: true }), bobPeer: await peer(bob, { omemo: true }) };
  }

  /** Bob's archive with alice as a separate, plain client of bob's account fetches it. */
  async function archiveOf(bob, alice) {
    const archivist = await peer({ ...bob, jid: `${bob.jid}/archivist` });
    try {
      return await archivist.mam(alice.jid);
    } finally {
      await stop(archivist);
    }
  }

  it('publishes one device with both OMEMO versions, visible to other accounts', report.wrap(async () => {
    const { alice, bob, alicePeer, bobPeer } = await omemoPair();
    const own = await alicePeer.deviceInfo();
    assert.deepEqual(own, { ...alicePeer.device, event: 'device_info', ref: own.ref });
    assert.equal(own.jid, alice.jid);
    assert.ok(Number.isInteger(own.device_id) && own.device_id >= 1 && own.device_id < 2 ** 31, `${own.device_id}`);
    assert.match(own.fingerprint, /^[0-9a-f]{64}$/);
    assert.match(own.identity_key, /^[0-9a-f]{64}$/);
    assert.deepEqual(own.namespaces, [LEGACY, OMEMO2]);
    assert.deepEqual(own.other_devices, []);
    assert.notEqual(own.device_id, bobPeer.device.device_id);
    assert.notEqual(own.fingerprint, bobPeer.device.fingerprint);

    // Bob reads alice's device lists and bundles from her PEP nodes (fetched, not pushed: no subscription).
    const seen = await bobPeer.devices(alice.jid);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].device_id, own.device_id);
    assert.equal(seen[0].fingerprint, own.fingerprint);
    assert.deepEqual(seen[0].namespaces, [LEGACY, OMEMO2]);
    assert.deepEqual(seen[0].active, { [LEGACY]: true, [OMEMO2]: true });
    assert.deepEqual((await alicePeer.devices(bob.jid)).map((d) => d.fingerprint), [bobPeer.device.fingerprint]);

    // Blind trust: a device is trusted the first time a message is encrypted for it, without a prompt.
    assert.equal(seen[0].trust, 'UNDECIDED');
    await bobPeer.sendOmemo(alice.jid, secret('first contact'));
    assert.deepEqual((await bobPeer.devices(alice.jid)).map((d) => d.trust), ['BLINDLY_TRUSTED']);
  }));

  for (const [version, namespace, sendName] of [
    ['legacy OMEMO', LEGACY, 'sendOmemo'],
    ['OMEMO 2', OMEMO2, 'sendOmemo2'],
  ]) {
    it(`exchanges ${version} messages both ways, ciphertext only on the wire and in the archive`, report.wrap(async () => {
      const { alice, bob, alicePeer, bobPeer } = await omemoPair();
      const first = secret('to bob');
      const reply = secret('to alice');

      const sent = await alicePeer[sendName](bob.jid, first);
      assert.equal(sent.namespace, namespace);
      assert.deepEqual(sent.errors, []);
      const atBob = await bobPeer.waitForMessage((m) => m.id === sent.id, TIMEOUT_MS);
      assert.equal(atBob.body, first);
      assert.equal(atBob.from, alice.jid);
      assert.equal(atBob.encrypted, true);
      assert.equal(atBob.namespace, namespace);
      assert.equal(atBob.device_id, alicePeer.device.device_id);
      assertCiphertextOnly(atBob.stanza, namespace, [first]);
      assert.match(atBob.stanza, /<payload>[A-Za-z0-9+/=]+<\/payload>/);

      // Bob answers the key exchange with an empty message, which completes alice's session.
      const completion = await alicePeer.waitForEvent(
        (e) => e.event === 'key_transport' && e.from === bob.jid && e.namespace === namespace,
        TIMEOUT_MS,
        'the key transport message completing the session',
      );
      assert.equal(completion.device_id, bobPeer.device.device_id);
      assert.doesNotMatch(completion.stanza, /<payload>/);

      const answer = await bobPeer[sendName](alice.jid, reply);
      const atAlice = await alicePeer.waitForMessage((m) => m.id === answer.id, TIMEOUT_MS);
      assert.equal(atAlice.body, reply);
      assert.equal(atAlice.namespace, namespace);
      assert.equal(atAlice.device_id, bobPeer.device.device_id);
      assertCiphertextOnly(atAlice.stanza, namespace, [reply]);

      if (namespace === OMEMO2) {
        assert.equal(encryptedElement(atBob.stanza, LEGACY), undefined);
        assert.equal(atBob.sce.from, alice.jid);
        assert.equal(atBob.sce.to, bob.jid);
        assert.equal(atBob.sce.rpad, true);
        assert.deepEqual(atAlice.sce && [atAlice.sce.from, atAlice.sce.to], [bob.jid, alice.jid]);
      } else {
        assert.equal(encryptedElement(atBob.stanza, OMEMO2), undefined);
      }

      const archive = await archiveOf(bob, alice);
      const encrypted = archive.filter((stanza) => encryptedElement(stanza, namespace));
      for (const id of [sent.id, answer.id, completion.id]) {
        assert.ok(encrypted.some((stanza) => stanza.includes(`id="${id}"`)), `${id} not archived: ${archive.join('\n')}`);
      }
      for (const stanza of archive) assertCiphertextOnly(stanza, namespace, [first, reply]);
    }));
  }

  it('reports replayed, forged and foreign OMEMO messages as undecryptable and keeps working', report.wrap(async () => {
    const { alice, bob, alicePeer, bobPeer } = await omemoPair();
    const aliceDevice = alicePeer.device.device_id;
    const bobDevice = bobPeer.device.device_id;
    const legacy = await alicePeer.sendOmemo(bob.jid, secret('legacy original'));
    const legacyAtBob = await bobPeer.waitForMessage((m) => m.id === legacy.id, TIMEOUT_MS);
    const omemo2 = await alicePeer.sendOmemo2(bob.jid, secret('omemo2 original'));
    const omemo2AtBob = await bobPeer.waitForMessage((m) => m.id === omemo2.id, TIMEOUT_MS);

    const legacyElement = encryptedElement(legacyAtBob.stanza, LEGACY);
    const omemo2Element = encryptedElement(omemo2AtBob.stanza, OMEMO2);
    assert.ok(legacyElement && omemo2Element, 'the received stanzas lack their <encrypted> elements');
    const toAnotherDevice = (element) => element.replace(`rid="${bobDevice}"`, `rid="${bobDevice + 1}"`);
    const iv = randomBytes(12).toString('base64');
    const garbage = randomBytes(40).toString('base64');
    const forgeries = {
      'replay-legacy': legacyElement,
      'replay-omemo2': omemo2Element,
      'forged-legacy':
        `<encrypted xmlns="${LEGACY}"><header sid="${aliceDevice}"><key rid="${bobDevice}">${garbage}</key>` +
        `<iv>${iv}</iv></header><payload>${garbage}</payload></encrypted>`,
      'not-for-bob': toAnotherDevice(legacyElement),
      // OMEMO 2 is tried first; not being addressed there, bob must fall back to the (replayed) legacy part.
      'mixed-not-for-bob-in-omemo2': toAnotherDevice(omemo2Element) + legacyElement,
    };
    for (const [id, encrypted] of Object.entries(forgeries)) {
      await alicePeer.sendRaw(`<message to="${bob.jid}" type="chat" id="${id}">${encrypted}<body>${FALLBACK_BODY}</body></message>`);
    }
    for (const id of Object.keys(forgeries)) {
      const failure = await bobPeer.waitForEvent(
        (e) => e.event === 'undecryptable' && e.id === id,
        TIMEOUT_MS,
        `the undecryptable report for ${id}`,
      );
      assert.equal(failure.from, alice.jid);
      assert.match(failure.reason, /^\w+: /);
      assert.ok(failure.stanza.includes(`id="${id}"`));
    }
    const reasons = Object.fromEntries(bobPeer.events.filter((e) => e.event === 'undecryptable').map((e) => [e.id, e.reason]));
    assert.match(reasons['not-for-bob'], /^MessageNotForUs: /);
    assert.equal(reasons['mixed-not-for-bob-in-omemo2'], reasons['replay-legacy']);
    assert.doesNotMatch(reasons['replay-legacy'], /^MessageNotForUs: /);
    assert.deepEqual(bobPeer.messages.filter((m) => m.id in forgeries), []);

    // None of that broke the real sessions.
    for (const send of ['sendOmemo', 'sendOmemo2']) {
      const text = secret(`${send} after the forgeries`);
      const later = await alicePeer[send](bob.jid, text);
      assert.equal((await bobPeer.waitForMessage((m) => m.id === later.id, TIMEOUT_MS)).body, text);
    }
  }));

  it('reports plain messages as not encrypted', report.wrap(async () => {
    const [alice, bob] = await prosody.createAccounts(['alice', 'bob']);
    const bobPeer = await peer(bob, { omemo: true });
    const plain = await peer(alice);
    const text = secret('plain');
    const sent = await plain.send(bob.jid, text);
    const received = await bobPeer.waitForMessage((m) => m.id === sent.id, TIMEOUT_MS);
    assert.deepEqual([received.body, received.encrypted, received.namespace], [text, false, null]);
  }));

  it('keeps its device across restarts with the same store', report.wrap(async () => {
    const [carol] = await prosody.createAccounts(['carol']);
    const store = await mkdtemp(join(scratchRoot(), 'omemo-store-'));
    try {
      const first = await peer(carol, { omemo: true, omemoStore: store });
      const device = first.device;
      await stop(first);
      const again = await peer(carol, { omemo: true, omemoStore: store });
      assert.equal(again.device.device_id, device.device_id);
      assert.equal(again.device.fingerprint, device.fingerprint);
      await stop(again);

      // A fresh store is a second device of the account; it finds the first one in the device lists.
      const second = await peer(carol, { omemo: true });
      assert.notEqual(second.device.device_id, device.device_id);
      assert.deepEqual(second.device.other_devices.map((d) => [d.device_id, d.fingerprint]), [[device.device_id, device.fingerprint]]);
      await stop(second);
    } finally {
      await rm(store, { recursive: true, force: true });
    }
  }));
});
