// A throwaway ejabberd per call on free loopback ports, from config/ejabberd/ejabberd.yml.in.
// Same interface as startProsody(), so a test can run against either server.
//
// The Erlang VM is started directly, not through ejabberdctl: without a node name it opens no
// distribution port and starts no epmd, the PID we spawn is the VM's own, and it runs as the
// current user (ejabberdctl insists on root or the `ejabberd` user).
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { accountFactory } from './accounts.mjs';
import { freePorts } from '../../../scripts/free-port.mjs';
import { repoRoot, scratchRoot } from './paths.mjs';
import { track } from './processes.mjs';
import { hasExited, portAcceptsConnections, stopChild, waitForExit, waitUntil } from './wait.mjs';

const run = promisify(execFile);
const LOG_TAIL_LINES = 200;
export const templatePath = join(repoRoot, 'config/ejabberd/ejabberd.yml.in');
const inetrcPath = join(repoRoot, 'config/ejabberd/inetrc');
// Start-up is complete when ejabberd logs this line (at level info), shortly after its ports open.
const STARTED_LINE = / is started in the node /;
const STOPPED_LINE = / is stopped in the node /;
const LOG_LEVELS = new Set(['debug', 'info']);
// Erlang settings a developer's shell may carry (a node name would turn distribution on).
const INHERITED_ERLANG_VARIABLES = ['ERL_FLAGS', 'ERL_AFLAGS', 'ERL_ZFLAGS', 'ERL_LIBS', 'ERL_INETRC'];

async function readTail(path, lines) {
  const text = await readFile(path, 'utf8').catch((error) => `(cannot read ${path}: ${error.message})`);
  return text.split('\n').slice(-lines).join('\n');
}

