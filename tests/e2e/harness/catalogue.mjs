// The app's message catalogues (locales/*.ftl), read as the build reads them, so a test can
// tell an untranslated English string on the page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';

/** `Map(key -> text)` of one language's catalogue. */
export function catalogue(lang) {
  const entries = new Map();
  for (const raw of readFileSync(join(repoRoot, 'locales', `${lang}.ftl`), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at < 0) continue;
    entries.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return entries;
}

/**
 * A predicate telling whether a string on the page is an English catalogue text that Italian
 * says differently (texts both languages share, like "Password", prove nothing). Texts with
 * `{placeholders}` match whatever fills them.
 */
export function untranslatedEnglish() {
  const english = catalogue('en');
  const italian = catalogue('it');
  const exact = new Set();
  const patterns = [];
  for (const [key, text] of english) {
    if (italian.get(key) === text) continue;
    if (text.includes('{')) {
      const escaped = text.split(/\{[a-z]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      patterns.push(new RegExp(`^${escaped.join('.+')}$`, 's'));
    } else {
      exact.add(text);
    }
  }
  return (text) => exact.has(text) || patterns.some((pattern) => pattern.test(text));
}
