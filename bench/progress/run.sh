#!/usr/bin/env bash
# Progress write path and drain benchmarks (issue 4). Reproduces the four figures of bench/BENCHMARKS.md:
#   1. progress updates/s through the full API (JWT, rate limit, one Redis script) vs a bare endpoint of the same
#      process, at saturation and at half of it (p50/p99);
#   2. worker drain rate (rows/s into PostgreSQL) vs single-row INSERT ... ON CONFLICT upserts (pgbench);
#   3. drain lag p99 under a steady 5,000 updates/s through the API;
#   4. API and worker RSS under that load.
# The summary ends with issue 23's figures spelled out: the p99 ratio at half saturation (progress / bare at the same
# rate), the saturation ratio, the API's and the worker's RSS under the steady load, the caches' sizes, and what Redis
# itself spent per report and where its main thread stalled in the half-load run (redis_cost.py).
# Everything runs on loopback outside Aspire: redis-server (AOF everysec), PostgreSQL 15, the API and the worker
# built in Release. Nothing is pinned: wrk, the services, Redis and PostgreSQL share all cores of the machine.
# Each measurement is bounded (<= 30 s). Usage: bench/progress/run.sh [results-dir]
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$HERE/results/$(date +%Y%m%d-%H%M%S)}"
DURATION="${DURATION:-10}"            # seconds per wrk measurement
WARMUP_SECONDS="${WARMUP_SECONDS:-20}" # seconds of each endpoint before the measurements (JIT tiers, caches)
CONNECTIONS="${CONNECTIONS:-64}"      # wrk connections, the same for the API and the bare endpoint
STEADY_RATE="${STEADY_RATE:-5000}"    # updates/s for the drain-lag run
# WRITE_ONLY=1: stop after figure 1 (the write path against the bare endpoint)
STEADY_SECONDS="${STEADY_SECONDS:-20}"
DRAIN_ENTRIES="${DRAIN_ENTRIES:-300000}"
TOKENS="${TOKENS:-2000}"              # distinct users; every request also gets a random title of the pool
TITLES="${TITLES:-500}"               # titles in the pool (the API caches that each exists after the warm-up)
REDIS_PORT="${REDIS_PORT:-6391}" PG_PORT="${PG_PORT:-5441}" API_PORT="${API_PORT:-5091}" WORKER_PORT="${WORKER_PORT:-5092}"
S3_PORT="${S3_PORT:-5093}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
# Production mode refuses published or weak secrets, and wants an issuer, an audience and a playback key of its own.
JWT_SECRET="$(openssl rand -base64 48)"
JWT_ISSUER="https://auth.bench.invalid" JWT_AUDIENCE="streaming-api"

source "$ROOT/bench/lib.sh"
require_tools dotnet wrk python3 redis-server redis-cli psql curl openssl "$PG_BIN/initdb" "$PG_BIN/postgres" "$PG_BIN/pg_isready" "$PG_BIN/pgbench"
bench_workspace progress

{ echo "machine: $(nproc) cores, $(uname -r), load before start: $(cut -d' ' -f1-3 /proc/loadavg)"; (wrk -v 2>&1 || true) | head -1; redis-server --version; } > "$OUT/environment.txt"

log "building the API and the worker ($CONFIGURATION)"
build_service Streaming.Api > "$OUT/build.log"
build_service Streaming.ProgressWorker >> "$OUT/build.log"

log "starting redis-server (AOF everysec) and PostgreSQL"
start_redis "$REDIS_PORT"
start_postgres "$PG_PORT"

python3 "$HERE/title_s3.py" "$S3_PORT" > "$OUT/title_s3.log" 2>&1 &
PIDS+=("$!")
# Only the title check (HEAD of a manifest, cached after the first) reaches S3 on this path.
export ConnectionStrings__s3="Endpoint=http://127.0.0.1:$S3_PORT;AccessKey=x;SecretKey=y"
# The per-user limits run (same Redis script) but never reject: 2,000 users at saturation send far more than a player.
export PROGRESS_USER_RATE_LIMIT=100000000
export ENABLE_KAFKA=false JWT_SECRET_KEY="$JWT_SECRET" JWT_ISSUER JWT_AUDIENCE PLAYBACK_SIGNING_KEY="$(openssl rand -base64 48)" USER_SERVICE_URL="http://127.0.0.1:1"
# The API's shipped logging configuration (appsettings.json), as production runs it.
export DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production

