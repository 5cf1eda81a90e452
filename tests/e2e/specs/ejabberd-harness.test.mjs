// Checks the ejabberd fixture itself, without the app: one loopback-only server from
// config/ejabberd/ejabberd.yml.in, accounts, python peers, host-meta, a raw WebSocket login with
// SCRAM-SHA-256, the advertised features, HTTP upload, in-band registration and concurrent PEP.
import assert from 'node:assert/strict';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { FailureReport } from '../harness/diagnostics.mjs';
import { startEjabberd } from '../harness/ejabberd.mjs';
import { getWithHost } from '../harness/http.mjs';
import { startPeer } from '../harness/peer.mjs';

const report = new FailureReport();
const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

const unescapeXml = (text) =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]);
const escapeXml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

/** A raw XMPP-over-WebSocket connection (RFC 7395): every frame is one complete element. */
async function openSocket(server) {
  const socket = new WebSocket(server.wsUrl, 'xmpp');
  const incoming = [];
  socket.on('message', (data) => incoming.push(data.toString()));
  await new Promise((ok, fail) => {
    socket.once('open', ok);
    socket.once('error', fail);
  });
  let nextId = 1;
  const connection = {
    socket,
    send: (frame) => socket.send(frame),
    /** Frames up to and including the first one matching `pattern`, taken off the queue. */
    async until(pattern, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = incoming.findIndex((frame) => pattern.test(frame));
        if (index >= 0) return incoming.splice(0, index + 1);
        if (Date.now() > deadline) throw new Error(`no frame matching ${pattern}; got ${JSON.stringify(incoming)}`);
        await new Promise((ok) => setTimeout(ok, 20));
      }
    },
    async next(pattern, timeoutMs) {
      return (await connection.until(pattern, timeoutMs)).at(-1);
    },
    /** Opens (or restarts) the stream and returns its features frame. */
    async open() {
      socket.send(`<open xmlns="${FRAMING}" to="${server.domain}" version="1.0"/>`);
      await connection.next(/^<open /);
      return connection.next(/^<stream:features|^<features/);
    },
    /** Sends an IQ and returns every frame up to its answer; throws on an error answer. */
    async iq(type, to, payload) {
      const id = `iq${nextId++}`;
      const toAttribute = to ? ` to="${to}"` : '';
      socket.send(`<iq xmlns="jabber:client" type="${type}" id="${id}"${toAttribute}>${payload}</iq>`);
      const frames = await connection.until(new RegExp(`^<iq [^>]*id='${id}'`));
      const answer = frames.at(-1);
      if (/type='error'/.test(answer)) throw new Error(`iq ${type} to ${to ?? 'the server'} failed: ${answer}`);
      return frames;
    },
    close: () => socket.terminate(),
  };
  return connection;
}

/** SCRAM (RFC 5802/7677) without channel binding; checks the server's signature too. */
async function scramLogin(connection, username, password, { mechanism = 'SCRAM-SHA-256', hash = 'sha256', keyLength = 32 } = {}) {
  const clientNonce = randomBytes(18).toString('base64');
  const clientFirstBare = `n=${username.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${clientNonce}`;
  const clientFirst = Buffer.from(`n,,${clientFirstBare}`).toString('base64');
  connection.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="${mechanism}">${clientFirst}</auth>`);
  const challenge = await connection.next(/^<challenge|^<failure/);
  assert.match(challenge, /^<challenge/, `${mechanism} refused: ${challenge}`);
  const serverFirst = Buffer.from(/>([^<]*)</.exec(challenge)?.[1] ?? '', 'base64').toString();
  const fields = Object.fromEntries(serverFirst.split(',').map((part) => [part[0], part.slice(2)]));
  assert.ok(fields.r?.startsWith(clientNonce), `server nonce must extend ours: ${serverFirst}`);
  const salted = pbkdf2Sync(password, Buffer.from(fields.s, 'base64'), Number(fields.i), keyLength, hash);
  const hmac = (key, text) => createHmac(hash, key).update(text).digest();
  const clientKey = hmac(salted, 'Client Key');
  const withoutProof = `c=biws,r=${fields.r}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(createHash(hash).update(clientKey).digest(), authMessage);
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i])).toString('base64');
  connection.send(
    `<response xmlns="urn:ietf:params:xml:ns:xmpp-sasl">${Buffer.from(`${withoutProof},p=${proof}`).toString('base64')}</response>`,
  );
  const outcome = await connection.next(/^<success|^<failure/);
  assert.match(outcome, /^<success/, `${mechanism} login failed: ${outcome}`);
  const serverFinal = Buffer.from(/>([^<]*)</.exec(outcome)?.[1] ?? '', 'base64').toString();
  const expected = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
  assert.equal(serverFinal, `v=${expected}`, 'the server signature must prove it knows the password');
}

