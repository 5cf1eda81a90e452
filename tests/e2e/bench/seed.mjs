// Seeding Prosody for the benchmarks (Jibber's and Converse's seed the same data): rosters and
// MAM archives, written while the owner is offline. Archives are written in Prosody's internal
// file format; a Prosody that keeps archives in SQLite gets them through Prosody's own
// `prosody-migrator`, which appends them to its SQL store.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encode, lua } from './measure.mjs';

const run = promisify(execFile);

/**
 * Where the benchmarks' Prosody keeps message archives: SQLite by default (a page of a long
 * archive is one query), `BENCH_ARCHIVE_STORAGE=internal` for Prosody's files.
 */
export const benchArchiveStorage = process.env.BENCH_ARCHIVE_STORAGE ?? 'sql';

/** The JID and name of generated contact `n` (`contact00042@domain`, "Contact 00042"). */
export function generatedContact(prosody, n) {
  const id = String(n).padStart(5, '0');
  return { jid: `contact${id}@${prosody.domain}`, name: `Contact ${id}`, group: `Group ${n % 20}` };
}

/** Writes `username`'s roster: `contacts` is a list of `{ jid, name, group }`, all subscribed both ways. */
export async function writeRoster(prosody, username, contacts) {
  const lines = ['return {', '\t[false] = { version = 1; pending = {}; };'];
  for (const { jid, name, group } of contacts) {
    lines.push(`\t[${lua(jid)}] = { subscription = "both"; name = ${lua(name)}; groups = { [${lua(group)}] = true; }; };`);
  }
  lines.push('};');
  const dir = join(prosody.dir, 'data', encode(prosody.domain), 'roster');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${encode(username)}.dat`), `${lines.join('\n')}\n`);
}

/** A roster of `count` generated contacts in 20 groups. */
export function seedRoster(prosody, username, count) {
  return writeRoster(prosody, username, Array.from({ length: count }, (_, n) => generatedContact(prosody, n)));
}

/**
 * Writes `count` messages between `owner` and `peer` (every third one sent by the owner, bodies
 * `archived N`) into the owner's MAM archive, one a minute up to now.
 */
export async function seedArchive(prosody, owner, peer, count) {
  const lines = [];
  const start = Math.floor(Date.now() / 1000) - count * 60;
  for (let n = 0; n < count; n++) {
    const when = start + n * 60;
    const outgoing = n % 3 === 0;
    const from = outgoing ? `${owner.jid}/bench` : `${peer.jid}/bench`;
    const to = outgoing ? peer.jid : owner.jid;
    const stamp = new Date(when * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    lines.push(
      `item({ name = "message"; attr = { xmlns = "jabber:client"; type = "chat"; from = ${lua(from)}; to = ${lua(to)}; id = ${lua(`seed-${n}`)}; stamp = ${lua(stamp)} }; ` +
        `{ name = "body"; attr = {}; ${lua(`archived ${n}`)} }; key = ${lua(`bench-${String(n).padStart(6, '0')}`)}; when = ${when}; with = ${lua(peer.jid)} });`,
    );
  }
  // With SQL archives the files are only the migrator's input, kept apart from Prosody's data.
  const dataDir = prosody.archiveStorage === 'sql' ? join(prosody.dir, 'seed') : join(prosody.dir, 'data');
  const dir = join(dataDir, encode(prosody.domain), 'archive');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${encode(owner.username)}.list`), `${lines.join('\n')}\n`);
  if (prosody.archiveStorage === 'sql') await migrateArchives(prosody, dataDir);
}

/** Copies the archives under `from` (internal files) into the SQLite store of `prosody`. */
async function migrateArchives(prosody, from) {
  const hosts = `hosts = { [${lua(prosody.domain)}] = { "archive-archive" } }`;
  const config = [
    `input { type = "internal"; path = ${lua(from)}; ${hosts} }`,
    `output { type = "sql"; driver = "SQLite3"; database = ${lua(prosody.database)}; ${hosts} }`,
  ].join('\n');
  const configPath = join(prosody.dir, 'migrator.cfg.lua');
  await writeFile(configPath, `${config}\n`);
  // --root: stay the user the test Prosody runs as (run_as_root), not switch to `prosody`.
  await run('prosody-migrator', ['--root', '--config', configPath, 'input', 'output'], { maxBuffer: 64 * 1024 * 1024 }).catch((error) => {
    throw new Error(`prosody-migrator failed: ${error.stderr || error.message}`);
  });
}
