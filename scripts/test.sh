#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests that start the application model in local
# mode (real PostgreSQL, Redis, Swift S3 and a Kafka-protocol broker) on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh --tests
results="$(mktemp -d)"
status=0
dotnet test Streaming.sln --logger "console;verbosity=normal" --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" || status=$?
# The console log of a failing run is long: name each failed test once more at its very end.
python3 scripts/failed-tests.py "$results" || true
exit "$status"
