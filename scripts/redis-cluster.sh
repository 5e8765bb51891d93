#!/usr/bin/env bash
# A local 3-master Redis Cluster for tests: `start` prints `REDIS_CLUSTER_NODES=host:port,...` (also
# written to $DIR/nodes), `stop` shuts it down and removes its directory. Ports are picked free.
#   scripts/redis-cluster.sh start [DIR]    (DIR defaults to /tmp/pulse-redis-cluster)
#   scripts/redis-cluster.sh stop [DIR]
set -euo pipefail
cmd="${1:-}"
dir="${2:-${PULSE_REDIS_CLUSTER_DIR:-/tmp/pulse-redis-cluster}}"

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

stop() {
  [ -d "$dir" ] || return 0
  for conf in "$dir"/*/port; do
    [ -f "$conf" ] || continue
    redis-cli -h 127.0.0.1 -p "$(cat "$conf")" shutdown nosave >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
}

start() {
  stop
  mkdir -p "$dir"
  local nodes=() port
  for i in 1 2 3; do
    # The cluster bus listens on port + 10000: both must be free.
    for _ in $(seq 1 20); do
      port="$(free_port)"
      [ "$port" -lt 55535 ] && ! (echo >"/dev/tcp/127.0.0.1/$((port + 10000))") 2>/dev/null && break
    done
    mkdir -p "$dir/$i"
    echo "$port" >"$dir/$i/port"
    (cd "$dir/$i" && redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file nodes.conf --cluster-node-timeout 2000 --save "" --appendonly no \
      --daemonize yes --logfile "$dir/$i/redis.log" --pidfile "$dir/$i/redis.pid")
    nodes+=("127.0.0.1:$port")
  done
  for node in "${nodes[@]}"; do
    for _ in $(seq 1 50); do
      redis-cli -h 127.0.0.1 -p "${node##*:}" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$dir/create.log"
  # `create` returns once slots are assigned; wait until every node agrees the cluster is ok.
  for node in "${nodes[@]}"; do
    for _ in $(seq 1 100); do
      redis-cli -h 127.0.0.1 -p "${node##*:}" cluster info | grep -q 'cluster_state:ok' && break
      sleep 0.1
    done
    redis-cli -h 127.0.0.1 -p "${node##*:}" cluster info | grep -q 'cluster_state:ok' ||
      { cat "$dir/create.log"; echo "cluster not ok on $node" >&2; exit 1; }
  done
  local list
  list="$(IFS=,; echo "${nodes[*]}")"
  echo "$list" >"$dir/nodes"
  echo "REDIS_CLUSTER_NODES=$list"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
