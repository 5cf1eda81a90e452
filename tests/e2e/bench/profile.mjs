// Optional CPU profiles of a benchmark case: with `BENCH_PROFILE=1` a case records Chromium's
// sampling profile (CDP `Profiler`) while it runs, writes it to target/bench/NAME.cpuprofile
// (open it in Chromium's DevTools, Performance panel) and prints the functions that took the most
// time themselves. WebAssembly functions have names only in a build that keeps the name section
// (see bench/README.md, "Profiling").
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../harness/paths.mjs';

const ENABLED = Boolean(process.env.BENCH_PROFILE);
const TOP = 25;

/** Starts profiling `page` when `BENCH_PROFILE` is set; `stop()` writes and summarises it. */
export async function startProfile(page, name) {
  if (!ENABLED) return { stop: async () => {} };
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.send('Profiler.stop');
      await session.detach();
      const outDir = join(repoRoot, 'target/bench');
      await mkdir(outDir, { recursive: true });
      const file = join(outDir, `${name}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      console.log(`\nprofile of ${name}: ${file}`);
      const { self, total } = times(profile);
      console.log('  self time:');
      for (const line of self.slice(0, TOP)) console.log(`  ${line}`);
      console.log('  total time (the function and what it called):');
      for (const line of total.slice(0, TOP)) console.log(`  ${line}`);
    },
  };
}

/** "12.3 ms  function (file)" lines, the largest first: self time, and time including callees. */
function times(profile) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (node) => `${node.callFrame.functionName || '(anonymous)'} (${node.callFrame.url.split('/').pop()})`;
  const self = new Map();
  const total = new Map();
  const add = (map, key, micros) => map.set(key, (map.get(key) ?? 0) + micros);
  profile.samples.forEach((id, n) => {
    const micros = profile.timeDeltas[n + 1] ?? 0;
    const node = byNode.get(id);
    if (!node) return;
    add(self, keyOf(node), micros);
    // Each function once per sample, however deep it recursed.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(byNode.get(at)));
    for (const key of seen) add(total, key, micros);
  });
  const lines = (map) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).map(([key, micros]) => `${(micros / 1000).toFixed(1).padStart(8)} ms  ${key}`);
  return { self: lines(self), total: lines(total) };
}
