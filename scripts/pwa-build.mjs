// Trunk post_build hook: writes the login shell (scripts/login-shell.mjs), then the service worker
// (pwa/sw.js with this build's id and file list) and assets.json (the hashed JS, WASM and CSS
// names, which widget.js loads) into the output. Runs in Trunk's staging directory
// (TRUNK_STAGING_DIR); index.html is never touched. One hook, because Trunk runs hooks of a
// stage at the same time and the worker must list the shell.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLoginShell } from './login-shell.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('pwa-build: TRUNK_STAGING_DIR is not set (run through trunk build)');
const template = new URL('../pwa/sw.js', import.meta.url);
await writeLoginShell(staging, fileURLToPath(new URL('..', import.meta.url)));

async function filesUnder(dir) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else files.push(relative(staging, path).split(sep).join('/'));
  }
  return files.sort();
}

// The example host page is not part of the app; the worker and assets list describe the build.
// The emoji font's slices (copied by scripts/emoji-font.mjs) load only when an emoji is shown.
const skipped = (path) => path.startsWith('examples/') || path.startsWith('fonts/') || path === 'sw.js' || path === 'assets.json';
const files = (await filesUnder(staging)).filter((path) => !skipped(path));
const hash = createHash('sha256');
for (const path of files) hash.update(path).update('\0').update(await readFile(join(staging, path))).update('\0');
const build = hash.digest('hex').slice(0, 16);

const pick = (pattern) => {
  const found = files.find((path) => pattern.test(path));
  if (!found) throw new Error(`pwa-build: no file matches ${pattern} in ${staging}`);
  return found;
};
const assets = { build, js: pick(/^jibber-[0-9a-f]+\.js$/), wasm: pick(/^jibber-[0-9a-f]+_bg\.wasm$/), css: pick(/^app-[0-9a-f]+\.css$/) };
await writeFile(join(staging, 'assets.json'), `${JSON.stringify(assets, null, 2)}\n`);

const precache = ['./', ...files];
const worker = (await readFile(template, 'utf8'))
  .replace('__JIBBER_BUILD__', build)
  .replace('__JIBBER_PRECACHE__', JSON.stringify(precache));
await writeFile(join(staging, 'sw.js'), worker);
console.log(`pwa-build: build ${build}, ${precache.length} files precached`);
