// Drives tests/peer/peer.py (a slixmpp client) over JSON lines on its stdin/stdout.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot, scratchRoot } from './paths.mjs';
import { track } from './processes.mjs';
import { stopChild, waitForExit } from './wait.mjs';

const PEER_SCRIPT = join(repoRoot, 'tests/peer/peer.py');
const STDERR_TAIL_CHARS = 20_000;

function pythonPath() {
  const python = process.env.PEER_PYTHON ?? join(repoRoot, '.venv/bin/python');
  if (!existsSync(python)) throw new Error(`${python} is missing: run scripts/setup.sh (it creates .venv)`);
  return python;
}

/**
 * Starts a peer logged in as `jid` on `prosody` and resolves once its session is ready.
 *
 * With `omemo: true` the peer is a real OMEMO device (legacy and OMEMO 2, blind trust) whose keys live in
 * `omemoStore` (a directory; a temporary one, removed by stop(), when not given). Pass the same
 * `omemoStore` again to restart the same device; a new directory means a new device id on the server.
 * `legacyOnly` makes it a device without OMEMO 2 (only `eu.siacs.conversations.axolotl`).
 *
 * Returns `{ jid, events, messages, device, send(to, body), sendRaw(xml), mam(withJid),
 * sendOmemo(to, body), sendOmemo2(to, body), deviceInfo(), devices(jid), joinRoom(room, nick),
 * sendOmemoGroup(room, body, options), roomMam(room), waitForMessage(predicate, timeoutMs),
 * waitForEvent(predicate, timeoutMs), describeFailure(), stop() }`; `device` is the OMEMO device
 * (`{ device_id, fingerprint, identity_key, namespaces, ... }`) or null.
 */
