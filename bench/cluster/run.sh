#!/usr/bin/env bash
# Cluster benchmarks (issue 10), outside Aspire, built in Release, Kafka off:
#   1. progress updates/s through the API at saturation on a 3-master, 3-replica Redis Cluster with
#      PROGRESS_BUFFER_SHARDS=1 versus the default shard count (and on a single Redis as the baseline);
#   2. CPU seconds per 1,000 accepted progress updates in each component (API, Redis nodes, worker, PostgreSQL),
#      single node and cluster, from /proc/<pid>/stat utime+stime before and after a steady run plus a drain tail.
#      The CPU runs persist every update (PROGRESS_PERSIST_INTERVAL=0): an upper bound for the worker and PostgreSQL;
#      the default interval (30 s) writes a viewer's row at most twice a minute instead of six times.
# Reuses bench/progress (token minting, the wrk script with its title pool, the title-only S3 stand-in).
# Usage: bench/cluster/run.sh [results-dir]   (RUNS, DURATION, STEADY_RATE, STEADY_SECONDS, SHARDS_DEFAULT to override)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PROGRESS="$ROOT/bench/progress"
OUT="${1:-$HERE/results/$(date +%Y%m%d-%H%M%S)}"
DURATION="${DURATION:-15}" CONNECTIONS="${CONNECTIONS:-64}" TOKENS="${TOKENS:-2000}" TITLES="${TITLES:-500}"
WARMUP_SECONDS="${WARMUP_SECONDS:-5}" STEADY_RATE="${STEADY_RATE:-2000}" STEADY_SECONDS="${STEADY_SECONDS:-20}" TAIL_SECONDS="${TAIL_SECONDS:-10}"
SHARDS_DEFAULT="${SHARDS_DEFAULT:-16}"   # ProgressLayout.DefaultShards
PG_PORT="${PG_PORT:-5451}" API_PORT="${API_PORT:-5191}" WORKER_PORT="${WORKER_PORT:-5192}" S3_PORT="${S3_PORT:-5193}"
SINGLE_PORT="${SINGLE_PORT:-6491}" CLUSTER_BASE="${CLUSTER_BASE:-7491}" BUS_BASE="${BUS_BASE:-17491}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
JWT_SECRET="$(openssl rand -base64 48)" JWT_ISSUER="https://auth.bench.invalid" JWT_AUDIENCE="streaming-api"

