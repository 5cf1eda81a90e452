// Drives tests/peer/peer.py (a slixmpp client) over JSON lines on its stdin/stdout.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './paths.mjs';
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
 * Returns `{ jid, events, messages, send(to, body), waitForMessage(predicate, timeoutMs),
 * waitForEvent(predicate, timeoutMs), describeFailure(), stop() }`.
 */
export async function startPeer({ jid, password, prosody, debug = false, readyTimeoutMs = 30_000 }) {
  const args = [PEER_SCRIPT, '--jid', jid, '--host', '127.0.0.1', '--port', String(prosody.c2sPort)];
  if (debug) args.push('--debug');
  const child = spawn(pythonPath(), args, {
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

  await waitForEvent((e) => e.event === 'ready' || e.event === 'error', readyTimeoutMs, 'ready').then((event) => {
    if (event.event === 'error') throw new Error(`peer ${jid} could not log in: ${event.message}\n${describe()}`);
  }).catch(async (error) => {
    await stopChild(child);
    throw error;
  });

  return {
    jid,
    events,
    get messages() {
      return events.filter((e) => e.event === 'message');
    },
    waitForEvent,
    async send(to, body, timeoutMs = 10_000) {
      const ref = command('send', { to, body });
      const answer = await waitForEvent((e) => e.ref === ref, timeoutMs, `the answer to send #${ref}`);
      if (answer.event === 'error') throw new Error(`peer ${jid} could not send to ${to}: ${answer.message}`);
      return answer;
    },
    waitForMessage(predicate = () => true, timeoutMs = 10_000) {
      return waitForEvent((e) => e.event === 'message' && predicate(e), timeoutMs, 'a matching message');
    },
    async describeFailure() {
      return `---- ${describe()}`;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.stdin.writable) {
        child.stdin.write(`${JSON.stringify({ cmd: 'quit' })}\n`);
        child.stdin.end();
        if (await waitForExit(child, 5_000)) return;
      }
      await stopChild(child);
    },
  };
}
