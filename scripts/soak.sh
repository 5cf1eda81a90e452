#!/usr/bin/env bash
# `make soak`: the fault soak at full size: 1,000 messages across at least 50 random cuts of
# delayed WebSockets (`make test` runs the same spec small).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JIBBER_ROOT"
scripts/setup.sh
trunk build --release
SOAK_MESSAGES="${SOAK_MESSAGES:-1000}" SOAK_DROPS="${SOAK_DROPS:-50}" \
  node --test --test-concurrency=1 tests/e2e/specs/soak.test.mjs
