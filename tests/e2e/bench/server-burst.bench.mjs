// `make bench`: the server's share of `messages.bench.mjs`'s burst. The same Prosody setup and the
// same 1,000 messages from the same peer, received by a minimal WebSocket client (no browser, a
// string test per frame, stream management answered) instead of Jibber: how long Prosody itself
// takes to pass the burst on, first frame to last, on this machine. Writes
// target/bench/server-burst.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { repoRoot } from '../harness/paths.mjs';
import { startPeer } from '../harness/peer.mjs';
import { startProsody } from '../harness/prosody.mjs';
import { summarize } from './measure.mjs';
import { benchArchiveStorage, seedArchive } from './seed.mjs';

const ARCHIVE = Number(process.env.BENCH_ARCHIVE ?? 10_000);
const INCOMING = Number(process.env.BENCH_INCOMING ?? 1_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const TIMEOUT_MS = 60_000;

/** Logs `account` in over `url` with SASL PLAIN, binds, enables stream management, goes online. */
async function minimalClient(url, account) {
  const ws = new WebSocket(url, 'xmpp');
  const waiting = [];
  const received = { count: 0, first: undefined, last: undefined, marker: undefined };
  let handled = 0;
  ws.on('message', (data) => {
    const frame = data.toString();
    if (frame.startsWith('<message')) {
      handled += 1;
      if (received.marker && frame.includes(received.marker)) {
        received.count += 1;
        received.first ??= performance.now();
        received.last = performance.now();
      }
    } else if (frame.startsWith('<r ')) {
      ws.send(`<a xmlns='urn:xmpp:sm:3' h='${handled}'/>`);
    }
    for (const waiter of [...waiting]) {
      if (waiter.pattern.test(frame)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  });
  const next = (pattern) => new Promise((resolve) => waiting.push({ pattern, resolve }));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const open = () => ws.send(`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='${account.jid.split('@')[1]}' version='1.0'/>`);
  let features = next(/<stream:features/);
  open();
  await features;
  const plain = Buffer.from(`\0${account.username}\0${account.password}`).toString('base64');
  const success = next(/<success|<failure/);
  ws.send(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth>`);
  if (!(await success).startsWith('<success')) throw new Error(`${account.jid} could not log in`);
  features = next(/<stream:features/);
  open();
  await features;
  const bound = next(/id='bind'|id="bind"/);
  ws.send(`<iq xmlns='jabber:client' type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>`);
  await bound;
  const enabled = next(/<enabled/);
  ws.send(`<enable xmlns='urn:xmpp:sm:3'/>`);
  await enabled;
  ws.send(`<presence xmlns='jabber:client'/>`);
  return { ws, received };
}

const prosody = await startProsody({ logLevel: 'warn', archiveStorage: benchArchiveStorage });
let peer;
try {
  const [owner, other] = await prosody.createAccounts(['bench', 'peer']);
  await seedArchive(prosody, owner, other, ARCHIVE);
  const client = await minimalClient(prosody.wsUrl, owner);
  peer = await startPeer({ jid: other.jid, password: other.password, prosody });
  const spans = [];
  const totals = [];
  for (let round = 0; round < REPEAT; round++) {
    Object.assign(client.received, { count: 0, first: undefined, last: undefined, marker: `>burst ${round} ` });
    const stanzas = Array.from({ length: INCOMING }, (_, n) => `<message type="chat" to="${owner.jid}" id="burst-${round}-${n}"><body>burst ${round} ${n}</body></message>`);
    const started = performance.now();
    await peer.sendRaw(stanzas.join(''), TIMEOUT_MS);
    const deadline = started + TIMEOUT_MS;
    while (client.received.count < INCOMING) {
      if (performance.now() > deadline) throw new Error(`${client.received.count} of ${INCOMING} arrived`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    spans.push(client.received.last - client.received.first);
    totals.push(client.received.last - started);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  client.ws.close();
  const results = {
    archive: ARCHIVE,
    [`incoming_${INCOMING}_first_to_last_frame_ms`]: summarize(spans),
    [`incoming_${INCOMING}_sent_to_last_frame_ms`]: summarize(totals),
  };
  console.log(`\nserver burst (${ARCHIVE}-message archive, ${INCOMING} messages to a minimal client, ${REPEAT} runs)`);
  for (const [name, value] of Object.entries(results)) console.log(`  ${name.padEnd(36)} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  const outDir = join(repoRoot, 'target/bench');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'server-burst.json'), `${JSON.stringify(results, null, 2)}\n`);
} catch (error) {
  console.error(error);
  console.error(await prosody.logs(40));
  process.exitCode = 1;
} finally {
  await peer?.stop();
  await prosody.stop();
}
