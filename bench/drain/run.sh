#!/usr/bin/env bash
# Drain benchmark (issue 10): what the persist path writes into PostgreSQL.
#   1. rows/s the worker persists from a pre-filled, sharded buffer (DRAIN_ENTRIES distinct users and titles, every
#      entry marked persist), against a baseline of the same run: the same rows upserted by one bare
#      INSERT ... ON CONFLICT from a COPY-filled staging table (psql), PostgreSQL's own ceiling for this statement;
#   2. row writes per viewer-minute for VIEWERS viewers reporting every 10 s through the API's write script, with the
#      default PROGRESS_PERSIST_INTERVAL (30 s), against the reports they sent (what interval 0 would write).
# Runs on loopback outside Aspire: redis-server (AOF everysec), PostgreSQL 15 and the worker built in Release, sharing
# every core. Usage: bench/drain/run.sh [results-dir]. Prints a markdown table and writes it to results-dir/summary.md.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$HERE/results/$(date +%Y%m%d-%H%M%S)}"
DRAIN_ENTRIES="${DRAIN_ENTRIES:-300000}"
WARMUP_ENTRIES="${WARMUP_ENTRIES:-300000}"
MEASURED_ROUNDS="${MEASURED_ROUNDS:-3}"
VIEWERS="${VIEWERS:-3000}"
VIEWER_SECONDS="${VIEWER_SECONDS:-150}"   # the first SKIP_SECONDS (first writes of every viewer) are not counted
SKIP_SECONDS="${SKIP_SECONDS:-30}"
STATS_WAIT="${STATS_WAIT:-11}"            # PostgreSQL 15 publishes an idle backend's table counters after up to 10 s
export PROGRESS_PERSIST_INTERVAL="${PROGRESS_PERSIST_INTERVAL:-30}"
REDIS_PORT="${REDIS_PORT:-6395}" PG_PORT="${PG_PORT:-5445}" WORKER_PORT="${WORKER_PORT:-5096}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

source "$ROOT/bench/lib.sh"
require_tools dotnet python3 redis-server redis-cli psql "$PG_BIN/initdb" "$PG_BIN/postgres" "$PG_BIN/pg_isready"
bench_workspace drain
sql() { psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d streaming_db -c "$1"; }
writes() { sql "SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE relname = 'watch_progress'"; }

echo "machine: $(nproc) cores, $(uname -r), load before start: $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/environment.txt"
log "building the worker ($CONFIGURATION)"
build_service Streaming.ProgressWorker > "$OUT/build.log"

log "starting redis-server (AOF everysec) and PostgreSQL"
start_redis "$REDIS_PORT"
start_postgres "$PG_PORT"

log "1. drain: $DRAIN_ENTRIES buffered updates (distinct user and title each) over the shards, by a warmed-up worker"
# A worker in production has run for hours: its hot paths are jitted at their final tier. Measured cold, most of a
# 10 s drain runs tier-0 and instrumented code while the JIT takes a third to half of a core, and a single warm-up
# drain still left it busy. So the worker drains WARMUP_ENTRIES and then one unmeasured round before MEASURED_ROUNDS
# measured ones; the result is the median round. A round's entries are written to a staging stream beside each shard
# (which the worker does not read) and swapped in for all shards at once (RENAME in one MULTI), so the worker, running
# all along, finds the whole round buffered. (Pausing the worker with SIGSTOP instead timed out its reads in flight,
# and their entries waited ClaimIdleTime for a takeover.)
python3 "$ROOT/bench/progress/redis_probe.py" fill "$REDIS_PORT" "$WARMUP_ENTRIES" | tee -a "$OUT/run.log"
export ENABLE_KAFKA=false DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
ASPNETCORE_URLS="http://127.0.0.1:$WORKER_PORT" ProgressWorker__TrimInterval=00:00:10 \
  run_from_output Streaming.ProgressWorker > "$OUT/worker.log" 2>&1 &
PIDS+=("$!")
python3 "$ROOT/bench/progress/redis_probe.py" drain "$REDIS_PORT" "$WARMUP_ENTRIES" "$OUT/warmup.json" | tee -a "$OUT/run.log"
drain_round() { # results file
  sleep 2
  sql "TRUNCATE watch_progress"
  python3 "$ROOT/bench/progress/redis_probe.py" fill "$REDIS_PORT" "$DRAIN_ENTRIES" staged >> "$OUT/run.log"
  python3 "$ROOT/bench/progress/redis_probe.py" drain-staged "$REDIS_PORT" "$DRAIN_ENTRIES" "$1" | tee -a "$OUT/run.log"
}
drain_round "$OUT/warmup-round.json"
for round in $(seq 1 "$MEASURED_ROUNDS"); do drain_round "$OUT/drain-$round.json"; done
python3 - "$OUT" "$MEASURED_ROUNDS" <<'PY'
import json, statistics, sys
from pathlib import Path
out, n = Path(sys.argv[1]), int(sys.argv[2])
rounds = [json.loads((out / f"drain-{i}.json").read_text()) for i in range(1, n + 1)]
rates = [r["rows_per_s"] for r in rounds]
json.dump({"entries": rounds[0]["entries"], "rows_per_s": statistics.median(rates), "rounds_rows_per_s": rates}, open(out / "drain.json", "w"))
PY
ROWS=$(sql "SELECT count(*) FROM watch_progress")
[ "$ROWS" -eq "$DRAIN_ENTRIES" ] || { log "expected $DRAIN_ENTRIES rows after the drain, found $ROWS (see $OUT/worker.log)"; exit 1; }

