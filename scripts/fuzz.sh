#!/usr/bin/env bash
# `make fuzz`: runs every cargo-fuzz target in fuzz/ for FUZZ_SECONDS seconds each (default 60),
# one after the other on one core. Not part of `make test`; the committed corpora are replayed
# by `cargo test` instead.
# Usage: scripts/fuzz.sh [TARGET...]          (default: every target)
#   FUZZ_SECONDS=600 scripts/fuzz.sh session  one target for ten minutes
#   FUZZ_MERGE=1 scripts/fuzz.sh              also merge new coverage into fuzz/corpus/
# New inputs go to a scratch corpus under fuzz/target/; crashers land in fuzz/artifacts/<target>/
# (copy them to fuzz/regressions/<target>/ once fixed, so the replay tests keep them fixed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JIBBER_ROOT/fuzz"

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
ALL_TARGETS=(xml_parse frame stanza session sasl_scram host_meta omemo_wire omemo_payload omemo_decrypt)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
# libFuzzer and the sanitizer flags need unstable options; the stable toolchain allows them
# when bootstrapping, so no nightly is needed.
export RUSTC_BOOTSTRAP=1

targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${ALL_TARGETS[@]}")
for target in "${targets[@]}"; do
  [ -f "fuzz_targets/$target.rs" ] || { echo "fuzz: unknown target '$target' (known: ${ALL_TARGETS[*]})" >&2; exit 2; }
done

cargo fuzz build -O
failed=()
for target in "${targets[@]}"; do
  scratch="target/scratch-corpus/$target"
  mkdir -p "$scratch" "corpus/$target"
  echo
  echo "==== fuzz: $target for ${FUZZ_SECONDS}s"
  # The first directory receives new inputs; the committed corpus and regressions only seed.
  seeds=("corpus/$target")
  [ -d "regressions/$target" ] && seeds+=("regressions/$target")
  crashers_before=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
  if ! cargo fuzz run -O "$target" "$scratch" "${seeds[@]}" -- -max_total_time="$FUZZ_SECONDS" -print_final_stats=1; then
    if [ "$(find "artifacts/$target" -type f 2>/dev/null | wc -l)" -gt "$crashers_before" ]; then
      failed+=("$target (crash)")
    else
      failed+=("$target (did not run; see its output above)")
    fi
    continue
  fi
  if [ "${FUZZ_MERGE:-0}" = 1 ]; then
    # Edges only (no hit counts), so the committed corpus grows by few files.
    cargo fuzz run -O "$target" "corpus/$target" "$scratch" -- -merge=1 -use_counters=0
  fi
done

echo
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'fuzz: failed: %s\n' "${failed[@]}" >&2
  echo "fuzz: crash inputs are in fuzz/artifacts/<target>/" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} target(s) ran ${FUZZ_SECONDS}s each without a crash"
