#!/usr/bin/env bash
# Runs the whole test suite: unit tests and integration tests that start the application model in local
# mode (real PostgreSQL, Redis, Swift S3 and a Kafka-protocol broker) on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh --tests
dotnet test Streaming.sln --logger "console;verbosity=normal" "$@"