log "   baseline: the same rows, COPY into a staging table + one INSERT ... ON CONFLICT into an empty table"
sql "\\copy (SELECT user_id, movie_id, position_seconds, last_watched_at FROM watch_progress ORDER BY user_id, movie_id) TO '$WORK/rows.csv' CSV"
sql "CREATE UNLOGGED TABLE staging (user_id uuid, movie_id uuid, position_seconds int, last_watched_at timestamptz)"
sql "\\copy staging FROM '$WORK/rows.csv' CSV"
sql "TRUNCATE watch_progress"
sql "CHECKPOINT"
# The same column list and ordering rule as the worker's upsert (with its id column while the table has one).
ID_COL=$(sql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'watch_progress' AND column_name = 'id'")
COLS="user_id, movie_id, position_seconds, last_watched_at" VALS="user_id, movie_id, position_seconds, last_watched_at"
[ "$ID_COL" = 1 ] && COLS="id, $COLS" VALS="gen_random_uuid(), $VALS"
START=$(date +%s.%N)
sql "INSERT INTO watch_progress ($COLS) SELECT $VALS FROM staging ON CONFLICT (user_id, movie_id) DO UPDATE
     SET position_seconds = EXCLUDED.position_seconds, last_watched_at = EXCLUDED.last_watched_at
     WHERE watch_progress.last_watched_at <= EXCLUDED.last_watched_at"
END=$(date +%s.%N)
python3 -c "import json; s=$END-$START; json.dump({'rows': $DRAIN_ENTRIES, 'seconds': round(s, 3), 'rows_per_s': round($DRAIN_ENTRIES / s, 1)}, open('$OUT/baseline.json', 'w'))"
cat "$OUT/baseline.json" >> "$OUT/run.log"; echo >> "$OUT/run.log"
sql "TRUNCATE watch_progress"

log "2. $VIEWERS viewers reporting every 10 s for ${VIEWER_SECONDS} s, PROGRESS_PERSIST_INTERVAL=$PROGRESS_PERSIST_INTERVAL"
# Count from here. A backend that goes idle publishes its table counters only after up to 10 s (PostgreSQL 15's
# PGSTAT_IDLE_INTERVAL), so wait until the drain's idle pool connections have published theirs.
sleep "$STATS_WAIT"
WS=$(writes)
python3 "$HERE/viewers.py" "$REDIS_PORT" "$VIEWERS" 10 "$VIEWER_SECONDS" "$OUT/viewers.json" > /dev/null &
VIEWERS_PID=$!
sleep "$SKIP_SECONDS"
W0=$(writes); T0=$(date +%s.%N)
wait "$VIEWERS_PID"
# An active backend publishes its table counters at most once a second: let the worker's last ones arrive.
sleep 2
W1=$(writes); T1=$(date +%s.%N)
log "   waiting until every due hot copy is flushed and persisted"
for _ in $(seq 1 120); do
  DUE=0; for tag in $(python3 -c "import sys; sys.path.insert(0, '$ROOT/bench/progress'); from layout import Layout; print(' '.join(Layout().tags))"); do
    DUE=$((DUE + $(redis-cli -p "$REDIS_PORT" zcard "progress:{$tag}:due"))); done
  [ "$DUE" -eq 0 ] && break; sleep 1
done
sleep "$STATS_WAIT"   # the idle pool connections' last counters (see above)
W2=$(writes)
python3 - "$OUT" "$WS" "$W0" "$W1" "$W2" "$T0" "$T1" "$SKIP_SECONDS" <<'PY' | tee "$OUT/summary.md"
import json, sys
from pathlib import Path
out, ws, w0, w1, w2, t0, t1 = Path(sys.argv[1]), *map(int, sys.argv[2:6]), *map(float, sys.argv[6:8])
drain, base, v = (json.loads((out / f).read_text()) for f in ("drain.json", "baseline.json", "viewers.json"))
minutes = (t1 - t0) / 60
steady = (w1 - w0) / v["viewers"] / minutes
session = (w2 - ws) / v["viewers"] / (v["seconds"] / 60)
reports = v["reports"] / v["viewers"] / (v["seconds"] / 60)
print("| Measurement | Result | Baseline (same run) | Ratio | Goal |")
print("|---|---|---|---|---|")
print(f"| Drain of {drain['entries']:,} buffered updates (distinct rows) into PostgreSQL by a warmed-up worker, median of "
      f"{', '.join(f'{r:,.0f}' for r in drain['rounds_rows_per_s'])} | **{drain['rows_per_s']:,.0f} rows/s** | "
      f"one bare `INSERT ... ON CONFLICT` of the same rows from a COPY-filled staging table: {base['rows_per_s']:,.0f} rows/s | "
      f"{drain['rows_per_s'] / base['rows_per_s']:.2f} | >= 40,000 rows/s |")
print(f"| Row writes per viewer-minute, {v['viewers']:,} viewers reporting every 10 s, interval {v['persist_interval_ms'] // 1000} s "
      f"({minutes:.1f} min after the first {int(sys.argv[8])} s) | **{steady:.2f}** | reports sent: {reports:.2f} per viewer-minute (interval 0 writes each) | "
      f"{steady / reports:.2f} | <= 2 |")
print(f"| ... whole sessions ({v['seconds'] / 60:.1f} min each, first write and final flush included) | {session:.2f} | | | |")
PY
log "results in $OUT"