source "$ROOT/bench/lib.sh"
require_tools dotnet wrk python3 redis-server redis-cli psql curl openssl getconf "$PG_BIN/initdb" "$PG_BIN/postgres" "$PG_BIN/pg_isready"
bench_workspace cluster
cpu_ticks() { local sum=0; for pid in "$@"; do [ -r "/proc/$pid/stat" ] && sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$sum"; }
postgres_pids() { echo "$PG_PID" $(pgrep -P "$PG_PID" || true); }
psql_q() { psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d streaming_db -c "$1"; }

{ echo "machine: $(nproc) cores, $(uname -r), load before start: $(cut -d' ' -f1-3 /proc/loadavg)"; redis-server --version; } > "$OUT/environment.txt"
log "building the API and the worker ($CONFIGURATION)"
build_service Streaming.Api > "$OUT/build.log"
build_service Streaming.ProgressWorker >> "$OUT/build.log"

log "starting PostgreSQL and the title-only S3 stand-in"
start_postgres "$PG_PORT"
python3 "$PROGRESS/title_s3.py" "$S3_PORT" > "$OUT/title_s3.log" 2>&1 & PIDS+=("$!")
python3 "$PROGRESS/mint_tokens.py" "$JWT_SECRET" "$TOKENS" "$WORK/tokens.txt" "$JWT_ISSUER" "$JWT_AUDIENCE"

export ConnectionStrings__s3="Endpoint=http://127.0.0.1:$S3_PORT;AccessKey=x;SecretKey=y"
export PROGRESS_USER_RATE_LIMIT=100000000 ENABLE_KAFKA=false JWT_SECRET_KEY="$JWT_SECRET" JWT_ISSUER JWT_AUDIENCE
export PLAYBACK_SIGNING_KEY="$(openssl rand -base64 48)" USER_SERVICE_URL="http://127.0.0.1:1"
export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production

REDIS_PIDS=()
start_redis() { # single | cluster
  REDIS_PIDS=()
  if [ "$1" = single ]; then
    mkdir -p "$WORK/redis-single"
    redis-server --port "$SINGLE_PORT" --bind 127.0.0.1 --dir "$WORK/redis-single" --appendonly yes --appendfsync everysec --save "" > "$OUT/redis-single.log" 2>&1 &
    REDIS_PIDS+=("$!"); PIDS+=("$!"); export ConnectionStrings__redis="127.0.0.1:$SINGLE_PORT"
    for _ in $(seq 1 50); do redis-cli -p "$SINGLE_PORT" ping > /dev/null 2>&1 && break; sleep 0.1; done
  else
    local nodes="" i
    for i in 0 1 2 3 4 5; do
      local port=$((CLUSTER_BASE + i)); mkdir -p "$WORK/cluster-$i"
      # The node settings of Streaming.Hosting/Redis/Cluster (RedisClusterTopology, RedisServerArguments).
      redis-server --port "$port" --cluster-port $((BUS_BASE + i)) --bind 127.0.0.1 --dir "$WORK/cluster-$i" \
        --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 3000 --cluster-require-full-coverage no \
        --appendonly yes --appendfsync everysec --save "" > "$OUT/redis-cluster-$i.log" 2>&1 &
      REDIS_PIDS+=("$!"); PIDS+=("$!"); nodes="$nodes 127.0.0.1:$port"
    done
    for i in 0 1 2 3 4 5; do for _ in $(seq 1 50); do redis-cli -p $((CLUSTER_BASE + i)) ping > /dev/null 2>&1 && break; sleep 0.1; done; done
    redis-cli --cluster create $nodes --cluster-replicas 1 --cluster-yes > "$OUT/cluster-create.log"
    for _ in $(seq 1 100); do redis-cli -p "$CLUSTER_BASE" cluster info | grep -q '^cluster_state:ok' && break; sleep 0.2; done
    export ConnectionStrings__redis="$(echo $nodes | tr ' ' ',')"
  fi
}
stop_redis() { for pid in "${REDIS_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$WORK"/redis-single "$WORK"/cluster-*; }

start_services() { # shards persist-interval
  export PROGRESS_BUFFER_SHARDS="$1" PROGRESS_PERSIST_INTERVAL="$2"
  ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" run_from_output Streaming.Api > "$OUT/api-$LABEL.log" 2>&1 &
  API_PID=$!; PIDS+=("$API_PID")
  ASPNETCORE_URLS="http://127.0.0.1:$WORKER_PORT" run_from_output Streaming.ProgressWorker > "$OUT/worker-$LABEL.log" 2>&1 &
  WORKER_PID=$!; PIDS+=("$WORKER_PID")
  wait_http "http://127.0.0.1:$API_PORT/alive" || wait_http "http://127.0.0.1:$API_PORT/health"
  wait_http "http://127.0.0.1:$WORKER_PORT/alive" || wait_http "http://127.0.0.1:$WORKER_PORT/health"
}
stop_services() { kill "$API_PID" "$WORKER_PID" 2>/dev/null || true; wait "$API_PID" "$WORKER_PID" 2>/dev/null || true; }

wrk_run() { # label rate seconds
  BENCH_LABEL="$1" BENCH_PATH="/api/v1/stream/%s/progress" BENCH_RATE="$2" BENCH_TOKENS="$WORK/tokens.txt" BENCH_TITLES="$TITLES" \
    wrk -t1 -c"$CONNECTIONS" -d"$3"s --timeout 5s -s "$PROGRESS/progress.lua" "http://127.0.0.1:$API_PORT" | tee -a "$OUT/wrk.txt" | grep '^{' || true
}

measure() { # label redis-kind shards
  LABEL="$1"; log "$LABEL: Redis $2, PROGRESS_BUFFER_SHARDS=$3"
  start_redis "$2"; psql_q "TRUNCATE watch_progress" > /dev/null 2>&1 || true
  start_services "$3" 0
  # Repeated until some requests were answered: a cold first request on a loaded machine can outlast a short warm-up.
  for _ in 1 2 3 4 5 6 7 8 9 10; do [[ "$(wrk_run "$LABEL-warmup" 0 "$WARMUP_SECONDS")" == *'"requests":'[1-9]* ]] && break; done
  wrk_run "$LABEL-saturation" 0 "$DURATION" >> "$OUT/throughput.jsonl"
  sleep "$TAIL_SECONDS"
  local rows_before; rows_before=$(psql_q "SELECT count(*) FROM watch_progress")
  local api0 worker0 redis0 pg0; api0=$(cpu_ticks "$API_PID"); worker0=$(cpu_ticks "$WORKER_PID"); redis0=$(cpu_ticks "${REDIS_PIDS[@]}"); pg0=$(cpu_ticks $(postgres_pids))
  local steady; steady=$(wrk_run "$LABEL-steady" "$STEADY_RATE" "$STEADY_SECONDS"); echo "$steady" >> "$OUT/steady.jsonl"
  sleep "$TAIL_SECONDS"   # the worker drains what the run left and PostgreSQL writes it
  local api1 worker1 redis1 pg1; api1=$(cpu_ticks "$API_PID"); worker1=$(cpu_ticks "$WORKER_PID"); redis1=$(cpu_ticks "${REDIS_PIDS[@]}"); pg1=$(cpu_ticks $(postgres_pids))
  local rows_after; rows_after=$(psql_q "SELECT count(*) FROM watch_progress")
  python3 - "$LABEL" "$2" "$3" "$(getconf CLK_TCK)" "$steady" $((api1 - api0)) $((worker1 - worker0)) $((redis1 - redis0)) $((pg1 - pg0)) $((rows_after - rows_before)) >> "$OUT/cpu.jsonl" <<'PY'
import json, sys
label, redis, shards, hz, steady = sys.argv[1:6]
api, worker, rds, pg, rows = map(int, sys.argv[6:11])
run = json.loads(steady)
accepted = run["requests"] - run["non2xx"] - run["socket_errors"]
per_k = lambda ticks: round(ticks / int(hz) / (accepted / 1000), 4) if accepted else None
print(json.dumps({"label": label, "redis": redis, "shards": int(shards), "accepted": accepted, "rows_written": rows,
                  "cpu_s_per_1000": {"api": per_k(api), "redis": per_k(rds), "worker": per_k(worker), "postgres": per_k(pg)}}))
PY
  stop_services; stop_redis
}

RUNS="${RUNS:-single-default cluster-1-shard cluster-default}"
for run in $RUNS; do
  case "$run" in
    single-default) measure single-default single "$SHARDS_DEFAULT" ;;
    cluster-1-shard) measure cluster-1-shard cluster 1 ;;
    cluster-default) measure cluster-default cluster "$SHARDS_DEFAULT" ;;
  esac
done
python3 "$HERE/summarize.py" "$OUT" | tee "$OUT/summary.md"
log "results in $OUT"
