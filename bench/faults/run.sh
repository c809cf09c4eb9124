#!/usr/bin/env bash
# The fault suite (issue 9): the whole app in local mode (real PostgreSQL, Redis, Swift S3, Kafka-protocol mock
# broker, on loopback and free ports) under a steady load of simulated viewers; one fault at a time for 30 s, then
# healed: progress-worker SIGKILL, PostgreSQL stopped, Redis SIGKILLed and restarted from its AOF, Kafka broker down,
# user service frozen, S3 proxy frozen. Afterwards everything drains and what PostgreSQL and Kafka hold is compared
# with what the API accepted. About 7 minutes. Writes the table to bench/faults/results/<date>.md.
# Usage: bench/faults/run.sh [--viewers=300] [--titles=20] [--fault-seconds=30] [--settle-seconds=25] [--only=kafka]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/bench/faults/results"
mkdir -p "$OUT"
"$ROOT/scripts/install-prerequisites.sh"
dotnet build "$ROOT/bench/Streaming.FaultSuite" -v q -nologo
echo "machine: $(nproc) cores, load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet run --no-build --project "$ROOT/bench/Streaming.FaultSuite" -- --out="$OUT/$(date +%Y%m%d-%H%M%S).md" "$@"
