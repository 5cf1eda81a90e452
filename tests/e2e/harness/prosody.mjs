// A throwaway Prosody per call on free loopback ports, from config/prosody/prosody.cfg.lua.in.
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from '../../../scripts/free-port.mjs';
import { renderProsodyConfig } from '../../../scripts/prosody-config.mjs';
import { accountFactory } from './accounts.mjs';
import { scratchRoot } from './paths.mjs';
import { track } from './processes.mjs';
import { hasExited, portAcceptsConnections, stopChild, waitUntil } from './wait.mjs';

const run = promisify(execFile);
const LOG_TAIL_LINES = 200;

async function readTail(path, lines) {
  const text = await readFile(path, 'utf8').catch((error) => `(cannot read ${path}: ${error.message})`);
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Where the SQLite database of `archiveStorage: 'sql'` goes: in memory (/dev/shm) where there
 * is one, since SQLite syncs every message the server archives to disk, and a benchmark would
 * otherwise time the disk rather than the client.
 */
async function sqlDirectory(dir) {
  const memory = '/dev/shm';
  return existsSync(memory) ? mkdtemp(join(memory, 'jibber-prosody-')) : dir;
}

/**
 * Starts Prosody in a fresh temporary directory and waits until its c2s and HTTP ports accept
 * connections. Logs stay in that directory until stop(); `logs()` returns their tail.
 * `archiveStorage: 'sql'` keeps message archives in SQLite instead of Prosody's files.
 */
export async function startProsody({ domain = 'localhost', logLevel = 'debug', startTimeoutMs = 20_000, archiveStorage = 'internal' } = {}) {
  const dir = await mkdtemp(join(scratchRoot(), 'prosody-'));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const [c2sPort, httpPort] = await freePorts(2);
  const sqlDir = archiveStorage === 'sql' ? await sqlDirectory(dir) : dir;
  const database = join(sqlDir, 'prosody.sqlite');
  const configPath = join(dir, 'prosody.cfg.lua');
  const logFile = join(dir, 'prosody.log');
  const consoleFile = join(dir, 'console.log');
  await writeFile(
    configPath,
    renderProsodyConfig({ dataDir, c2sPort, httpPort, domain, logLevel, logFile, pidFile: join(dir, 'prosody.pid'), archiveStorage, database }),
  );

  const consoleFd = openSync(consoleFile, 'a');
  // detached = its own session (setsid), so a Ctrl-C meant for the test runner reaches it only through stop().
  const child = spawn('prosody', ['-F', '--config', configPath], { detached: true, stdio: ['ignore', consoleFd, consoleFd] });
  closeSync(consoleFd);
  track(child, `prosody ${dir}`);
  child.unref();
  const spawnError = new Promise((_, fail) => child.once('error', fail));

  const logs = async (lines = LOG_TAIL_LINES) =>
    `---- prosody console (${consoleFile}) ----\n${await readTail(consoleFile, lines)}\n` +
    `---- prosody log (${logFile}) ----\n${await readTail(logFile, lines)}`;

  try {
    await Promise.race([
      spawnError,
      waitUntil(
        async () => {
          if (hasExited(child)) throw new Error(`prosody exited during start-up (code ${child.exitCode})`);
          return (await portAcceptsConnections(c2sPort)) && (await portAcceptsConnections(httpPort));
        },
        { timeoutMs: startTimeoutMs, describe: () => `prosody on ports ${c2sPort} and ${httpPort}` },
      ),
    ]);
  } catch (error) {
    await stopChild(child);
    if (sqlDir !== dir) await rm(sqlDir, { recursive: true, force: true });
    throw new Error(`${error.message}\n${await logs()}`);
  }

  const createAccounts = accountFactory(domain, (username, password) =>
    run('prosodyctl', ['--config', configPath, 'register', username, domain, password]).catch((error) => {
      throw new Error(`prosodyctl register ${username}@${domain} failed: ${error.stderr || error.message}`);
    }));

  return {
    domain,
    c2sPort,
    httpPort,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    wsUrl: `ws://127.0.0.1:${httpPort}/xmpp-websocket`,
    dir,
    dataDir,
    configPath,
    archiveStorage,
    database,
    pid: child.pid,
    createAccounts,
    logs,
    async describeFailure() {
      return logs();
    },
    async stop() {
      await stopChild(child);
      if (sqlDir !== dir) await rm(sqlDir, { recursive: true, force: true });
      if (!process.env.E2E_KEEP_TMP) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Prints the tail of a Prosody's logs, e.g. from a test's catch block. */
export async function printProsodyLogs(prosody, lines = LOG_TAIL_LINES) {
  console.error(await prosody.logs(lines));
}
