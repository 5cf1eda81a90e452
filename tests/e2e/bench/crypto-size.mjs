// `make bench`: how much of the shipped wasm is cryptography (OMEMO and what it is built on).
// Needs `trunk build --release` first. The shipped dist/*_bg.wasm has no names, so the release
// jibber.wasm that trunk started from (which still has a `name` section) goes through the same
// steps again, wasm-bindgen and `wasm-opt -Oz`, with `-g` so names survive; the script checks that
// the code section then has exactly the shipped size. Each function body is counted for the crate
// that owns it (its leading path, or the type a generic of core/alloc/std was instantiated for).
// Code the optimiser inlined into callers of other crates counts for those callers, so the crypto
// figures are a lower bound. Prints a table and writes target/bench/crypto-size.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { distDir, repoRoot, scratchRoot } from '../harness/paths.mjs';

// Tags: crates only OMEMO uses; crates the SCRAM login uses too (sha2 etc. are in the app anyway).
const OMEMO_ONLY = ['omemo', 'aes', 'aes_gcm', 'aead', 'cbc', 'ctr', 'cipher', 'ghash', 'polyval', 'universal_hash', 'inout', 'block_padding', 'opaque_debug', 'curve25519_dalek', 'x25519_dalek', 'ed25519', 'ed25519_dalek', 'hkdf', 'prost', 'bytes', 'chacha20', 'rand_chacha', 'ppv_lite86', 'rand_core'];
const SHARED = ['sha2', 'hmac', 'digest', 'crypto_common', 'block_buffer', 'generic_array', 'typenum', 'subtle', 'zeroize', 'cpufeatures'];
const LOGIN_ONLY = ['sha1', 'pbkdf2'];
const USED_BY = Object.fromEntries([...OMEMO_ONLY.map((c) => [c, 'omemo']), ...SHARED.map((c) => [c, 'omemo+login']), ...LOGIN_ONLY.map((c) => [c, 'login'])]);
const STD = new Set(['core', 'alloc', 'std']);

const releaseWasm = join(repoRoot, 'target/wasm32-unknown-unknown/release/jibber.wasm');
const wasmOpt = join(repoRoot, 'tests/e2e/node_modules/.bin/wasm-opt'); // the one Trunk.toml pins

/** The sections of a wasm module: function imports, code bodies (with their size prefix), names. */
function parseWasm(buf) {
  let p = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = buf[p++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const name = () => {
    const length = leb();
    p += length;
    return buf.toString('utf8', p - length, p);
  };
  const limits = () => {
    const flags = leb();
    leb();
    if (flags & 1) leb();
  };
  const out = { imports: 0, bodies: [], codeBytes: 0, names: new Map() };
  while (p < buf.length) {
    const id = buf[p++];
    const size = leb();
    const end = p + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        name();
        name();
        const kind = buf[p++];
        if (kind === 0) (leb(), out.imports++); // function: type index
        else if (kind === 1) (p++, limits()); // table: reftype, limits
        else if (kind === 2) limits(); // memory
        else if (kind === 3) p += 2; // global: valtype, mutability
        else if (kind === 4) (p++, leb()); // tag
      }
    } else if (id === 10) {
      out.codeBytes = size;
      for (let n = leb(); n > 0; n--) {
        const start = p;
        const bodySize = leb();
        p += bodySize;
        out.bodies.push(p - start);
      }
    } else if (id === 0 && name() === 'name') {
      while (p < end) {
        const sub = buf[p++];
        const subSize = leb();
        const subEnd = p + subSize;
        if (sub === 1) for (let n = leb(); n > 0; n--) out.names.set(leb(), name());
        p = subEnd;
      }
    }
    p = end;
  }
  return out;
}

