#!/usr/bin/env bash
# Real-scrape check: runs Debian's Prometheus with the `pulse` job of ops/prometheus/prometheus.yml,
# retargeted at a running Pulse, and asserts through the Prometheus HTTP API that the scrape works:
#   up{job="pulse"} == 1   and   count(http_requests_total) > 0
# Usage: bash ops/scrape-check.sh http://127.0.0.1:3000
# If Pulse runs with METRICS_TOKEN, export the same METRICS_TOKEN here; otherwise the token file of
# prometheus.yml is sent, which Pulse ignores when it has no token.
set -euo pipefail
OPS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BASE_URL="${1:?usage: scrape-check.sh PULSE_BASE_URL (e.g. http://127.0.0.1:3000)}"
DEADLINE_SECONDS=60

command -v prometheus >/dev/null || { echo "prometheus not found: run ops/check.sh (installs it) first" >&2; exit 1; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3-yaml is required (apt-get install python3-yaml)" >&2; exit 1; }

tmp="$(mktemp -d)"
prom_pid=""
cleanup() {
  if [ -n "$prom_pid" ] && kill -0 "$prom_pid" 2>/dev/null; then
    kill "$prom_pid" 2>/dev/null || true
    wait "$prom_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# Temp config: only the pulse job, same path/scheme/auth as prometheus.yml, target = BASE_URL's host:port.
python3 - "$OPS/prometheus/prometheus.yml" "$BASE_URL" "$tmp" <<'PY'
import os, sys, urllib.parse, yaml
src, base, tmp = sys.argv[1:4]
url = urllib.parse.urlsplit(base)
if url.scheme not in ("http", "https") or not url.hostname:
    sys.exit(f"not an http(s) URL: {base}")
port = url.port or (443 if url.scheme == "https" else 80)
host = f"[{url.hostname}]" if ":" in url.hostname else url.hostname
job = next(j for j in yaml.safe_load(open(src))["scrape_configs"] if j["job_name"] == "pulse")
job.update(scheme=url.scheme, scrape_interval="1s", scrape_timeout="1s",
           static_configs=[{"targets": [f"{host}:{port}"]}])
auth = job.get("authorization")
if auth and "credentials_file" in auth:
    if os.environ.get("METRICS_TOKEN"):
        token_file = os.path.join(tmp, "metrics_token")
        with open(token_file, "w") as f:
            f.write(os.environ["METRICS_TOKEN"])
        auth["credentials_file"] = token_file
    else:  # relative to the original config's directory
        auth["credentials_file"] = os.path.join(os.path.dirname(os.path.abspath(src)), auth["credentials_file"])
cfg = {"global": {"scrape_interval": "1s", "evaluation_interval": "1s"}, "scrape_configs": [job]}
yaml.safe_dump(cfg, open(os.path.join(tmp, "prometheus.yml"), "w"), sort_keys=False)
print(f"scraping {url.scheme}://{host}:{port}{job.get('metrics_path', '/metrics')} as job \"pulse\" every 1s")
PY

prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
  --web.listen-address="127.0.0.1:$port" --log.level=warn >"$tmp/prometheus.log" 2>&1 &
prom_pid=$!
API="http://127.0.0.1:$port/api/v1"

# Prints the single value of an instant query, or nothing when the result is empty.
query() {
  curl -fsS --max-time 5 --get "$API/query" --data-urlencode "query=$1" 2>/dev/null |
    python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")' \
      2>/dev/null || true
}

up="" count=""
start=$SECONDS
while [ $((SECONDS - start)) -lt "$DEADLINE_SECONDS" ]; do
  kill -0 "$prom_pid" 2>/dev/null || { echo "prometheus exited:" >&2; cat "$tmp/prometheus.log" >&2; exit 1; }
  up="$(query 'up{job="pulse"}')"
  count="$(query 'count(http_requests_total)')"
  if [ "$up" = 1 ] && [ -n "$count" ] && [ "$count" != 0 ]; then break; fi
  sleep 1
done

echo "up{job=\"pulse\"} = ${up:-<no sample>}"
echo "count(http_requests_total) = ${count:-<no series>}"
if [ "$up" = 1 ] && [ -n "$count" ] && [ "$count" != 0 ]; then
  echo "OK: Prometheus scraped Pulse at $BASE_URL"
  exit 0
fi
echo "FAILED within ${DEADLINE_SECONDS}s; target state:" >&2
curl -fsS --max-time 5 "$API/targets" 2>/dev/null |
  python3 -c 'import json, sys
for t in json.load(sys.stdin)["data"]["activeTargets"]:
    print(" ", t["scrapeUrl"], t["health"], t["lastError"])' >&2 || true
tail -20 "$tmp/prometheus.log" >&2
exit 1
