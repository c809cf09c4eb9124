#!/usr/bin/env bash
# One command on a fresh Debian 12 machine with the .NET 10 SDK: installs what local mode lacks, then starts
# the whole application (containers where a runtime answers, local processes otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh

cat <<'TXT'

  Aspire dashboard   http://localhost:18888
  Streaming API      http://localhost:8005        (docs: http://localhost:8005/docs)
  Player (dev)       http://localhost:8005/player
  User service       http://localhost:8002

  Starting... the API answers once /health is green in the dashboard. Stop with Ctrl+C.

TXT
exec dotnet run --project Streaming.AppHost --launch-profile http -- "$@"