log "starting the API (Release) with Benchmark:BareEndpoint=true"
ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" Benchmark__BareEndpoint=true \
  run_from_output Streaming.Api > "$OUT/api.log" 2>&1 &
API_PID=$!; PIDS+=("$API_PID")
wait_http "http://127.0.0.1:$API_PORT/alive" || wait_http "http://127.0.0.1:$API_PORT/health"

python3 "$HERE/mint_tokens.py" "$JWT_SECRET" "$TOKENS" "$WORK/tokens.txt" "$JWT_ISSUER" "$JWT_AUDIENCE"
URL="http://127.0.0.1:$API_PORT"
wrk_run() { # label path rate seconds
  BENCH_LABEL="$1" BENCH_PATH="$2" BENCH_RATE="$3" BENCH_TOKENS="$WORK/tokens.txt" BENCH_TITLES="$TITLES" \
    wrk -t1 -c"$CONNECTIONS" -d"$4"s --timeout 5s -s "$HERE/progress.lua" "$URL" | tee -a "$OUT/wrk.txt" | grep '^{' || true
}
PROGRESS_PATH="/api/v1/stream/%s/progress"
# What Redis itself spends and where its main thread stalls, around the progress runs: INFO cpu, commandstats and
# persistence before and after (Redis's own CPU per report, the AOF rewrites' children, the script against its
# commands), and the latency monitor's events above 2 ms (a fork for an AOF rewrite, a command that took long).
redis_watch() { # label: start|end
  { redis-cli -p "$REDIS_PORT" info cpu; redis-cli -p "$REDIS_PORT" info commandstats; redis-cli -p "$REDIS_PORT" info persistence
    if [ "$2" = end ]; then # each event's samples: one per second in which one exceeded the threshold (its worst, ms)
      for event in $(redis-cli -p "$REDIS_PORT" latency latest | awk 'NR % 4 == 1'); do
        echo "latency_$event:$(redis-cli -p "$REDIS_PORT" latency history "$event" | awk 'NR % 2 == 0' | paste -sd, -)"
      done
    fi
  } | tr -d '\r' > "$OUT/redis-$1-$2.txt"
  [ "$2" = start ] && redis-cli -p "$REDIS_PORT" latency reset > /dev/null
  return 0
}
redis-cli -p "$REDIS_PORT" config set latency-monitor-threshold 2 > /dev/null

# First calls outside the measurement: they open the Redis and JWT paths (the Redis client connects lazily).
TOKEN1="$(head -1 "$WORK/tokens.txt")"
for _ in 1 2 3; do
  curl -fs -o /dev/null -X POST -H "Content-Type: application/json" -d '{"position_seconds":1}' "$URL/bench/bare"
  curl -fs -o /dev/null -X POST -H "Content-Type: application/json" -H "Authorization: Bearer $TOKEN1" \
    -d '{"position_seconds":1}' "$URL/api/v1/stream/$(python3 -c 'import uuid; print(uuid.uuid4())')/progress"
done
log "1. write path: warm-up, then saturation and half of it (wrk -t1 -c$CONNECTIONS, ${DURATION}s each)"
# Each repeated until some requests were answered: a cold first request on a loaded machine can outlast a short warm-up.
for _ in 1 2 3 4 5 6 7 8 9 10; do [[ "$(wrk_run warmup-bare /bench/bare 0 "$WARMUP_SECONDS")" == *'"requests":'[1-9]* ]] && break; done
for _ in 1 2 3 4 5 6 7 8 9 10; do [[ "$(wrk_run warmup-progress "$PROGRESS_PATH" 0 "$WARMUP_SECONDS")" == *'"requests":'[1-9]* ]] && break; done
wrk_run bare-saturation /bench/bare 0 "$DURATION" >> "$OUT/write.jsonl"
redis_watch progress-saturation start
wrk_run progress-saturation "$PROGRESS_PATH" 0 "$DURATION" >> "$OUT/write.jsonl"
redis_watch progress-saturation end
BARE_SAT=$(grep bare-saturation "$OUT/write.jsonl" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["rps"]))')
PROG_SAT=$(grep progress-saturation "$OUT/write.jsonl" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["rps"]))')
[ "$BARE_SAT" -ge 2 ] && [ "$PROG_SAT" -ge 2 ] || { log "a saturation run served no requests; see $OUT/wrk.txt"; exit 1; }
wrk_run bare-half /bench/bare $((BARE_SAT / 2)) "$DURATION" >> "$OUT/write.jsonl"
redis_watch progress-half start
wrk_run progress-half "$PROGRESS_PATH" $((PROG_SAT / 2)) "$DURATION" >> "$OUT/write.jsonl"
redis_watch progress-half end
# The same rate for both: what the bare endpoint's latency is at the API's half-saturation rate.
wrk_run bare-at-progress-half /bench/bare $((PROG_SAT / 2)) "$DURATION" >> "$OUT/write.jsonl"
redis-cli -p "$REDIS_PORT" info memory | grep -E '^used_memory_human' >> "$OUT/run.log"
if [ "${WRITE_ONLY:-0}" = 1 ]; then
  python3 "$HERE/redis_cost.py" "$OUT"
  cat "$OUT/write.jsonl"; echo "api.log: $(wc -l < "$OUT/api.log") lines"; log "results in $OUT (WRITE_ONLY: figure 1 only)"; exit 0
