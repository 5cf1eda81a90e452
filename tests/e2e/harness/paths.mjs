// Locations the harness shares with the scripts.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const distDir = join(repoRoot, 'dist');
export const artifactsDir = join(repoRoot, 'target/e2e-artifacts');

/** A scratch directory for one run; scripts/env.sh points TMPDIR into target/tmp. */
export function scratchRoot() {
  const dir = process.env.TMPDIR ? tmpdir() : join(repoRoot, 'target/tmp');
  mkdirSync(dir, { recursive: true });
  return dir;
}