/** A value that goes between double quotes, in YAML and in an Erlang string on the command line. */
function quotable(name, value) {
  const text = String(value);
  if (/["\\\0-\x1f]/.test(text)) {
    throw new Error(`${name} must not contain quotes, backslashes or control characters: ${JSON.stringify(text)}`);
  }
  return text;
}

function port(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} is not a TCP port: ${value}`);
  return String(n);
}

function domainName(value) {
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(value)) throw new Error(`not a domain name: ${value}`);
  return value;
}

/** Returns the ejabberd configuration text; throws if a value is invalid or a placeholder is left. */
export function renderEjabberdConfig({ dataDir, c2sPort, httpPort, domain = 'localhost', logLevel = 'info', template = templatePath }) {
  if (!LOG_LEVELS.has(logLevel)) throw new Error(`log level must be one of ${[...LOG_LEVELS]}: ${logLevel}`);
  const values = {
    DATA_DIR: quotable('data dir', dataDir),
    C2S_PORT: port('c2s port', c2sPort),
    HTTP_PORT: port('http port', httpPort),
    DOMAIN: domainName(domain),
    LOG_LEVEL: logLevel,
  };
  return readFileSync(template, 'utf8').replace(/@([A-Z0-9_]+)@/g, (match, key) => {
    if (!(key in values)) throw new Error(`unknown placeholder ${match} in ${template}`);
    return values[key];
  });
}

/**
 * Finds the packaged ejabberd's Erlang application (Debian: /usr/lib/<multiarch>/ejabberd-VERSION).
 * Returns `{ erlLibs, appDir }`; EJABBERD_ERL_LIBS names the directory to look in instead.
 */
export function findEjabberd() {
  const multiarch = () => {
    try {
      return readdirSync('/usr/lib').filter((name) => name.includes('-linux-')).map((name) => join('/usr/lib', name));
    } catch {
      return [];
    }
  };
  const roots = process.env.EJABBERD_ERL_LIBS
    ? [process.env.EJABBERD_ERL_LIBS]
    : ['/usr/lib/erlang/lib', ...multiarch(), '/usr/local/lib/erlang/lib'];
  for (const root of roots) {
    let names;
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    const app = names
      .filter((name) => /^ejabberd-\d/.test(name))
      .sort()
      .find((name) => existsSync(join(root, name, 'ebin/ejabberd.app')));
    if (app) return { erlLibs: root, appDir: join(root, app) };
  }
  throw new Error(`ejabberd is not installed (no ejabberd-*/ebin/ejabberd.app in ${roots.join(', ')}): run scripts/setup.sh apt`);
}

// ejabberd creates no tables in a fresh SQLite file; its package ships the schema. One
// transaction without a journal: statement by statement, the syncs took over 2 s.
const CREATE_SCHEMA = [
  'import sqlite3, sys',
  'db = sqlite3.connect(sys.argv[1])',
  'db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;" + open(sys.argv[2]).read() + "COMMIT;")',
  'db.close()',
].join('\n');

let emptyDatabase;

/** The bytes of a database with ejabberd's schema and no data, made once per test process. */
function emptyDatabaseImage(appDir) {
  emptyDatabase ??= (async () => {
    const schema = join(appDir, 'priv/sql/lite.sql');
    const dir = await mkdtemp(join(scratchRoot(), 'ejabberd-schema-'));
    const path = join(dir, 'empty.db');
    try {
      await run('python3', ['-c', CREATE_SCHEMA, path, schema]).catch((error) => {
        throw new Error(`cannot create an SQLite database from ${schema}: ${error.stderr || error.message}`);
      });
      return await readFile(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })().catch((error) => {
    emptyDatabase = undefined;
    throw error;
  });
  return emptyDatabase;
}

function signal(child, name) {
  if (hasExited(child)) return;
  try {
    process.kill(child.pid, name);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/**
 * SIGTERM, and SIGKILL once ejabberd has logged that it stopped: its listeners are closed and
 * its data written by then, and the VM would otherwise idle another second before exiting.
 */
async function stopVm(child, consoleFile) {
  if (hasExited(child)) return;
  signal(child, 'SIGTERM');
  const stopped = async () => hasExited(child) || STOPPED_LINE.test(await readFile(consoleFile, 'utf8').catch(() => ''));
  await waitUntil(stopped, { timeoutMs: 5_000 }).catch(() => {});
  signal(child, 'SIGKILL');
  await waitForExit(child, 5_000);
}

function erlangEnvironment({ dir, configPath, logsDir, erlLibs }) {
  const env = { ...process.env };
  for (const name of INHERITED_ERLANG_VARIABLES) delete env[name];
  return {
    ...env,
    HOME: dir,
    ERL_LIBS: erlLibs,
    ERL_INETRC: inetrcPath,
    // No crash dump: it would be large and is of no use for a throwaway server.
    ERL_CRASH_DUMP_BYTES: '0',
    EJABBERD_CONFIG_PATH: configPath,
    EJABBERD_LOG_PATH: join(logsDir, 'ejabberd.log'),
    CONTRIB_MODULES_PATH: join(dir, 'contrib'),
    CONTRIB_MODULES_CONF_DIR: join(dir, 'contrib/conf'),
  };
}

/**
 * Starts ejabberd in a fresh temporary directory and waits until it reports itself started and
 * its c2s and HTTP ports accept connections. Logs stay in that directory until stop(); `logs()`
 * returns their tail. `logLevel` is 'info' or 'debug' (debug traces every stanza, and ejabberd
 * drops log lines beyond 500 a second).
 */
export async function startEjabberd({ domain = 'localhost', logLevel = 'info', startTimeoutMs = 20_000 } = {}) {
  const { erlLibs, appDir } = findEjabberd();
  const [c2sPort, httpPort] = await freePorts(2);
  const dir = await mkdtemp(join(scratchRoot(), 'ejabberd-'));
  const dataDir = join(dir, 'data');
  const spoolDir = join(dir, 'spool');
  const logsDir = join(dir, 'logs');
  const configPath = join(dir, 'ejabberd.yml');
  const consoleFile = join(logsDir, 'console.log');
  try {
    await Promise.all([mkdir(join(dataDir, 'upload'), { recursive: true }), mkdir(spoolDir), mkdir(logsDir)]);
    await writeFile(configPath, renderEjabberdConfig({ dataDir, c2sPort, httpPort, domain, logLevel }));
    await writeFile(join(dataDir, 'ejabberd.db'), await emptyDatabaseImage(appDir));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const consoleFd = openSync(consoleFile, 'a');
  // detached = its own session (setsid), so a Ctrl-C meant for the test runner reaches it only through stop().
  // `erl` execs the VM, so child.pid is the VM's PID.
  const args = ['-noinput', '-mnesia', 'dir', `"${quotable('spool dir', spoolDir)}"`, '-s', 'ejabberd'];
  const child = spawn('erl', args, {
    cwd: dir,
    detached: true,
    env: erlangEnvironment({ dir, configPath, logsDir, erlLibs }),
    stdio: ['ignore', consoleFd, consoleFd],
  });
  closeSync(consoleFd);
  track(child, `ejabberd ${dir}`);
  child.unref();
  const spawnError = new Promise((_, fail) => child.once('error', fail));

  // The console carries the same messages as logs/ejabberd.log, but at once: the log files are
  // written with a delay of up to two seconds, too late for a failing test's report.
  const logs = async (lines = LOG_TAIL_LINES) =>
    `---- ejabberd console (${consoleFile}; files in ${logsDir}) ----\n${await readTail(consoleFile, lines)}`;

  try {
    await Promise.race([
      spawnError,
      waitUntil(
        async () => {
          if (hasExited(child)) throw new Error(`ejabberd exited during start-up (code ${child.exitCode})`);
          const started = STARTED_LINE.test(await readFile(consoleFile, 'utf8'));
          return started && (await portAcceptsConnections(c2sPort)) && (await portAcceptsConnections(httpPort));
        },
        { timeoutMs: startTimeoutMs, describe: () => `ejabberd started, on ports ${c2sPort} and ${httpPort}` },
      ),
    ]);
  } catch (error) {
    await stopChild(child);
    throw new Error(`${error.message}\n${await logs()}`);
  }

  const httpUrl = `http://127.0.0.1:${httpPort}`;
  // mod_http_api's register command, allowed from loopback only by the config: one request per
  // account instead of an ejabberdctl VM start (~0.3 s) each.
  const createAccounts = accountFactory(domain, async (username, password) => {
    const response = await fetch(`${httpUrl}/api/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: username, host: domain, password }),
    }).catch((error) => {
      throw new Error(`registering ${username}@${domain} over ${httpUrl}/api failed: ${error.message}`);
    });
    const answer = await response.text();
    if (!response.ok) throw new Error(`registering ${username}@${domain} failed: HTTP ${response.status} ${answer}`);
  });

  return {
    domain,
    c2sPort,
    httpPort,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${httpPort}/xmpp-websocket`,
    dir,
    pid: child.pid,
    createAccounts,
    logs,
    async describeFailure() {
      return logs();
    },
    async stop() {
      await stopVm(child, consoleFile);
      if (!process.env.E2E_KEEP_TMP) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Prints the tail of an ejabberd's logs, e.g. from a test's catch block. */
export async function printEjabberdLogs(ejabberd, lines = LOG_TAIL_LINES) {
  console.error(await ejabberd.logs(lines));
}