/** The crate a function belongs to, and the module for the OMEMO glue of the client crates. */
function owner(fullName) {
  const name = fullName.replace(/\[[0-9a-f]+\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
  const roots = [...name.matchAll(/(?:^|[<\s(&*[,])([A-Za-z_][A-Za-z0-9_]*)::/g)];
  if (roots.length === 0) return { crate: '(no crate path)' };
  const first = roots.find((m) => !STD.has(m[1])) ?? roots[0];
  const crate = first[1];
  const at = first.index + first[0].length - crate.length - 2;
  const glue = (crate === 'chat_client' || crate === 'xmpp_protocol') && name.startsWith(`${crate}::omemo::`, at);
  return { crate, glue: glue ? `${crate}::omemo` : undefined };
}

function newestDistWasm() {
  const files = readdirSync(distDir).filter((f) => f.endsWith('_bg.wasm')).map((f) => join(distDir, f));
  if (files.length === 0) throw new Error('no dist/*_bg.wasm: run `trunk build --release` first');
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

const shipped = newestDistWasm();
const shippedBytes = readFileSync(shipped);
const scratch = mkdtempSync(join(scratchRoot(), 'crypto-size-'));
let named;
try {
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', scratch, '--out-name', 'named', releaseWasm], { stdio: 'inherit' });
  execFileSync(wasmOpt, ['-Oz', '-g', join(scratch, 'named_bg.wasm'), '-o', join(scratch, 'named.wasm')], { stdio: 'inherit' });
  named = parseWasm(readFileSync(join(scratch, 'named.wasm')));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (named.names.size === 0) throw new Error(`${releaseWasm} has no name section: is \`strip\` set in the release profile?`);
const shippedCode = parseWasm(shippedBytes).codeBytes;

const crates = new Map();
const glue = new Map();
let unnamed = 0;
named.bodies.forEach((bytes, i) => {
  const name = named.names.get(named.imports + i);
  if (name === undefined) unnamed += bytes;
  const { crate, glue: glueModule } = name === undefined ? { crate: '(unnamed)' } : owner(name);
  const row = crates.get(crate) ?? { crate, bytes: 0, functions: 0 };
  row.bytes += bytes;
  row.functions += 1;
  crates.set(crate, row);
  if (glueModule) glue.set(glueModule, (glue.get(glueModule) ?? 0) + bytes);
});

const share = (bytes) => Math.round((bytes / named.codeBytes) * 10000) / 100;
const crypto = [...crates.values()]
  .filter((row) => USED_BY[row.crate])
  .map((row) => ({ ...row, used_by: USED_BY[row.crate], percent_of_code: share(row.bytes) }))
  .sort((a, b) => b.bytes - a.bytes);
const sum = (rows) => rows.reduce((total, row) => total + row.bytes, 0);
const cryptoBytes = sum(crypto);
const omemoOnlyBytes = sum(crypto.filter((row) => row.used_by === 'omemo'));
const results = {
  shipped_wasm: shipped.slice(repoRoot.length + 1),
  wasm_bytes: shippedBytes.length,
  wasm_gzip_bytes: gzipSync(shippedBytes, { level: 9 }).length,
  code_bytes: named.codeBytes,
  code_matches_shipped: named.codeBytes === shippedCode,
  crypto_code_bytes: cryptoBytes,
  crypto_percent_of_code: share(cryptoBytes),
  omemo_only_crypto_code_bytes: omemoOnlyBytes,
  omemo_only_crypto_percent_of_code: share(omemoOnlyBytes),
  omemo_glue_code_bytes: Object.fromEntries(glue),
  unnamed_code_bytes: unnamed,
  crates: crypto,
};

console.log('\ncrypto in the shipped wasm (function bodies after wasm-opt -Oz)');
console.log(`  ${'crate'.padEnd(27)} ${'bytes'.padStart(9)} ${'% code'.padStart(7)} ${'fns'.padStart(5)}  used by`);
for (const row of crypto) {
  console.log(`  ${row.crate.padEnd(27)} ${String(row.bytes).padStart(9)} ${row.percent_of_code.toFixed(2).padStart(7)} ${String(row.functions).padStart(5)}  ${row.used_by}`);
}
console.log(`  ${'crypto total'.padEnd(27)} ${String(cryptoBytes).padStart(9)} ${results.crypto_percent_of_code.toFixed(2).padStart(7)}`);
console.log(`  ${'only for OMEMO'.padEnd(27)} ${String(omemoOnlyBytes).padStart(9)} ${results.omemo_only_crypto_percent_of_code.toFixed(2).padStart(7)}`);
for (const [name, bytes] of glue) console.log(`  ${`${name} (glue)`.padEnd(27)} ${String(bytes).padStart(9)} ${share(bytes).toFixed(2).padStart(7)}`);
console.log(`  code section ${named.codeBytes} bytes${results.code_matches_shipped ? ' (same as shipped)' : ` (shipped: ${shippedCode}; attribution approximate)`}`);
console.log(`  ${results.shipped_wasm}: ${results.wasm_bytes} bytes, ${results.wasm_gzip_bytes} gzipped (level 9)`);

const outDir = join(repoRoot, 'target/bench');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'crypto-size.json'), `${JSON.stringify(results, null, 2)}\n`);
