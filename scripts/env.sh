# Sourced by the other scripts: puts the project's pinned tools first on PATH.
# shellcheck shell=bash

JIBBER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JIBBER_ROOT

jibber_path_prepend() {
  case ":$PATH:" in
    *":$1:"*) ;;
    *) PATH="$1:$PATH" ;;
  esac
}

jibber_path_prepend "${CARGO_HOME:-$HOME/.cargo}/bin"
# Prepended last so npm's binaryen wasm-opt wins over any other on PATH (Debian's breaks the module).
jibber_path_prepend "$JIBBER_ROOT/tests/e2e/node_modules/.bin"
export PATH

# The wasm-bindgen and wasm-opt versions are pinned in Trunk.toml; trunk must not ask GitHub.
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER=/usr/bin/chromedriver
# Chromium leaves a directory in TMPDIR on every start; keep them inside the build directory.
export TMPDIR="$JIBBER_ROOT/target/tmp"
mkdir -p "$TMPDIR"