/** Logs in with SCRAM-SHA-256 and binds a resource; returns the features before and after. */
async function loginOverWebSocket(server, account) {
  const connection = await openSocket(server);
  const mechanisms = await connection.open();
  await scramLogin(connection, account.username, account.password);
  const features = await connection.open();
  const [bound] = (await connection.iq('set', undefined, '<bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/>')).slice(-1);
  const fullJid = /<jid>([^<]+)<\/jid>/.exec(bound)?.[1];
  assert.ok(fullJid?.startsWith(`${account.jid}/`), `bound to ${fullJid}`);
  return { connection, mechanisms, features, fullJid };
}

const featuresOf = (frame) => [...frame.matchAll(/<feature var='([^']+)'/g)].map((match) => match[1]);

async function discoInfo(connection, to) {
  return (await connection.iq('get', to, '<query xmlns="http://jabber.org/protocol/disco#info"/>')).at(-1);
}

/** Listening TCP sockets and bound UDP sockets of one process, from /proc (Linux). */
async function socketsOf(pid) {
  const inodes = new Set();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]);
  }
  const decode = (hex) => {
    const [address, port] = hex.split(':');
    const ip = address.length === 8 ? Buffer.from(address, 'hex').reverse().join('.') : `[${address}]`;
    return `${ip}:${parseInt(port, 16)}`;
  };
  const found = [];
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const text = await readFile(`/proc/net/${table}`, 'utf8').catch(() => '');
    for (const line of text.trim().split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      const [local, state, inode] = [columns[1], columns[3], columns[9]];
      const listening = table.startsWith('udp') || state === '0A';
      if (inodes.has(inode) && listening) found.push(`${table} ${decode(local)}`);
    }
  }
  return found.sort();
}

/** The c2s stream features a plain TCP client sees first. */
function c2sFeatures(server) {
  return new Promise((ok, fail) => {
    const socket = connect({ host: '127.0.0.1', port: server.c2sPort });
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`no stream features on port ${server.c2sPort}; got ${text}`));
    }, 5_000);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      socket.write(
        `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' ` +
          `to='${server.domain}' version='1.0'>`,
      );
    });
    socket.on('data', (chunk) => {
      text += chunk;
      if (text.includes('</stream:features>')) {
        clearTimeout(timer);
        socket.destroy();
        ok(text);
      }
    });
    socket.on('error', fail);
  });
}

