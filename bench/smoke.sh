#!/usr/bin/env bash
# Smoke run of every benchmark script (bench/progress, bench/drain, bench/cluster, bench/delivery) at tiny sizes, on the Debug build
# that scripts/test.sh has just made: each must finish and write its summary with its figures. It says nothing about
# speed (the figures come from an idle machine, see bench/BENCHMARKS.md); it fails when a script stopped working.
# Usage: bench/smoke.sh [progress|drain|cluster|delivery ...]   (default: all four). Ports are free ones.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/bench-smoke.XXXXXX)"
status=0
trap '[ "$status" = 0 ] && rm -rf "$WORK"' EXIT   # kept when a script failed, for its logs
free_ports() { python3 -c 'import socket,sys
s=[socket.socket() for _ in range(int(sys.argv[1]))]
[x.bind(("127.0.0.1", 0)) for x in s]; print(" ".join(str(x.getsockname()[1]) for x in s))' "$1"; }
export CONFIGURATION=Debug BENCH_NO_BUILD=1

check() { # name results-dir pattern...: the summary exists and holds each pattern (a figure of the script)
  local name="$1" out="$2" pattern
  shift 2
  for pattern in "$@"; do
    if ! grep -Eq -- "$pattern" "$out/summary.md" 2>/dev/null; then
      echo "bench smoke: $name wrote no figure matching '$pattern' (see $out; its run.log follows)" >&2
      tail -20 "$out/run.log" >&2 2>/dev/null || true
      status=1
      return
    fi
  done
  echo "bench smoke: $name OK"
}

run() { # name: runs one script at tiny sizes and checks its summary
  local out="$WORK/$1" rc=0
  mkdir -p "$out"
  case "$1" in
    progress)
      read -r REDIS_PORT PG_PORT API_PORT WORKER_PORT S3_PORT <<< "$(free_ports 5)"
      REDIS_PORT=$REDIS_PORT PG_PORT=$PG_PORT API_PORT=$API_PORT WORKER_PORT=$WORKER_PORT S3_PORT=$S3_PORT \
        DURATION=2 WARMUP_SECONDS=1 CONNECTIONS=4 STEADY_RATE=100 STEADY_SECONDS=3 DRAIN_ENTRIES=500 TOKENS=20 TITLES=5 \
        "$ROOT/bench/progress/run.sh" "$out" > "$out/console.log" 2>&1 || rc=$?
      ((rc == 0)) || { echo "bench smoke: progress/run.sh exited $rc" >&2; tail -20 "$out/console.log" >&2; status=1; return; }
      check progress "$out" 'updates/s at saturation .*\| [1-9][0-9,]*/s' 'Worker drain .*\| [1-9][0-9,]* rows/s' 'Drain lag .*p99 [0-9.]+ s' \
        '^- p99 ratio at half of .*: \*\*[0-9.]+x\*\*' '^- API RSS under the steady load .*: \*\*[1-9][0-9]* MB\*\*' \
        '^- Worker RSS under the steady load .*: \*\*[1-9][0-9]* MB\*\*' \
        '^- Redis per progress report at saturation .*main thread \*\*[0-9.]+ us\*\*' '^- Redis in the half-load run: [0-9]+ AOF rewrites' ;;
    drain)
      read -r REDIS_PORT PG_PORT WORKER_PORT <<< "$(free_ports 3)"
      REDIS_PORT=$REDIS_PORT PG_PORT=$PG_PORT WORKER_PORT=$WORKER_PORT \
        DRAIN_ENTRIES=500 WARMUP_ENTRIES=500 MEASURED_ROUNDS=1 VIEWERS=20 VIEWER_SECONDS=6 SKIP_SECONDS=2 STATS_WAIT=1 \
        PROGRESS_PERSIST_INTERVAL=2 "$ROOT/bench/drain/run.sh" "$out" > "$out/console.log" 2>&1 || rc=$?
      ((rc == 0)) || { echo "bench smoke: drain/run.sh exited $rc" >&2; tail -20 "$out/console.log" >&2; status=1; return; }
      check drain "$out" '\*\*[1-9][0-9,]* rows/s\*\*' 'Row writes per viewer-minute.*\| \*\*[0-9.]+\*\* \|' ;;
    cluster)
      read -r PG_PORT API_PORT WORKER_PORT S3_PORT SINGLE_PORT <<< "$(free_ports 5)"
      # Six node ports and their bus ports (+10000), all below the kernel's ephemeral range (32768 and up), where
      # the servers of the tests running beside this one take their free ports; a base whose twelve ports are free.
      CLUSTER_BASE=$(python3 -c 'import random,socket
def free(p):
    s=socket.socket()
    try: s.bind(("127.0.0.1",p)); return True
    except OSError: return False
    finally: s.close()
while True:
    b=random.randrange(10000,22000)
    if all(free(b+i) and free(b+10000+i) for i in range(6)): print(b); break')
      PG_PORT=$PG_PORT API_PORT=$API_PORT WORKER_PORT=$WORKER_PORT S3_PORT=$S3_PORT SINGLE_PORT=$SINGLE_PORT \
        CLUSTER_BASE=$CLUSTER_BASE BUS_BASE=$((CLUSTER_BASE + 10000)) RUNS="single-default cluster-default" \
        DURATION=3 WARMUP_SECONDS=2 CONNECTIONS=4 STEADY_RATE=100 STEADY_SECONDS=2 TAIL_SECONDS=1 TOKENS=20 TITLES=5 \
        "$ROOT/bench/cluster/run.sh" "$out" > "$out/console.log" 2>&1 || rc=$?
      ((rc == 0)) || { echo "bench smoke: cluster/run.sh exited $rc" >&2; tail -20 "$out/console.log" >&2; status=1; return; }
      check cluster "$out" '\| single-default \| single \| [0-9]+ \| [1-9][0-9,]* \|' '\| cluster-default \| cluster \| [0-9]+ \| [1-9][0-9,]* \|' ;;
    delivery)
      # The whole app in local mode on free ports (about 2 minutes: the start, then the idle reaper's 30 s pass).
      "$ROOT/bench/delivery/run.sh" --smoke "$out" > "$out/console.log" 2>&1 || rc=$?
      ((rc == 0)) || { echo "bench smoke: delivery/run.sh exited $rc" >&2; tail -20 "$out/console.log" >&2; status=1; return; }
      check delivery "$out" '\| edge \| [0-9]+ \| [0-9]+ \(0\) \| [1-9][0-9]* \| 1\.00 / 1 \|' '\| presigned \| [0-9]+ \| [0-9]+ \(0\) \| [1-9][0-9]* \|' \
        '\| S3 direct \(presigned URL\) \| [0-9.]+ ms \|' '\| idle reaper \| idle_timeout \|.*\| [0-9.]+ s \| [0-9.]+ s \| [0-9.]+ s \| 0 \| 0 \|' \
        '\| subscription lapse \| subscription_ended \|.*\| [0-9.]+ s \| 0 \| 0 \|' '\| [0-9]+ \| [1-9][0-9]* \(0\) \| [0-9]+ \| [0-9.]+ \|$' ;;
    *) echo "bench smoke: no script called $1" >&2; status=1 ;;
  esac
}

for name in "${@:-progress drain cluster delivery}"; do
  for one in $name; do run "$one"; done
done
exit "$status"