export async function startPeer({ jid, password, prosody, debug = false, omemo = false, legacyOnly = false, omemoStore, readyTimeoutMs }) {
  const args = [PEER_SCRIPT, '--jid', jid, '--host', '127.0.0.1', '--port', String(prosody.c2sPort)];
  if (debug) args.push('--debug');
  const python = pythonPath();
  const ownStore = omemo && !omemoStore ? await mkdtemp(join(scratchRoot(), 'omemo-peer-')) : undefined;
  if (omemo) args.push('--omemo', '--omemo-store', omemoStore ?? ownStore);
  if (omemo && legacyOnly) args.push('--omemo-legacy-only');
  const removeOwnStore = async () => {
    if (ownStore && !process.env.E2E_KEEP_TMP) await rm(ownStore, { recursive: true, force: true });
  };
  const child = spawn(python, args, {
    env: { ...process.env, PEER_PASSWORD: password, PYTHONUNBUFFERED: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(child, `peer ${jid}`);

  const events = [];
  const waiters = new Set();
  let stderr = '';
  let nextRef = 1;

  const settleWaiters = () => {
    for (const waiter of waiters) waiter.check();
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      events.push(JSON.parse(line));
    } catch {
      events.push({ event: 'unparsed', line });
    }
    settleWaiters();
  });
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
  });
  child.on('exit', settleWaiters);
  child.stdin.on('error', () => {}); // A write after the peer exited fails its waiter instead.

  const describe = () => `peer ${jid}\nevents:\n  ${events.map((e) => JSON.stringify(e)).join('\n  ')}\nstderr:\n${stderr}`;

  /** Resolves with the first event (already received or future) matching `predicate`. */
  function waitForEvent(predicate, timeoutMs = 10_000, what = 'an event') {
    return new Promise((resolve, reject) => {
      const waiter = {
        check() {
          const found = events.find(predicate);
          if (found) finish(() => resolve(found));
          else if (child.exitCode !== null || child.signalCode !== null) {
            finish(() => reject(new Error(`peer ${jid} exited (code ${child.exitCode}) while waiting for ${what}\n${describe()}`)));
          }
        },
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`peer ${jid}: no ${what} within ${timeoutMs} ms\n${describe()}`))),
        timeoutMs,
      );
      function finish(settle) {
        clearTimeout(timer);
        waiters.delete(waiter);
        settle();
      }
      waiters.add(waiter);
      waiter.check();
    });
  }

  function command(cmd, fields) {
    const ref = String(nextRef++);
    child.stdin.write(`${JSON.stringify({ cmd, ref, ...fields })}\n`);
    return ref;
  }

  /** Sends a command and resolves with its answer event; an `error` answer rejects. */
  async function request(cmd, fields, timeoutMs, what) {
    const ref = command(cmd, fields);
    const answer = await waitForEvent((e) => e.ref === ref, timeoutMs, `the answer to ${cmd} #${ref}`);
    if (answer.event === 'error') throw new Error(`peer ${jid} could not ${what}: ${answer.message}`);
    return answer;
  }

  const ready = await waitForEvent(
    (e) => e.event === 'ready' || e.event === 'error',
    readyTimeoutMs ?? (omemo ? 60_000 : 30_000),
    'ready',
  ).then((event) => {
    if (event.event === 'error') throw new Error(`peer ${jid} could not log in: ${event.message}\n${describe()}`);
    return event;
  }).catch(async (error) => {
    await stopChild(child);
    await removeOwnStore();
    throw error;
  });

  return {
    jid,
    events,
    /** This peer's OMEMO device as reported at start-up, or null without `omemo`. */
    device: ready.omemo ?? null,
    get messages() {
      return events.filter((e) => e.event === 'message');
    },
    waitForEvent,
    send(to, body, timeoutMs = 10_000) {
      return request('send', { to, body }, timeoutMs, `send to ${to}`);
    },
    /** Sends `xml` as it is (a stanza the server checks like any other). */
    sendRaw(xml, timeoutMs = 10_000) {
      return request('send_raw', { xml }, timeoutMs, 'send raw XML');
    },
    /** The stanzas (XML strings, oldest first) of this account's archive exchanged with `withJid`. */
    async mam(withJid, timeoutMs = 20_000) {
      return (await request('mam', { with: withJid }, timeoutMs, `query the archive with ${withJid}`)).stanzas;
    },
    /** Sends `body` with legacy OMEMO to every trusted device of `to` and of this account. */
    sendOmemo(to, body, timeoutMs = 20_000) {
      return request('send_omemo', { to, body }, timeoutMs, `send legacy OMEMO to ${to}`);
    },
    /** Sends `body` with OMEMO 2 inside an XEP-0420 envelope. */
    sendOmemo2(to, body, timeoutMs = 20_000) {
      return request('send_omemo2', { to, body }, timeoutMs, `send OMEMO 2 to ${to}`);
    },
    /** This device (id, fingerprint, identity key, namespaces) plus `other_devices` of the account. */
    deviceInfo(timeoutMs = 10_000) {
      return request('device_info', {}, timeoutMs, 'report its OMEMO device');
    },
    /** The OMEMO devices of `bareJid` as the peer sees them after fetching its device lists. */
    async devices(bareJid, timeoutMs = 20_000) {
      return (await request('devices', { jid: bareJid }, timeoutMs, `list the devices of ${bareJid}`)).devices;
    },
    /** Joins the MUC `room` as `nick`; resolves with `{ occupants: { nick: realBareJid | null } }`. */
    joinRoom(room, nick, timeoutMs = 30_000) {
      return request('join_room', { room, nick }, timeoutMs, `join ${room}`);
    },
    /**
     * Sends `body` as a groupchat OMEMO message (OMEMO 2, or legacy with `version: 'legacy'`) encrypted for
     * the room's occupants and `members` (real JIDs of members not present).
     */
    sendOmemoGroup(room, body, { members = [], version = 'omemo2' } = {}, timeoutMs = 30_000) {
      return request('send_omemo_group', { room, body, members, version }, timeoutMs, `send OMEMO to ${room}`);
    },
    /** The stanzas (XML strings, oldest first) of the room's archive. */
    async roomMam(room, timeoutMs = 20_000) {
      return (await request('room_mam', { room }, timeoutMs, `query the archive of ${room}`)).stanzas;
    },
    waitForMessage(predicate = () => true, timeoutMs = 10_000) {
      return waitForEvent((e) => e.event === 'message' && predicate(e), timeoutMs, 'a matching message');
    },
    async describeFailure() {
      return `---- ${describe()}`;
    },
    async stop() {
      try {
        if (child.exitCode === null && child.signalCode === null && child.stdin.writable) {
          child.stdin.write(`${JSON.stringify({ cmd: 'quit' })}\n`);
          child.stdin.end();
          if (await waitForExit(child, 5_000)) return;
        }
        await stopChild(child);
      } finally {
        await removeOwnStore();
      }
    },
  };
}
