# Shared by the benchmark scripts (sourced, not run): the tools they need, a throwaway workspace cleaned up on exit,
# logging, and the loopback PostgreSQL 15 and redis-server they run against. Expects ROOT (the repository), OUT (results
# folder) and PG_BIN to be set.

# Where each tool comes from (Debian 12), for the one-line message that names a missing one.
tool_source() {
  case "$1" in
    wrk) echo "apt-get install wrk" ;;
    redis-server|redis-cli) echo "apt-get install redis-server" ;;
    psql) echo "apt-get install postgresql-client" ;;
    */pgbench|*/postgres|*/initdb|*/pg_isready) echo "apt-get install postgresql-15, or set PG_BIN" ;;
    kcat) echo "apt-get install kcat" ;;
    chromium) echo "apt-get install chromium" ;;
    swift-proxy-server) echo "apt-get install swift-proxy swift-account swift-container swift-object python3-swift" ;;
    ffmpeg) echo "apt-get install ffmpeg" ;;
    dotnet) echo "the .NET 10 SDK: https://dotnet.microsoft.com/download" ;;
    *) echo "apt-get install $1" ;;
  esac
}
require_tools() { # tool...: a name on PATH or an absolute path; exits with one line naming the first missing one
  local tool
  for tool in "$@"; do
    if [[ "$tool" == /* ]] && [ -x "$tool" ]; then continue; fi
    if [[ "$tool" != /* ]] && command -v "$tool" > /dev/null 2>&1; then continue; fi
    echo "$(basename "$0"): $tool is missing; install it with: $(tool_source "$tool")" >&2
    exit 1
  done
}
# What the AppHost's local mode starts (scripts/install-prerequisites.sh installs them).
require_local_mode_tools() { require_tools redis-server redis-cli swift-proxy-server kcat ffmpeg "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)/postgres"; }

bench_workspace() { # name: creates $OUT and $WORK, kills every pid in PIDS and removes $WORK on exit
  mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
  WORK="$(mktemp -d "/tmp/bench-$1.XXXXXX")"; chmod 755 "$WORK"
  PIDS=()
  trap bench_cleanup EXIT
}
bench_cleanup() { # services before the servers they use (the reverse of the start order), PostgreSQL with a fast
  # shutdown: SIGTERM asks it to wait until every client has gone.
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "$([ "${PIDS[i]}" = "${PG_PID:-}" ] && echo -INT || echo -TERM)" "${PIDS[i]}" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
# Release unless told otherwise; bench/smoke.sh runs the scripts on the Debug build scripts/test.sh made, with
# BENCH_NO_BUILD=1 (a smoke run checks that a script works, not how fast anything is).
CONFIGURATION="${CONFIGURATION:-Release}"
build_service() { # project: builds it in $CONFIGURATION (output to stdout) unless BENCH_NO_BUILD=1
  [ "${BENCH_NO_BUILD:-0}" = 1 ] || dotnet build "$ROOT/$1" -c "$CONFIGURATION" -v q -nologo
}
# From the build output, as a deployment runs it: the content root is the working directory, so only there does a
# service read its shipped appsettings.json (log levels, allowed hosts); from elsewhere it would run without it.
run_from_output() { cd "$ROOT/$1/bin/$CONFIGURATION/net10.0" && exec dotnet "$1.dll"; }
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }
as_postgres() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }
wait_http() { for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }

start_postgres() { # port: PostgreSQL with database streaming_db; sets PG_PID (the postmaster) and the connection string
  mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/pg"
  as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync > "$OUT/initdb.log"
  # Not through as_postgres: a backgrounded function is a subshell, and $! would be it, not the postmaster.
  local start=("$PG_BIN/postgres" -D "$WORK/pg/data" -p "$1" -c listen_addresses=127.0.0.1 -k "$WORK/pg")
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "${start[@]}" > "$OUT/postgres.log" 2>&1 &
  else "${start[@]}" > "$OUT/postgres.log" 2>&1 & fi
  PG_PID=$!; PIDS+=("$PG_PID")
  for _ in $(seq 1 100); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" && break; sleep 0.1; done
  psql -q -h 127.0.0.1 -p "$1" -U postgres -c "CREATE DATABASE streaming_db"
  export ConnectionStrings__streamingdb="Host=127.0.0.1;Port=$1;Username=postgres;Password=unused;Database=streaming_db"
}

start_redis() { # port: a single redis-server with AOF (fsync every second), as the AppHost runs it; sets REDIS_PID
  mkdir -p "$WORK/redis"
  redis-server --port "$1" --bind 127.0.0.1 --dir "$WORK/redis" --appendonly yes --appendfsync everysec \
    --save "" --daemonize no > "$OUT/redis.log" 2>&1 &
  REDIS_PID=$!; PIDS+=("$REDIS_PID")
  for _ in $(seq 1 50); do redis-cli -p "$1" ping > /dev/null 2>&1 && break; sleep 0.1; done
  export ConnectionStrings__redis="127.0.0.1:$1"
}
