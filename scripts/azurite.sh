#!/usr/bin/env bash
# The local Azure Storage emulator (Azurite) for the Azure-backed silo and the process tests.
#
#   scripts/azurite.sh start [DIR]   install azurite (once, into .tools/azurite), start it in the
#                                    background with its data in DIR (default artifacts/azurite),
#                                    wait until it accepts connections, print the connection string
#   scripts/azurite.sh stop          stop the instance started on these ports (SIGINT, then wait)
#   scripts/azurite.sh status        say whether it runs; print the connection string when it does
#   scripts/azurite.sh install       only install it (once, into .tools/azurite); print the binary's path
#
# Ports come from AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT / AZURITE_TABLE_PORT (10000/10001/10002).
# The connection string is the only thing written to stdout, so this works:
#   export MUSICRECS_TEST_AZURE="$(scripts/azurite.sh start)"
# AZURITE_START_TIMEOUT (seconds, default 60) bounds the wait for the ports.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=3.37.0
TOOLS="$ROOT/.tools/azurite"
BIN="$TOOLS/node_modules/.bin/azurite"
BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
RUN_DIR="$ROOT/artifacts"
PID_FILE="$RUN_DIR/azurite-$BLOB_PORT.pid"
LOG_FILE="$RUN_DIR/azurite-$BLOB_PORT.log"
START_TIMEOUT="${AZURITE_START_TIMEOUT:-60}"
# The emulator's published, well-known development account key (not a secret).
ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

say() { echo "azurite: $*" >&2; }
fail() { say "error: $*"; exit 1; }

connection_string() {
  if [[ "$BLOB_PORT" == 10000 && "$QUEUE_PORT" == 10001 && "$TABLE_PORT" == 10002 ]]; then
    echo "UseDevelopmentStorage=true"
  else
    echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

installed_version() {
  local manifest="$TOOLS/node_modules/azurite/package.json"
  [[ -f "$manifest" && -x "$BIN" ]] || return 1
  node -p "require(process.argv[1]).version" "$manifest" 2>/dev/null
}

install() {
  command -v node >/dev/null || fail "node is not on PATH (Azurite is an npm package)"
  command -v npm >/dev/null || fail "npm is not on PATH"
  mkdir -p "$TOOLS"
  # Several callers (CI, a test fixture) may install at once: one at a time.
  exec 9>"$TOOLS/.install.lock"
  flock -w 300 9 || fail "timed out waiting for another azurite install ($TOOLS/.install.lock)"
  if [[ "$(installed_version || true)" != "$VERSION" ]]; then
    say "installing azurite@$VERSION into $TOOLS"
    npm install --no-audit --no-fund --loglevel=error --prefix "$TOOLS" "azurite@$VERSION" >&2 \
      || fail "npm install azurite@$VERSION failed"
    [[ "$(installed_version || true)" == "$VERSION" ]] || fail "azurite@$VERSION did not install into $TOOLS"
  fi
  flock -u 9
  exec 9>&-
}

start() {
  local location="${1:-$ROOT/artifacts/azurite}"
  local pid
  if pid="$(running_pid)"; then
    say "already running (pid $pid) on ports $BLOB_PORT/$QUEUE_PORT/$TABLE_PORT"
    connection_string
    return 0
  fi
  for port in "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT"; do
    port_open "$port" && fail "port $port is already in use by another process (set AZURITE_BLOB_PORT/AZURITE_QUEUE_PORT/AZURITE_TABLE_PORT)"
  done
  install
  mkdir -p "$location" "$RUN_DIR"
  location="$(cd "$location" && pwd)"
  local began=$SECONDS
  # stdin/stdout/stderr detached from the caller, so a caller reading our output is not held open.
  nohup "$BIN" --silent --location "$location" \
    --blobHost 127.0.0.1 --blobPort "$BLOB_PORT" \
    --queueHost 127.0.0.1 --queuePort "$QUEUE_PORT" \
    --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" \
    </dev/null >"$LOG_FILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"
  for port in "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT"; do
    until port_open "$port"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$PID_FILE"
        say "exited before listening on port $port; its output ($LOG_FILE):"
        tail -n 30 "$LOG_FILE" >&2 || true
        exit 1
      fi
      if (( SECONDS - began >= START_TIMEOUT )); then
        kill -INT "$pid" 2>/dev/null || true
        rm -f "$PID_FILE"
        say "not listening on port $port after ${START_TIMEOUT}s; its output ($LOG_FILE):"
        tail -n 30 "$LOG_FILE" >&2 || true
        exit 1
      fi
      sleep 0.2
    done
  done
  say "azurite $VERSION running (pid $pid) on 127.0.0.1 blob $BLOB_PORT, queue $QUEUE_PORT, table $TABLE_PORT; data in $location; listening after $(( SECONDS - began ))s"
  connection_string
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    say "not running on ports $BLOB_PORT/$QUEUE_PORT/$TABLE_PORT"
    return 0
  fi
  # SIGINT makes Azurite close its three services (saving its metadata) and log "successfully closed"
  # for each. After traffic the node process sometimes lingers once they are closed: give it 2 s, then
  # kill it, which loses nothing at that point. A stop that never closes is killed after 20 s.
  local from closed_at=-1 waited=0
  from=$(( $(wc -l <"$LOG_FILE" 2>/dev/null || echo 0) + 1 ))
  kill -INT "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if (( closed_at < 0 )) && (( $(tail -n +"$from" "$LOG_FILE" 2>/dev/null | grep -c "successfully closed" || true) >= 3 )); then
      closed_at=$waited
    fi
    if (( closed_at >= 0 && waited - closed_at >= 10 )) || (( waited >= 100 )); then
      (( closed_at >= 0 )) || say "pid $pid did not close within 20s of SIGINT; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.2
    waited=$(( waited + 1 ))
  done
  rm -f "$PID_FILE"
  say "stopped (pid $pid) after $(( waited / 5 )).$(( waited % 5 * 2 ))s"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    say "running (pid $pid) on 127.0.0.1 blob $BLOB_PORT, queue $QUEUE_PORT, table $TABLE_PORT"
    connection_string
  else
    say "not running on ports $BLOB_PORT/$QUEUE_PORT/$TABLE_PORT"
    return 3
  fi
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  install) install; echo "$BIN" ;;
  *) echo "usage: $0 start [DIR] | stop | status | install" >&2; exit 2 ;;
esac
