// Build step (called by scripts/pwa-build.mjs, before the service worker lists the files):
// writes login-shell.js into the build output with the login form's texts from every
// catalogue in locales/, parsed the way build.rs parses them for the app.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The catalogue keys the shell's form and messages use. */
export const SHELL_KEYS = [
  'app-loading', 'app-load-failed', 'reload',
  'login-tagline', 'login-address', 'login-password', 'connection-settings', 'websocket-url',
  'websocket-url-placeholder', 'login-ws-hint', 'login-submit', 'login-connecting',
  'login-new-here', 'login-create-account', 'login-enter-address', 'login-enter-password',
];

/** `key = text` lines; `#` comments and blank lines skipped (as build.rs). */
export function parseCatalogue(source) {
  const entries = new Map();
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf(' = ') >= 0 ? line.indexOf(' = ') : line.indexOf('=');
    if (at < 0) continue;
    const width = line.startsWith(' = ', at) ? 3 : 1;
    entries.set(line.slice(0, at).trim(), line.slice(at + width).trim());
  }
  return entries;
}

/** `{ en: { key: text }, it: { ... } }`; a text missing from a translation falls back to English. */
export async function shellTexts(localesDir) {
  const files = (await readdir(localesDir)).filter((name) => name.endsWith('.ftl')).sort();
  const catalogues = new Map();
  for (const file of files) catalogues.set(basename(file, '.ftl'), parseCatalogue(await readFile(join(localesDir, file), 'utf8')));
  const english = catalogues.get('en');
  if (!english) throw new Error('login-shell: locales/en.ftl is missing');
  const texts = {};
  for (const [lang, catalogue] of catalogues) {
    texts[lang] = {};
    for (const key of SHELL_KEYS) {
      const value = catalogue.get(key) || english.get(key);
      if (!value) throw new Error(`login-shell: no text for ${key} in locales/en.ftl`);
      texts[lang][key] = value;
    }
  }
  return texts;
}

export async function writeLoginShell(staging, sourceDir) {
  const template = await readFile(join(sourceDir, 'shell/login-shell.js'), 'utf8');
  const texts = await shellTexts(join(sourceDir, 'locales'));
  if (!template.includes('__JIBBER_LOGIN_TEXTS__')) throw new Error('login-shell: the template has no __JIBBER_LOGIN_TEXTS__');
  await writeFile(join(staging, 'login-shell.js'), template.replace('__JIBBER_LOGIN_TEXTS__', JSON.stringify(texts)));
}
