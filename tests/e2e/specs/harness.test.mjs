// Checks the e2e harness itself, without the app: Prosody, accounts, python peers, host-meta,
// serve.mjs (CSP, MIME types, config.json) in a real Chromium, and the fake WebSocket server.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startServer } from '../../../scripts/serve.mjs';
import { launchBrowser, foreignRequests } from '../harness/browser.mjs';
import { FailureReport } from '../harness/diagnostics.mjs';
import { frames, scripts, startFakeWs } from '../harness/fake-ws.mjs';
import { scratchRoot } from '../harness/paths.mjs';
import { startPeer } from '../harness/peer.mjs';
import { onServer, prosodyOnly } from '../harness/servers.mjs';

const report = new FailureReport();

// ejabberd's fixture has its own checks (ejabberd-harness.test.mjs), run in every run.
const fixture = prosodyOnly('checks the Prosody fixture itself');

describe(onServer('python peers', fixture), () => {
  let prosody;
  before(async () => {
    prosody = report.add(await fixture.start());
  });
  after(async () => {
    report.remove(prosody);
    await prosody?.stop();
  });

  it('creates accounts with unique usernames on every call', report.wrap(async () => {
    const first = await prosody.createAccounts(['alice', 'alice']);
    const second = await prosody.createAccounts(['alice']);
    const usernames = [...first, ...second].map((a) => a.username);
    assert.equal(new Set(usernames).size, 3);
    for (const account of [...first, ...second]) {
      assert.match(account.username, /^alice-[a-z0-9]{4}$/);
      assert.equal(account.jid, `${account.username}@${prosody.domain}`);
      assert.ok(account.password.length >= 12);
    }
  }));

  it('lets two python peers message each other both ways', report.wrap(async (t) => {
    const [alice, bob] = await prosody.createAccounts(['alice', 'bob']);
    const alicePeer = report.add(await startPeer({ ...alice, prosody }));
    const bobPeer = report.add(await startPeer({ ...bob, prosody }));
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
    const [carol] = await prosody.createAccounts(['carol']);
    await assert.rejects(startPeer({ jid: carol.jid, password: 'wrong', prosody }), /could not log in/);
  }));

  it('serves host-meta (XRD and JSON) with CORS, pointing at its WebSocket', report.wrap(async () => {
    const xrd = await fetch(`${prosody.httpUrl}/.well-known/host-meta`);
    assert.equal(xrd.status, 200);
    assert.match(xrd.headers.get('content-type'), /^application\/xrd\+xml/);
    assert.equal(xrd.headers.get('access-control-allow-origin'), '*');
    assert.ok((await xrd.text()).includes(`rel='urn:xmpp:alt-connections:websocket' href='${prosody.wsUrl}'`));

    const json = await fetch(`${prosody.httpUrl}/.well-known/host-meta.json`);
    assert.equal(json.status, 200);
    assert.match(json.headers.get('content-type'), /^application\/json/);
    assert.equal(json.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(await json.json(), { links: [{ rel: 'urn:xmpp:alt-connections:websocket', href: prosody.wsUrl }] });
  }));

  it('logs in over the WebSocket (xmpp subprotocol) and offers what the client needs', report.wrap(async () => {
    const [dave] = await prosody.createAccounts(['dave']);
    const socket = new WebSocket(prosody.wsUrl, 'xmpp');
    const incoming = [];
    socket.on('message', (data) => incoming.push(data.toString()));
    const nextFrame = async (pattern) => {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const index = incoming.findIndex((frame) => pattern.test(frame));
        if (index >= 0) return incoming.splice(0, index + 1).at(-1);
        if (Date.now() > deadline) throw new Error(`no frame matching ${pattern}; got ${JSON.stringify(incoming)}`);
        await new Promise((ok) => setTimeout(ok, 20));
      }
    };
    const open = `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${prosody.domain}" version="1.0"/>`;
    try {
      await new Promise((ok, fail) => {
        socket.once('open', ok);
        socket.once('error', fail);
      });
      assert.equal(socket.protocol, 'xmpp');
      socket.send(open);
      await nextFrame(/^<open /);
      const mechanisms = await nextFrame(/<stream:features|<features/);
      assert.match(mechanisms, /<mechanism>SCRAM-SHA-1<\/mechanism>/);
      assert.match(mechanisms, /<mechanism>PLAIN<\/mechanism>/);
      assert.doesNotMatch(mechanisms, /starttls/, 'TLS must not be offered on the loopback server');
      const plain = Buffer.from(`\0${dave.username}\0${dave.password}`).toString('base64');
      socket.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${plain}</auth>`);
      await nextFrame(/<success /);
      socket.send(open);
      const features = await nextFrame(/<stream:features|<features/);
      for (const feature of ['urn:ietf:params:xml:ns:xmpp-bind', 'urn:xmpp:sm:3', 'urn:xmpp:csi:0']) {
        assert.ok(features.includes(feature), `${feature} missing from ${features}`);
      }
    } finally {
      socket.terminate();
    }
  }));
});

describe('serve.mjs', () => {
  const inlineScript = "document.title = 'inline script ran';";
  const blockedScript = "document.title = 'unhashed script ran';";
  let dir;
  let server;
  let browser;
  before(async () => {
    dir = await mkdtemp(join(scratchRoot(), 'serve-test-'));
    await writeFile(
      join(dir, 'index.html'),
      `<!doctype html><html><head><meta charset="utf-8"><title>start</title>` +
        `<script type="module">${inlineScript}</script><script src="/app.js"></script></head>` +
        `<body><p id="p">static</p></body></html>`,
    );
    await writeFile(
      join(dir, 'app.js'),
      // Runs from 'self'; an injected inline script and eval must both be refused.
      `window.addEventListener('DOMContentLoaded', () => {
        const injected = document.createElement('script');
        injected.textContent = ${JSON.stringify(blockedScript)};
        document.head.append(injected);
        try { eval('1'); document.body.dataset.eval = 'allowed'; } catch { document.body.dataset.eval = 'blocked'; }
        fetch('/config.json').then((r) => r.json()).then((c) => { document.body.dataset.domain = c.domain; });
      });`,
    );
    await writeFile(join(dir, 'module.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    await writeFile(join(dir, 'style.css'), 'p { color: green; }');
    await writeFile(join(dir, 'manifest.webmanifest'), '{}');
    server = await startServer({
      dir,
      port: 0,
      config: { websocket_url: 'ws://127.0.0.1:5999/xmpp-websocket', domain: 'example.test' },
    });
  });
  after(async () => {
    report.remove(browser);
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends a strict CSP with the inline script hashes, the WebSocket origin and its file origin', report.wrap(async () => {
    const response = await fetch(server.url);
    assert.equal(response.status, 200);
    const hash = createHash('sha256').update(inlineScript).digest('base64');
    assert.equal(
      response.headers.get('content-security-policy'),
      `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash}'; style-src 'self'; ` +
        "connect-src 'self' ws://127.0.0.1:5999 http://127.0.0.1:5999; img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self'; manifest-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
  }));

  it('answers with the right MIME types, config.json, app-route fallback and 404s', report.wrap(async () => {
    const contentType = async (path) => (await fetch(new URL(path, server.url))).headers.get('content-type');
    assert.equal(await contentType('/module.wasm'), 'application/wasm');
    assert.equal(await contentType('/app.js'), 'text/javascript; charset=utf-8');
    assert.equal(await contentType('/style.css'), 'text/css; charset=utf-8');
    assert.equal(await contentType('/'), 'text/html; charset=utf-8');
    assert.equal(await contentType('/manifest.webmanifest'), 'application/manifest+json');

    const config = await fetch(new URL('/config.json', server.url));
    assert.equal(config.headers.get('content-type'), 'application/json');
    assert.deepEqual(await config.json(), { websocket_url: 'ws://127.0.0.1:5999/xmpp-websocket', domain: 'example.test' });

    const route = await fetch(new URL('/chat/someone', server.url));
    assert.equal(route.status, 200);
    assert.match(await route.text(), /<p id="p">static<\/p>/);
    assert.equal((await fetch(new URL('/missing.js', server.url))).status, 404);
    assert.equal((await fetch(new URL('/..%2f..%2fetc%2fpasswd', server.url))).status, 404);
    assert.equal((await fetch(server.url, { method: 'POST' })).status, 405);
  }));

  it('lets Chromium run the hashed inline script and refuses injected scripts and eval', report.wrap(async () => {
    browser = report.add(await launchBrowser());
    const user = await browser.newUser('csp');
    await user.page.goto(server.url);
    await user.page.waitForFunction(() => document.body.dataset.domain === 'example.test');
    assert.equal(await user.page.title(), 'inline script ran');
    assert.equal(await user.page.evaluate(() => document.body.dataset.eval), 'blocked');
    assert.ok(
      user.consoleErrors.some((e) => e.includes('Content Security Policy')),
      `expected a CSP violation in the console, got: ${user.consoleErrors.join(' | ')}`,
    );
    const origin = new URL(server.url).origin;
    assert.deepEqual(foreignRequests(user.requests, [origin]), []);
    assert.ok(user.requests.includes(new URL('/config.json', server.url).href));
  }));
});

describe('fake WebSocket server', () => {
  for (const [name, script, expected] of [
    ['open then malformed XML', scripts.malformedAfterOpen(), [frames.open(), frames.malformedFeatures]],
    ['a DOCTYPE', scripts.doctype(), [frames.doctype]],
  ]) {
    it(`answers the first frame with ${name}`, report.wrap(async (t) => {
      const fake = report.add(await startFakeWs({ script }));
      const socket = new WebSocket(fake.url, 'xmpp');
      t.after(async () => {
        report.remove(fake);
        socket.terminate();
        await fake.close();
      });
      const received = [];
      socket.on('message', (data) => received.push(data.toString()));
      await new Promise((ok, fail) => {
        socket.once('open', ok);
        socket.once('error', fail);
      });
      assert.equal(socket.protocol, 'xmpp');
      socket.send('<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>');
      const deadline = Date.now() + 5_000;
      while (received.length < expected.length && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 20));
      assert.deepEqual(received, expected);
      assert.equal(fake.connections.length, 1);
      assert.equal(fake.connections[0].protocol, 'xmpp');
      assert.match(fake.connections[0].received[0], /^<open /);
    }));
  }
});
