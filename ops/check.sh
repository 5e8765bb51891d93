#!/usr/bin/env bash
# Static checks of ops/: Prometheus config and rules (with unit tests), Alertmanager config, Grafana
# dashboards (JSON and every PromQL expression), runbook anchors, docker-compose. Run: bash ops/check.sh
set -euo pipefail
OPS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
step() { printf -- '-- %s\n' "$*"; }

# promtool/amtool (and the daemons) from Debian's packages; a no-op when already installed.
bash "$OPS/install-tools.sh"

# The credentials files are deployment secrets (git-ignored); the checks only need them to exist.
for example in "$OPS"/secrets/*.example; do
  [ -e "${example%.example}" ] || cp "$example" "${example%.example}"
done

step "promtool check config"
grep -q 'runbook_base:' "$OPS/prometheus/prometheus.yml" || { echo "prometheus.yml: external label runbook_base missing"; exit 1; }
promtool check config "$OPS/prometheus/prometheus.yml"

step "promtool check rules"
promtool check rules "$OPS/prometheus/recording.yml" "$OPS/prometheus/alerts.yml"

step "promtool test rules"
promtool test rules "$OPS/prometheus/alerts.test.yml"

step "amtool check-config"
amtool check-config "$OPS/alertmanager/alertmanager.yml"

step "amtool config routes test: which receiver each alert reaches"
# Alerts about Pulse and its dependencies page without Pulse (fallback-page); Watchdog goes to the dead
# man's switch; everything else goes to Pulse.
route_cases=(
  "fallback-page|alertname=ServiceDown job=pulse instance=pulse:3000 severity=critical"
  "fallback-page|alertname=ServiceDown job=postgres instance=postgres_exporter:9187 severity=critical"
  "fallback-page|alertname=ServiceDown job=redis instance=redis_exporter:9121 severity=critical"
  "deadmansswitch|alertname=Watchdog severity=none"
  "pulse|alertname=ServiceDown job=node instance=node_exporter:9100 severity=critical"
  "pulse|alertname=HighErrorRate job=pulse severity=critical"
  "pulse|alertname=ScheduledJobNotSucceeding job=pulse exported_job=daily-report severity=warning"
  "pulse|alertname=OutboxBacklogStuck job=pulse severity=warning"
)
for case in "${route_cases[@]}"; do
  expected="${case%%|*}"
  # shellcheck disable=SC2086 # the labels are separate arguments
  got="$(amtool config routes test --config.file="$OPS/alertmanager/alertmanager.yml" ${case#*|} 2>/dev/null)"
  if [ "$got" != "$expected" ]; then
    echo "route of {${case#*|}}: expected $expected, got ${got:-nothing}"
    exit 1
  fi
  echo "${case#*|} -> $got"
done

step "runbook anchors of every runbook_url"
# GitHub anchors are the lower-cased heading; each alert has a '### AlertName' section.
missing=0
for anchor in $(grep -o 'RUNBOOK.md#[a-z0-9-]*' "$OPS/prometheus/alerts.yml" | cut -d'#' -f2 | sort -u); do
  if ! grep -Eiq "^#{2,4} ${anchor}\$" "$OPS/RUNBOOK.md"; then
    echo "RUNBOOK.md has no section for #$anchor"
    missing=1
  fi
done
if [ "$missing" != 0 ]; then exit 1; fi
echo "all anchors present"

step "Grafana dashboards: JSON, and every PromQL expression through promtool"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for f in "$OPS"/grafana/dashboards/*.json; do
  python3 -m json.tool "$f" >/dev/null
  echo "$(basename "$f"): valid JSON"
done
# Wrap each expression in a recording rule (JSON is YAML) so promtool parses it; Grafana's range
# variables are replaced by a literal duration first.
python3 - "$tmp/dashboards.rules.json" "$OPS"/grafana/dashboards/*.json <<'PY'
import json, sys
exprs = []
def walk(panels):
    for p in panels:
        exprs.extend(t["expr"] for t in p.get("targets", []) if "expr" in t)
        walk(p.get("panels", []))
for path in sys.argv[2:]:
    walk(json.load(open(path))["panels"])
rules = [{"record": f"dashboard:expr_{i}", "expr": e.replace("$__range", "1h").replace("$__rate_interval", "5m")}
         for i, e in enumerate(exprs)]
json.dump({"groups": [{"name": "dashboards", "rules": rules}]}, open(sys.argv[1], "w"))
PY
promtool check rules "$tmp/dashboards.rules.json"

step "docker compose config"
if docker compose version >/dev/null 2>&1; then
  docker compose -f "$OPS/docker-compose.yml" config -q && echo "docker-compose.yml: valid"
elif command -v docker-compose >/dev/null; then
  docker-compose -f "$OPS/docker-compose.yml" config -q && echo "docker-compose.yml: valid (docker-compose v1)"
else
  echo "neither the docker compose plugin nor docker-compose is installed (apt-get install docker-compose)"
  exit 1
fi

step "ops checks passed"
