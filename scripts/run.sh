#!/usr/bin/env bash
# `make run`: builds the app, starts a throwaway Prosody with demo accounts and serves the app.
# Ctrl-C stops exactly the processes started here.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$JIBBER_ROOT"

WEB_PORT="${JIBBER_WEB_PORT:-8080}"
DOMAIN=localhost
RUN_DIR="$JIBBER_ROOT/.run/prosody"
ACCOUNTS=(alice bob carol)

started_pids=()
stop_started() {
  trap - INT TERM EXIT
  local pid
  for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_started EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for_port() {
  local port=$1 pid=$2 what=$3
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { echo "run: $what exited during start-up" >&2; return 1; }
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run: $what did not listen on 127.0.0.1:$port within 10 s" >&2
  return 1
}

if (exec 3<>"/dev/tcp/127.0.0.1/$WEB_PORT") 2>/dev/null; then
  echo "run: port $WEB_PORT is in use; stop what listens there or set JIBBER_WEB_PORT" >&2
  exit 1
fi

scripts/setup.sh
trunk build --release

# A fresh server each time: demo data never outlives the run.
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR/data"
read -r C2S_PORT HTTP_PORT < <(node scripts/free-port.mjs 2 | paste -sd' ')
node scripts/prosody-config.mjs --out "$RUN_DIR/prosody.cfg.lua" --data-dir "$RUN_DIR/data" \
  --c2s-port "$C2S_PORT" --http-port "$HTTP_PORT" --domain "$DOMAIN" \
  --log-file "$RUN_DIR/prosody.log" --pid-file "$RUN_DIR/prosody.pid"
for user in "${ACCOUNTS[@]}"; do
  prosodyctl --config "$RUN_DIR/prosody.cfg.lua" register "$user" "$DOMAIN" "$user-demo"
done

# setsid execs Prosody itself (a background job is no group leader), so $! is Prosody's PID.
setsid prosody -F --config "$RUN_DIR/prosody.cfg.lua" >>"$RUN_DIR/prosody.log" 2>&1 &
started_pids+=("$!")
wait_for_port "$HTTP_PORT" "$!" "Prosody (log: $RUN_DIR/prosody.log)"
wait_for_port "$C2S_PORT" "$!" "Prosody (log: $RUN_DIR/prosody.log)"

WS_URL="ws://127.0.0.1:$HTTP_PORT/xmpp-websocket"
node scripts/serve.mjs --dir dist --port "$WEB_PORT" --host 127.0.0.1 \
  --config "{\"websocket_url\":\"$WS_URL\",\"domain\":\"$DOMAIN\"}" &
started_pids+=("$!")
wait_for_port "$WEB_PORT" "$!" "the web server"

cat <<INFO

  Jibber:        http://127.0.0.1:$WEB_PORT/
  WebSocket:     $WS_URL
  Accounts:      alice@$DOMAIN / alice-demo
                 bob@$DOMAIN / bob-demo
                 carol@$DOMAIN / carol-demo
  Prosody log:   $RUN_DIR/prosody.log

  Press Ctrl-C to stop.
INFO
wait -n "${started_pids[@]}" || true
echo "run: a server stopped by itself; shutting down the rest" >&2
