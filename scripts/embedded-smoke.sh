#!/usr/bin/env bash
# Starts the built app on the embedded engines (no DATABASE_URL / REDIS_URL), waits for health and
# readiness, then stops it. Used by CI; also a quick check after `npm run build`.
set -euo pipefail
port="${SMOKE_PORT:-3311}"
workdir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT
env -u DATABASE_URL -u REDIS_URL -u REDIS_CLUSTER_NODES PORT="$port" DATA_DIR="$workdir/data" LOG_DIR="$workdir/logs" \
  node dist/apps/api/src/main.js >"$workdir/app.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/api/v1/health" || { cat "$workdir/app.log"; exit 1; }
echo
curl -sf "http://127.0.0.1:$port/api/v1/health/ready" || { cat "$workdir/app.log"; exit 1; }
echo
grep -q "embedded PGlite" "$workdir/app.log" || { echo "missing embedded-mode warning"; exit 1; }
if [ -n "${SMOKE_HOOK:-}" ]; then PULSE_URL="http://127.0.0.1:$port" bash -c "$SMOKE_HOOK"; fi

# Graceful shutdown: on SIGTERM the app drains requests, closes pools and the engines it owns, logs
# "stopped" and exits 0; the watchdog would exit 1 after SHUTDOWN_TIMEOUT_MS.
started=$SECONDS
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
echo "SIGTERM: exit $status after $((SECONDS - started)) s"
[ "$status" = 0 ] || [ "$status" = 143 ] || { tail -20 "$workdir/app.log"; exit 1; }
echo "embedded defaults: OK"
