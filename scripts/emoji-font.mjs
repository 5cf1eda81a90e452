// Trunk post-build hook: copies the colour emoji font's slices (the woff2 files style/app.css
// names) from the npm package into the build's fonts/ directory, so emoji never come from
// another origin. The package is a devDependency of tests/e2e (scripts/setup.sh installs it).
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'tests/e2e/node_modules/@fontsource/noto-color-emoji/files');
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk hook');

const css = await readFile(join(root, 'style/app.css'), 'utf8');
const files = [...new Set([...css.matchAll(/url\(fonts\/([\w.-]+\.woff2)\)/g)].map((match) => match[1]))];
if (files.length === 0) throw new Error('style/app.css names no font slice');
await mkdir(join(staging, 'fonts'), { recursive: true });
for (const file of files) await copyFile(join(source, file), join(staging, 'fonts', file));
console.log(`emoji font: ${files.length} slices copied`);
