#!/usr/bin/env bash
# `make test`: every test suite, fastest first, stopping at the first failure.
# Usage: scripts/test.sh [STEP...]   (default: every step, in this order)
# Steps: native clippy browser build e2e
# Also: e2e-ejabberd, every e2e spec with ejabberd as the default server (`make test-ejabberd`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JIBBER_ROOT"

LOG_DIR="$JIBBER_ROOT/target/test-logs"
ALL_STEPS=(native clippy browser build e2e)

declare -A DESCRIPTION=(
  [native]="cargo test --workspace"
  [clippy]="cargo clippy (native crates, then the wasm32 app, driver and IndexedDB backend) -D warnings"
  [browser]="cargo test --target wasm32-unknown-unknown -p chat-store-indexeddb"
  [build]="trunk build --release"
  [e2e]="node --test --test-concurrency=1 tests/e2e/specs/"
  [e2e-ejabberd]="JIBBER_E2E_SERVER=ejabberd node --test --test-concurrency=1 tests/e2e/specs/"
)

run_native() { cargo test --workspace; }
run_clippy() {
  # `&&`, not a new line: errexit does not apply inside the `|| status=$?` below.
  cargo clippy -p xmpp-protocol -p chat-store -p omemo -p chat-client --all-targets -- -D warnings &&
    cargo clippy --target wasm32-unknown-unknown -p jibber -p chat-client -p chat-store-indexeddb --all-targets -- -D warnings
}
run_browser() { cargo test --target wasm32-unknown-unknown -p chat-store-indexeddb; }
run_build() { trunk build --release; }
run_e2e() {
  rm -rf target/e2e-artifacts # screenshots of this run's failures only
  node --test --test-concurrency=1 tests/e2e/specs/
}
run_e2e_ejabberd() { JIBBER_E2E_SERVER=ejabberd run_e2e; }

steps=("$@")
[ "${#steps[@]}" -gt 0 ] || steps=("${ALL_STEPS[@]}")
for step in "${steps[@]}"; do
  [ -n "${DESCRIPTION[$step]:-}" ] || { echo "test: unknown step '$step' (known: ${ALL_STEPS[*]})" >&2; exit 2; }
done

scripts/setup.sh
mkdir -p "$LOG_DIR"

summary=()
passed=0
failed=0

# Adds up the tests that cargo's and node's runners report in a step's log
# (node's cancelled tests, e.g. after a failed before hook, count as failed).
count_tests() {
  local log=$1 counts
  counts="$(awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
    /^# pass [0-9]+$/ { p += $3 }
    /^# (fail|cancelled) [0-9]+$/ { f += $3 }
    END { print p + 0, f + 0 }' "$log")"
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

print_summary() {
  echo
  echo "==== make test summary ===="
  printf '%s\n' "${summary[@]}"
  echo "logs: $LOG_DIR"
  echo "tests: $passed passed, $failed failed"
}

for step in "${steps[@]}"; do
  log="$LOG_DIR/$step.log"
  echo
  echo "==== $step: ${DESCRIPTION[$step]}"
  start=$SECONDS
  status=0
  "run_${step//-/_}" 2>&1 | tee "$log" || status=$?
  elapsed=$((SECONDS - start))
  count_tests "$log"
  if [ "$status" -ne 0 ]; then
    summary+=("FAIL  $step  (${elapsed}s, exit $status): ${DESCRIPTION[$step]}")
    print_summary
    echo "test: step '$step' failed; its output is in $log" >&2
    exit 1
  fi
  summary+=("ok    $step  (${elapsed}s)")
  echo "==== $step: ok in ${elapsed}s"
done
print_summary