fi
redis-cli -p "$REDIS_PORT" flushall > /dev/null

log "2. drain: $DRAIN_ENTRIES buffered updates (distinct user and title each) into PostgreSQL"
python3 "$HERE/redis_probe.py" fill "$REDIS_PORT" "$DRAIN_ENTRIES" | tee -a "$OUT/run.log"
# Trimming is deferred so that run 3 can read every entry id afterwards (it is idempotent housekeeping, off the drain path).
ASPNETCORE_URLS="http://127.0.0.1:$WORKER_PORT" ProgressWorker__TrimInterval=01:00:00 \
  run_from_output Streaming.ProgressWorker > "$OUT/worker.log" 2>&1 &
WORKER_PID=$!; PIDS+=("$WORKER_PID")
python3 "$HERE/redis_probe.py" drain "$REDIS_PORT" "$DRAIN_ENTRIES" "$OUT/drain.json"
ROWS=$(psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d streaming_db -c "SELECT count(*) FROM watch_progress")
echo "{\"rows_in_table\": $ROWS}" > "$OUT/drain-rows.json"
[ "$ROWS" -eq "$DRAIN_ENTRIES" ] || { log "expected $DRAIN_ENTRIES rows after the drain, found $ROWS (see $OUT/worker.log)"; exit 1; }
log "   baseline: single-row upserts with pgbench, 1 client (a loop) and 8 clients, ${DURATION}s each"
for clients in 1 8; do
  "$PG_BIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$clients" -j "$(( clients < 2 ? 1 : 2 ))" -T "$DURATION" \
    -f "$HERE/upsert.sql" streaming_db > "$OUT/pgbench-c$clients.txt" 2>&1
  grep -E "^tps" "$OUT/pgbench-c$clients.txt" | tee -a "$OUT/run.log"
done

log "3+4. steady $STEADY_RATE updates/s through the API for ${STEADY_SECONDS}s: drain lag and RSS"
python3 "$HERE/redis_probe.py" lag "$REDIS_PORT" "$((STEADY_SECONDS + 1))" "$OUT/lag.json" "$API_PID" "$WORKER_PID" "$REDIS_PID" > /dev/null &
PROBE=$!
wrk_run steady "$PROGRESS_PATH" "$STEADY_RATE" "$STEADY_SECONDS" >> "$OUT/steady.jsonl"
wait "$PROBE"
echo "{\"api_rss_mb_end\": $(( $(ps -o rss= -p "$API_PID") / 1024 )), \"worker_rss_mb_end\": $(( $(ps -o rss= -p "$WORKER_PID") / 1024 ))}" > "$OUT/rss-end.json"

log "3b. steady $STEADY_RATE updates/s of the API's Redis script (no HTTP) for ${STEADY_SECONDS}s: drain lag at the exact rate"
python3 "$HERE/redis_probe.py" lag "$REDIS_PORT" "$((STEADY_SECONDS + 1))" "$OUT/lag-direct.json" "$API_PID" "$WORKER_PID" "$REDIS_PID" > /dev/null &
PROBE=$!
python3 "$HERE/redis_probe.py" steady "$REDIS_PORT" "$STEADY_RATE" "$STEADY_SECONDS" "$OUT/steady-direct.json" >> "$OUT/run.log"
wait "$PROBE"

TOKENS="$TOKENS" TITLES="$TITLES" python3 "$HERE/summarize.py" "$OUT" "$API_PID" "$WORKER_PID" "$REDIS_PID" | tee "$OUT/summary.md"
log "results in $OUT"
