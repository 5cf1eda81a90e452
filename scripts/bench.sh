#!/usr/bin/env bash
# `make bench`: builds the release app and runs the browser benchmarks (results in target/bench/).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JIBBER_ROOT"
scripts/setup.sh
trunk build --release
node tests/e2e/bench/load.bench.mjs
node tests/e2e/bench/roster.bench.mjs
node tests/e2e/bench/messages.bench.mjs
# The server's share of the burst: Prosody passing it to a minimal client, no browser.
node tests/e2e/bench/server-burst.bench.mjs
# Converse.js 14.0 (a devDependency of tests/e2e) measured the same way, printed next to the above.
node tests/e2e/bench/converse.bench.mjs

# OMEMO in WASM in headless Chromium, with the release profile the app ships with: encrypting one
# message for 100 devices and decrypting 1,000 messages. Each result is a `BENCH {json}` line.
mkdir -p target/bench
WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
  cargo test --release --target wasm32-unknown-unknown -p chat-client --test omemo_bench -- --nocapture |
  tee target/bench/omemo.log
sed -n 's/^BENCH //p' target/bench/omemo.log |
  awk 'BEGIN { print "[" } NR > 1 { print "," } { printf "  %s", $0 } END { if (NR == 0) exit 1; print "\n]" }' \
    >target/bench/omemo.json ||
  { echo "bench: no BENCH lines in target/bench/omemo.log" >&2; exit 1; }

# The size the crypto adds to the bundle (reads the trunk build above).
node tests/e2e/bench/crypto-size.mjs

# Native: stanza parsing and the OMEMO ratchet (criterion; bench/ is its own workspace so that
# `make test` never builds criterion). Reports land in bench/target/criterion/.
cargo bench --manifest-path bench/Cargo.toml
