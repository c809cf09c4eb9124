#!/usr/bin/env bash
# Delivery benchmark (issue 20): the whole app in local mode (bench/Streaming.DeliveryBench: the AppHost's model on free
# ports, the API delivering through the edge, plus a second API with PLAYBACK_DELIVERY=presigned on the same backing
# services), one synthetic HLS title (master, one variant, 4-second segments of random bytes) put into the bucket.
#   1. origin offload: VIEWERS viewers, each with a session of its own, play the whole title at once through the edge
#      (bucket GETs per object from the edge's access log: a request reached the bucket exactly when origin_addr is
#      set; hit ratio), then the same viewers through the presigned API (bucket GETs counted at the client);
#   2. latency of one cached segment through the edge against a GET of its presigned S3 URL, same client, alternating;
#   3. revocation: per cause (stop, stop from another device, replacing start, idle reaper after the session's
#      last_seen_at is aged in SQL, subscription lapse at expires_at), from the cause to the first 403 at the edge of a
#      player polling its segment every 100 ms;
#   4. authorisation cost: sessions fetching a segment every 4 s; authorisations the edge asked the API for (its log's
#      auth_cache not HIT) per session per minute over a steady window.
# Usage: bench/delivery/run.sh [--viewers=200] [--segments=20] [--segment-kb=512] [--latency-samples=300]
#                              [--sessions-per-cause=10] [--auth-sessions=100] [--minutes=1] [results-dir]
#        bench/delivery/run.sh --smoke [results-dir]   tiny sizes (bench/smoke.sh): proves every figure is produced
# Writes results-dir/summary.md (markdown tables) and summary.json; exits 1 when a figure is missing (a phase failed).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/results/$(date +%Y%m%d-%H%M%S)"
args=()
for arg in "$@"; do
  case "$arg" in
    --smoke) args+=(--viewers=10 --segments=3 --segment-kb=64 --latency-samples=20 --sessions-per-cause=2 --auth-sessions=5 --minutes=0.1) ;;
    --*) args+=("$arg") ;;
    *) OUT="$arg" ;;
  esac
done

source "$ROOT/bench/lib.sh"
require_tools dotnet nginx envsubst
require_local_mode_tools
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
echo "machine: $(nproc) cores, $(uname -r), load before start: $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/environment.txt"
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  log "building the delivery benchmark ($CONFIGURATION)"
  dotnet build "$ROOT/bench/Streaming.DeliveryBench" -c "$CONFIGURATION" -v q -nologo > "$OUT/build.log"
fi
log "running: ${args[*]:-default sizes}"
dotnet "$ROOT/bench/Streaming.DeliveryBench/bin/$CONFIGURATION/net10.0/Streaming.DeliveryBench.dll" --out="$OUT/summary.md" \
  ${args[@]+"${args[@]}"} 2>&1 | tee -a "$OUT/run.log"
