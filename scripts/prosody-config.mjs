// Renders config/prosody/prosody.cfg.lua.in for `make run` and the e2e harness,
// so both start Prosody from one template.
//
// CLI: node scripts/prosody-config.mjs --out FILE --data-dir DIR --c2s-port N
//        --http-port N --log-file FILE --pid-file FILE [--domain localhost] [--log-level info]
//        [--archive-storage internal|sql]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const templatePath = join(repoRoot, 'config/prosody/prosody.cfg.lua.in');
export const modulesDir = join(repoRoot, 'config/prosody/modules');

const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error']);

/** The default SQLite database of `archiveStorage: 'sql'`: inside the data directory. */
function sqliteDatabase(dataDir) {
  return join(dataDir, 'prosody.sqlite');
}

/**
 * The storage lines: everything in Prosody's internal files, or (`sql`) message archives in
 * SQLite (Debian's lua-dbi-sqlite3), which reads a page of a long archive without reading the
 * whole archive file as the internal store does.
 */
function storageLines(archiveStorage, database) {
  if (archiveStorage === 'internal') return 'storage = "internal"';
  if (archiveStorage === 'sql') {
    return [
      'default_storage = "internal"',
      'storage = { archive = "sql"; muc_log = "sql" }',
      `sql = { driver = "SQLite3"; database = "${luaString('database', database)}" }`,
    ].join('\n');
  }
  throw new Error(`archive storage must be internal or sql: ${archiveStorage}`);
}

function luaString(name, value) {
  const text = String(value);
  if (/[\0\n\r]/.test(text)) throw new Error(`${name} must be a single line: ${JSON.stringify(text)}`);
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
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

/** Returns the Prosody configuration text; throws if a value is invalid or a placeholder is left. */
export function renderProsodyConfig({
  dataDir, c2sPort, httpPort, logFile, pidFile,
  domain = 'localhost', logLevel = 'info', modules = modulesDir, template = templatePath,
  archiveStorage = 'internal', database = sqliteDatabase(dataDir),
}) {
  if (!LOG_LEVELS.has(logLevel)) throw new Error(`log level must be one of ${[...LOG_LEVELS]}: ${logLevel}`);
  const values = {
    DATA_DIR: luaString('data dir', dataDir),
    C2S_PORT: port('c2s port', c2sPort),
    HTTP_PORT: port('http port', httpPort),
    DOMAIN: domainName(domain),
    MODULES_DIR: luaString('modules dir', modules),
    LOG_FILE: luaString('log file', logFile),
    PID_FILE: luaString('pid file', pidFile),
    LOG_LEVEL: logLevel,
    STORAGE: storageLines(archiveStorage, database),
  };
  const text = readFileSync(template, 'utf8').replace(/@([A-Z0-9_]+)@/g, (match, key) => {
    if (!(key in values)) throw new Error(`unknown placeholder ${match} in ${template}`);
    return values[key];
  });
  return text;
}

function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      'c2s-port': { type: 'string' },
      'http-port': { type: 'string' },
      'log-file': { type: 'string' },
      'pid-file': { type: 'string' },
      domain: { type: 'string', default: 'localhost' },
      'log-level': { type: 'string', default: 'info' },
      'archive-storage': { type: 'string', default: 'internal' },
    },
  });
  for (const required of ['out', 'data-dir', 'c2s-port', 'http-port', 'log-file', 'pid-file']) {
    if (values[required] === undefined) throw new Error(`missing --${required}`);
  }
  const text = renderProsodyConfig({
    dataDir: values['data-dir'],
    c2sPort: values['c2s-port'],
    httpPort: values['http-port'],
    logFile: values['log-file'],
    pidFile: values['pid-file'],
    domain: values.domain,
    logLevel: values['log-level'],
    archiveStorage: values['archive-storage'],
  });
  writeFileSync(values.out, text);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`prosody-config: ${error.message}`);
    process.exit(1);
  }
}
