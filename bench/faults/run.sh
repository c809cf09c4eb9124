#!/usr/bin/env bash
# The fault suite (issue 9): the whole app in local mode (real PostgreSQL, Redis, Swift S3, Kafka-protocol mock
# broker, on loopback and free ports) under a steady load of simulated viewers; one fault at a time for 30 s, then
# healed: progress-worker SIGKILL, PostgreSQL stopped, Redis SIGKILLed and restarted from its AOF, Kafka broker down,
# user service frozen, S3 proxy frozen, the edge (nginx master and workers) SIGKILLed and restarted on its cache. The
# viewers fetch their manifest and a segment through the edge. Afterwards everything drains and what PostgreSQL and
# Kafka hold is compared with what the API accepted. About 9 minutes. Writes the table to bench/faults/results/<date>.md and exits 1 when
# anything was lost or a request answered a 5xx other than 503.
# Usage: bench/faults/run.sh [--viewers=300] [--titles=20] [--fault-seconds=30] [--settle-seconds=25] [--only=kafka,redis,edge]
#        bench/faults/run.sh --smoke   30 viewers, 5 titles, four faults of 4 s (Redis SIGKILL, Kafka down, PostgreSQL
#                                      stopped, edge SIGKILL): about 1.5 minutes; scripts/test.sh runs it so that the
#                                      suite cannot rot.
#        --no-build                    skips installing packages and building (scripts/test.sh has done both)
#        --service-log=always          keeps the API's and the workers' log next to the report even when the run passes (a failing run always keeps it)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$ROOT/bench/lib.sh"
OUT="$ROOT/bench/faults/results"
build=true
args=()
for arg in "$@"; do
  case "$arg" in
    --smoke) OUT="$(mktemp -d /tmp/fault-smoke.XXXXXX)"
             args+=(--viewers=30 --titles=5 --fault-seconds=4 --settle-seconds=4 "--only=redis,kafka,postgres,edge") ;;
    --no-build) build=false ;;
    *) args+=("$arg") ;;
  esac
done
require_tools dotnet
mkdir -p "$OUT"
if $build; then
  "$ROOT/scripts/install-prerequisites.sh"
  dotnet build "$ROOT/bench/Streaming.FaultSuite" -v q -nologo
fi
require_local_mode_tools
echo "machine: $(nproc) cores, load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
# From the build output: `dotnet run` would evaluate the project first (seconds of CPU beside the tests in a smoke run).
dotnet "$ROOT/bench/Streaming.FaultSuite/bin/Debug/net10.0/Streaming.FaultSuite.dll" --out="$OUT/$(date +%Y%m%d-%H%M%S).md" ${args[@]+"${args[@]}"}
