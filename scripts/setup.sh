#!/usr/bin/env bash
# Installs what building and testing Jibber needs, skipping whatever is already there.
# Usage: scripts/setup.sh [STEP...]   (default: every step)
# Steps: target trunk wasm-bindgen apt npm venv wasm-opt
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JIBBER_ROOT"

TRUNK_VERSION=0.21.14
# ejabberd is the second real server of the end-to-end tests; it keeps its data in SQLite.
# lua-dbi-sqlite3: the benchmarks' Prosody keeps message archives in SQLite.
APT_PACKAGES=(prosody lua-dbi-sqlite3 ejabberd erlang-p1-sqlite3 chromium chromium-driver)
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
E2E_DIR="$JIBBER_ROOT/tests/e2e"
VENV="$JIBBER_ROOT/.venv"
REQUIREMENTS="$JIBBER_ROOT/tests/peer/requirements.txt"

ok() { echo "ok: $*"; }
info() { echo "setup: $*"; }
fail() { echo "setup: FAILED: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "need root (or sudo) for: $*"
  fi
}

hash_of() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

step_target() {
  command -v rustup >/dev/null || fail "rustup not found: install Rust with rustup first"
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    ok "rust target wasm32-unknown-unknown"
  else
    info "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown || fail "rustup target add wasm32-unknown-unknown"
  fi
}

step_trunk() {
  if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
    ok "trunk $TRUNK_VERSION"
  else
    info "installing trunk $TRUNK_VERSION (takes about 5 minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked || fail "cargo install trunk $TRUNK_VERSION"
  fi
}

wasm_bindgen_lock_version() {
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

step_wasm_bindgen() {
  [ -f Cargo.lock ] || fail "Cargo.lock is missing: run 'cargo generate-lockfile' first"
  local version
  version="$(wasm_bindgen_lock_version)"
  [ -n "$version" ] || fail "no wasm-bindgen package in Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $version" ] \
    && [ -x "$CARGO_BIN/wasm-bindgen-test-runner" ]; then
    ok "wasm-bindgen-cli $version"
  else
    info "installing wasm-bindgen-cli $version to match Cargo.lock (takes 2-4 minutes)"
    # Without --locked: the crate's own lockfile names a version the registry does not serve.
    cargo install wasm-bindgen-cli --version "=$version" --force || fail "cargo install wasm-bindgen-cli $version"
  fi
}

step_apt() {
  local missing=() package
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    ok "debian packages ${APT_PACKAGES[*]}"
    return
  fi
  info "installing debian packages: ${missing[*]}"
  local had_erlang=true
  dpkg-query -W -f='${Status}' erlang-base 2>/dev/null | grep -q "install ok installed" || had_erlang=false
  as_root apt-get -o DPkg::Lock::Timeout=600 update || fail "apt-get update"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600 "${missing[@]}" \
    || fail "apt-get install ${missing[*]}"
  # The project starts its own Prosody on loopback; the packaged service would listen on every interface.
  if [[ " ${missing[*]} " == *" prosody "* ]] && [ -d /run/systemd/system ]; then
    as_root systemctl disable --now prosody || fail "systemctl disable --now prosody"
    info "disabled the packaged prosody service"
  fi
  # Likewise ejabberd (the tests start their own, as the current user); the Erlang port mapper it
  # pulled in would also listen on every interface, unless Erlang was there before.
  if [[ " ${missing[*]} " == *" ejabberd "* ]] && [ -d /run/systemd/system ]; then
    as_root systemctl disable --now ejabberd || fail "systemctl disable --now ejabberd"
    info "disabled the packaged ejabberd service"
    if [ "$had_erlang" = false ]; then
      as_root systemctl disable --now epmd.socket epmd.service || fail "systemctl disable --now epmd.socket epmd.service"
      info "disabled the packaged epmd socket and service"
    fi
  fi
}

step_npm() {
  command -v npm >/dev/null || fail "npm not found (Node 20 or newer is required)"
  local stamp="$E2E_DIR/node_modules/.jibber-lock.sha256" want
  want="$(hash_of "$E2E_DIR/package-lock.json")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    ok "npm packages in tests/e2e"
  else
    info "npm ci in tests/e2e"
    (cd "$E2E_DIR" && npm ci --no-audit --no-fund) || fail "npm ci in tests/e2e"
    echo "$want" >"$stamp"
  fi
}

step_venv() {
  local stamp="$VENV/.jibber-requirements.sha256" want
  want="$(hash_of "$REQUIREMENTS")"
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    ok "python venv .venv (test peer)"
  else
    info "creating .venv with tests/peer/requirements.txt"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" || fail "python3 -m venv .venv"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS" \
      || fail "pip install -r tests/peer/requirements.txt"
    echo "$want" >"$stamp"
  fi
}

step_wasm_opt() {
  local found
  found="$(command -v wasm-opt || true)"
  [ "$found" = "$E2E_DIR/node_modules/.bin/wasm-opt" ] \
    || fail "wasm-opt on PATH is '${found:-none}', expected npm binaryen's in tests/e2e/node_modules/.bin"
  ok "wasm-opt ($("$found" --version))"
}

ALL_STEPS=(target trunk wasm-bindgen apt npm venv wasm-opt)
steps=("$@")
[ "${#steps[@]}" -gt 0 ] || steps=("${ALL_STEPS[@]}")
for step in "${steps[@]}"; do
  case "$step" in
    target | trunk | wasm-bindgen | apt | npm | venv | wasm-opt) "step_${step//-/_}" ;;
    *) fail "unknown step '$step' (known: ${ALL_STEPS[*]})" ;;
  esac
done
