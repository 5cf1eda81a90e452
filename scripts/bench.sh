#!/usr/bin/env bash
# `make bench`: builds the release app and runs the browser benchmarks (results in target/bench/).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JIBBER_ROOT"
scripts/setup.sh
trunk build --release
node tests/e2e/bench/roster.bench.mjs
