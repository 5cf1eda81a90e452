// Polling helpers: tests wait for conditions, never for fixed sleeps.
import { connect } from 'node:net';

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export function portAcceptsConnections(port, host = '127.0.0.1') {
  return new Promise((ok) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/** Resolves when `check()` returns a truthy value; throws `describe()` after `timeoutMs`. */
export async function waitUntil(check, { timeoutMs = 10_000, intervalMs = 50, describe = () => 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await sleep(intervalMs);
  }
}

export function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves with true once `child` has exited, or false after `timeoutMs`. */
export function waitForExit(child, timeoutMs) {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((ok) => {
    const timer = setTimeout(() => ok(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      ok(true);
    });
  });
}

function signal(child, name) {
  if (hasExited(child)) return;
  try {
    process.kill(child.pid, name);
  } catch (error) {
    // Already reaped, its exit event not yet delivered.
    if (error.code !== 'ESRCH') throw error;
  }
}

/** Stops one child process we started, by its PID: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child, graceMs = 5_000) {
  if (child.pid === undefined || hasExited(child)) return;
  signal(child, 'SIGTERM');
  if (await waitForExit(child, graceMs)) return;
  signal(child, 'SIGKILL');
  await waitForExit(child, graceMs);
}