describe('ejabberd and python peers', () => {
  let ejabberd;
  let startupMs;
  before(async () => {
    const started = Date.now();
    ejabberd = report.add(await startEjabberd());
    startupMs = Date.now() - started;
  });
  after(async () => {
    report.remove(ejabberd);
    await ejabberd?.stop();
  });

  it('listens only on its two loopback ports, without Erlang distribution', report.wrap(async (t) => {
    t.diagnostic(`ejabberd started in ${startupMs} ms`);
    assert.deepEqual(await socketsOf(ejabberd.pid), [
      `tcp 127.0.0.1:${ejabberd.c2sPort}`,
      `tcp 127.0.0.1:${ejabberd.httpPort}`,
    ].sort());
    // A node without a name has no distribution listener and never starts epmd.
    assert.match(await ejabberd.logs(), /is started in the node nonode@nohost/);
    assert.doesNotMatch(await c2sFeatures(ejabberd), /starttls/, 'TLS must not be offered on the loopback server');
  }));

  it('creates accounts with unique usernames on every call', report.wrap(async () => {
    const first = await ejabberd.createAccounts(['alice', 'alice']);
    const second = await ejabberd.createAccounts(['alice']);
    const usernames = [...first, ...second].map((a) => a.username);
    assert.equal(new Set(usernames).size, 3);
    for (const account of [...first, ...second]) {
      assert.match(account.username, /^alice-[a-z0-9]{4}$/);
      assert.equal(account.jid, `${account.username}@${ejabberd.domain}`);
      assert.ok(account.password.length >= 12);
    }
  }));

  it('lets its HTTP API create accounts and nothing else', report.wrap(async () => {
    const [victim] = await ejabberd.createAccounts(['victim']);
    const response = await fetch(`${ejabberd.httpUrl}/api/unregister`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: victim.username, host: ejabberd.domain }),
    });
    assert.equal(response.status, 403, await response.text());
    const again = await fetch(`${ejabberd.httpUrl}/api/register`, {
      method: 'POST',
      body: JSON.stringify({ user: victim.username, host: ejabberd.domain, password: 'other-password' }),
    });
    assert.equal(again.status, 409, 'an existing account must not be overwritten');
  }));

  it('lets two python peers message each other both ways', report.wrap(async (t) => {
    const [alice, bob] = await ejabberd.createAccounts(['alice', 'bob']);
    // peer.mjs only reads c2sPort from the server object it calls `prosody`.
    const alicePeer = report.add(await startPeer({ ...alice, prosody: ejabberd }));
    const bobPeer = report.add(await startPeer({ ...bob, prosody: ejabberd }));
    t.after(async () => {
      report.remove(alicePeer);
      report.remove(bobPeer);
      await Promise.all([alicePeer.stop(), bobPeer.stop()]);
    });

    await alicePeer.send(bob.jid, 'hello bob, ünïcode & <markup>');
    const atBob = await bobPeer.waitForMessage((m) => m.from === alice.jid);
    assert.equal(atBob.body, 'hello bob, ünïcode & <markup>');

    await bobPeer.send(alice.jid, 'hello alice');
    const atAlice = await alicePeer.waitForMessage((m) => m.from === bob.jid);
    assert.equal(atAlice.body, 'hello alice');
  }));

  it('rejects a peer with a wrong password', report.wrap(async () => {
    const [carol] = await ejabberd.createAccounts(['carol']);
    await assert.rejects(startPeer({ jid: carol.jid, password: 'wrong', prosody: ejabberd }), /could not log in/);
  }));

  it('serves host-meta (XRD and JSON) with CORS for its domain, pointing at its WebSocket', report.wrap(async () => {
    // ejabberd 23.01 answers host-meta only when the Host header names the virtual host.
    const host = `${ejabberd.domain}:${ejabberd.httpPort}`;
    const xrd = await getWithHost(`${ejabberd.httpUrl}/.well-known/host-meta`, host);
    assert.equal(xrd.status, 200);
    assert.match(xrd.headers['content-type'], /^application\/xrd\+xml/);
    assert.equal(xrd.headers['access-control-allow-origin'], '*');
    assert.ok(xrd.body.includes(`rel='urn:xmpp:alt-connections:websocket' href='${ejabberd.wsUrl}'`), xrd.body);
    assert.doesNotMatch(xrd.body, /xbosh/, 'no BOSH endpoint is configured');

    const json = await getWithHost(`${ejabberd.httpUrl}/.well-known/host-meta.json`, host);
    assert.equal(json.status, 200);
    assert.match(json.headers['content-type'], /^application\/json/);
    assert.equal(json.headers['access-control-allow-origin'], '*');
    assert.deepEqual(JSON.parse(json.body), { links: [{ rel: 'urn:xmpp:alt-connections:websocket', href: ejabberd.wsUrl }] });
  }));

  it('logs in over the WebSocket with SCRAM-SHA-256 and offers what the client needs', report.wrap(async (t) => {
    const [dave] = await ejabberd.createAccounts(['dave']);
    const { connection, mechanisms, features } = await loginOverWebSocket(ejabberd, dave);
    t.after(() => connection.close());
    assert.equal(connection.socket.protocol, 'xmpp');
    for (const mechanism of ['SCRAM-SHA-256', 'PLAIN']) {
      assert.ok(mechanisms.includes(`<mechanism>${mechanism}</mechanism>`), `${mechanism} missing from ${mechanisms}`);
    }
    // Keys are stored as SCRAM-SHA-256 (a stable salt), so no other SCRAM hash can be offered.
    assert.doesNotMatch(mechanisms, /SCRAM-SHA-1<|SCRAM-SHA-512|DIGEST-MD5|X-OAUTH2|starttls/i);
    for (const feature of ['urn:ietf:params:xml:ns:xmpp-bind', 'urn:xmpp:sm:3', 'urn:xmpp:csi:0', 'urn:xmpp:features:rosterver']) {
      assert.ok(features.includes(feature), `${feature} missing from ${features}`);
    }
  }));

  it('advertises MAM, carbons, blocking, vCard, PEP, MUC with MAM and HTTP upload', report.wrap(async (t) => {
    const [erin] = await ejabberd.createAccounts(['erin']);
    const { connection } = await loginOverWebSocket(ejabberd, erin);
    t.after(() => connection.close());
    const domain = ejabberd.domain;

    const server = featuresOf(await discoInfo(connection, domain));
    for (const feature of ['urn:xmpp:carbons:2', 'urn:xmpp:blocking', 'vcard-temp', 'urn:xmpp:ping', 'jabber:iq:register']) {
      assert.ok(server.includes(feature), `the server lacks ${feature}: ${server}`);
    }
    const accountInfo = await discoInfo(connection, erin.jid);
    assert.match(accountInfo, /<identity type='pep' category='pubsub'\/>/);
    for (const feature of ['urn:xmpp:mam:2', 'http://jabber.org/protocol/pubsub#publish-options']) {
      assert.ok(featuresOf(accountInfo).includes(feature), `the account lacks ${feature}: ${accountInfo}`);
    }

    const items = (await connection.iq('get', domain, '<query xmlns="http://jabber.org/protocol/disco#items"/>')).at(-1);
    for (const component of [`conference.${domain}`, `upload.${domain}`]) {
      assert.ok(items.includes(`<item jid='${component}'/>`), `${component} missing from ${items}`);
    }
    assert.ok(featuresOf(await discoInfo(connection, `conference.${domain}`)).includes('urn:xmpp:mam:2'));
    const upload = await discoInfo(connection, `upload.${domain}`);
    assert.ok(featuresOf(upload).includes('urn:xmpp:http:upload:0'));
    assert.match(upload, /<field var='max-file-size'[^>]*><value>10485760<\/value>/);
  }));

  it('archives one-to-one messages and new rooms by default', report.wrap(async (t) => {
    const [frank, grace] = await ejabberd.createAccounts(['frank', 'grace']);
    const { connection } = await loginOverWebSocket(ejabberd, frank);
    t.after(() => connection.close());

    const body = `archived ${randomBytes(4).toString('hex')}`;
    connection.send(`<message xmlns="jabber:client" type="chat" to="${grace.jid}" id="m1"><body>${body}</body></message>`);
    const archived = await connection.iq('set', undefined, '<query xmlns="urn:xmpp:mam:2" queryid="q1"/>');
    assert.ok(archived.some((frame) => frame.includes("queryid='q1'") && frame.includes(`<body>${body}</body>`)), archived.join('\n'));
    assert.match(archived.at(-1), /<fin [^>]*complete='true'/);

    const room = `room-${randomBytes(3).toString('hex')}@conference.${ejabberd.domain}`;
    connection.send(`<presence xmlns="jabber:client" to="${room}/frank"><x xmlns="http://jabber.org/protocol/muc"/></presence>`);
    const joined = await connection.next(new RegExp(`^<presence [^>]*from='${room}/frank'`));
    assert.match(joined, /<status code='110'\/>/, `not joined: ${joined}`);
    const roomInfo = featuresOf(await discoInfo(connection, room));
    assert.ok(roomInfo.includes('urn:xmpp:mam:2'), `the new room is not archived: ${roomInfo}`);
  }));

  it('hands out HTTP upload slots whose URLs accept PUT and GET with CORS', report.wrap(async (t) => {
    const [heidi] = await ejabberd.createAccounts(['heidi']);
    const { connection } = await loginOverWebSocket(ejabberd, heidi);
    t.after(() => connection.close());
    const content = `upload ${randomBytes(8).toString('hex')}`;
    const slot = (await connection.iq(
      'get',
      `upload.${ejabberd.domain}`,
      `<request xmlns="urn:xmpp:http:upload:0" filename="note.txt" size="${content.length}" content-type="text/plain"/>`,
    )).at(-1);
    const putUrl = unescapeXml(/<put url='([^']+)'/.exec(slot)?.[1] ?? '');
    const getUrl = unescapeXml(/<get url='([^']+)'/.exec(slot)?.[1] ?? '');
    assert.ok(putUrl.startsWith(`${ejabberd.httpUrl}/upload/`), `unexpected slot: ${slot}`);

    const preflight = await fetch(putUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods'), /PUT/);
    const put = await fetch(putUrl, { method: 'PUT', body: content, headers: { 'content-type': 'text/plain' } });
    assert.equal(put.status, 201, await put.text());
    const got = await fetch(getUrl);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('access-control-allow-origin'), '*');
    assert.equal(await got.text(), content);
  }));

  it('allows in-band registration from loopback more than once, then SCRAM-SHA-256 logins', report.wrap(async () => {
    for (const name of ['ivan', 'judy']) {
      const username = `${name}-${randomBytes(3).toString('hex')}`;
      const password = `pw-${randomBytes(9).toString('base64url')}`;
      const registration = await openSocket(ejabberd);
      try {
        assert.match(await registration.open(), /<register xmlns='http:\/\/jabber.org\/features\/iq-register'\/>/);
        const fields = `<username>${escapeXml(username)}</username><password>${escapeXml(password)}</password>`;
        await registration.iq('set', undefined, `<query xmlns="jabber:iq:register">${fields}</query>`);
      } finally {
        registration.close();
      }
      const login = await openSocket(ejabberd);
      try {
        await login.open();
        await scramLogin(login, username, password);
      } finally {
        login.close();
      }
    }
  }));

  it('publishes to PEP from fresh accounts at the same moment', report.wrap(async (t) => {
    const accounts = await ejabberd.createAccounts(['kim', 'lee', 'max']);
    const sessions = await Promise.all(accounts.map((account) => loginOverWebSocket(ejabberd, account)));
    t.after(() => sessions.forEach(({ connection }) => connection.close()));
    // Each first publish auto-creates a PEP node; the default Mnesia backend deadlocks when fresh
    // accounts do that at the same moment. One IQ at a time per connection, all accounts at once.
    const pubsub = (payload) => `<pubsub xmlns="http://jabber.org/protocol/pubsub">${payload}</pubsub>`;
    const publish = (connection, node, id, item) =>
      connection.iq('set', undefined, pubsub(`<publish node="${node}"><item id="${id}">${item}</item></publish>`));
    const room = `room@conference.${ejabberd.domain}`;
    await Promise.all(sessions.map(async ({ connection }) => {
      await publish(connection, 'urn:xmpp:omemo:2:devices', 'current', '<devices xmlns="urn:xmpp:omemo:2"><device id="1"/></devices>');
      await publish(connection, 'urn:xmpp:bookmarks:1', room, '<conference xmlns="urn:xmpp:bookmarks:1" autojoin="false"/>');
    }));
    for (const [index, { connection }] of sessions.entries()) {
      const items = await connection.iq('get', accounts[index].jid, pubsub('<items node="urn:xmpp:omemo:2:devices"/>'));
      assert.match(items.at(-1), /<device id='1'\/>/);
    }
  }));
});
