#!/usr/bin/env bash
# Installs Debian's prometheus and prometheus-alertmanager (promtool, amtool, and the daemons the alert
# path tests run) unless present. Used by ops/check.sh and .ci/run. Run: bash ops/install-tools.sh
set -euo pipefail
step() { printf -- '-- %s\n' "$*"; }

# promtool/amtool come from Debian's prometheus and prometheus-alertmanager packages. Their postinst
# would start the daemons; a temporary policy-rc.d forbids that, and any daemon that still appears is
# stopped by pid (only pids that were not there before the install).
daemons() { pgrep '^prometheus' || true; } # also matches prometheus-alertmanager (comm: 15 chars)
if ! command -v promtool >/dev/null || ! command -v amtool >/dev/null || ! command -v prometheus-alertmanager >/dev/null; then
  step "installing prometheus and prometheus-alertmanager (for promtool and amtool)"
  before="$(daemons)"
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  rc=0
  { apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      prometheus prometheus-alertmanager >/dev/null; } || rc=$?
  if [ "$policy_added" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  for pid in $(daemons); do
    if ! grep -qx "$pid" <<<"$before"; then
      echo "stopping a daemon the package install started: pid $pid"
      kill "$pid" 2>/dev/null || true
    fi
  done
  [ "$rc" = 0 ] || { echo "apt-get install failed ($rc)"; exit "$rc"; }
fi

