#!/usr/bin/env bash
# Runs the test suite: unit tests, integration tests that start the application model in local mode (real PostgreSQL,
# Redis, Swift S3 and a Kafka-protocol broker) on free ports, and short smoke runs of the fault suite and of every
# benchmark script (tiny sizes: they prove the scripts still work, not how fast anything is).
#   scripts/test.sh          the default suite (about 6 minutes on 2 cores with an incremental build, 7 in a clean-clone
#                            CI run; the goal is 6): integration collections three at a time, the smokes beside them
#   scripts/test.sh --all    also the extended suite: tests with [Trait("Suite", "Extended")] (the Redis Cluster
#                            reruns, master failover) beside the rest, then the whole fault suite alone instead of its
#                            smoke run (about 9 minutes more; its table goes to bench/faults/results/), run before an
#                            issue is resolved
# Other arguments go to both `dotnet test` runs (e.g. --filter "FullyQualifiedName~Outages" to run a part; a filter
# given here replaces the suite filter). Prints how long each step and each integration collection took.
set -euo pipefail
cd "$(dirname "$0")/.."

all=false
args=()
for arg in "$@"; do
  if [[ "$arg" == "--all" ]]; then all=true; else args+=("$arg"); fi
done
suite_filter=(--filter "Suite!=Extended")
$all && suite_filter=()
for arg in "${args[@]}"; do [[ "$arg" == --filter* ]] && suite_filter=(); done

results="$(mktemp -d)"
timings="$results/steps.tsv"
export STREAMING_TEST_TIMINGS="$results"   # the app fixtures record their start and stop there
step() { # name command...: runs a step, records its time and exit code, and keeps going after a failure
  local name="$1" start rc=0
  shift
  echo "=== $name"
  start=$EPOCHREALTIME
  "$@" || rc=$?
  printf '%s\t%s\t%s\t%s\n' "$name" "$start" "$EPOCHREALTIME" "$rc" >> "$timings"
  if ((rc != 0)); then echo "=== $name FAILED (exit $rc)"; fi
  return 0
}
failed() { awk -F'\t' '$4 != 0 { found = 1 } END { exit !found }' "$timings"; }
run_tests() { # project trx-name
  dotnet test "$1" --no-build --logger "console;verbosity=normal" --logger "trx;LogFileName=$2.trx" \
    --results-directory "$results" ${suite_filter[@]+"${suite_filter[@]}"} ${args[@]+"${args[@]}"}
}

beside() { # what runs beside the integration tests: the smokes
  $all || step "fault suite smoke" bench/faults/run.sh --smoke --no-build
  step "benchmark scripts smoke" bench/smoke.sh
}

step "prerequisites" scripts/install-prerequisites.sh --tests
step "restore" dotnet restore Streaming.sln
step "build" dotnet build Streaming.sln --no-restore -nologo -v q
if failed; then
  python3 scripts/test-timings.py "$results"
  exit 1
fi
step "unit tests" run_tests tests/Streaming.UnitTests unit
# The smokes run beside the integration tests, one after the other: much of each is waiting for servers to start,
# drain or heal, and each uses its own servers on free ports. (Both smokes beside each other as well overloaded the
# two cores: 456 s against 361 s.) Their console goes to a file, printed after the integration tests'.
if ((${#args[@]} == 0)); then
  beside > "$results/beside.log" 2>&1 &
  beside_pid=$!
fi
step "integration tests" run_tests tests/Streaming.IntegrationTests integration
if ((${#args[@]} == 0)); then
  wait "$beside_pid" || true
  cat "$results/beside.log"
  # The whole fault suite runs alone: its table is a measurement.
  if $all; then step "fault suite" bench/faults/run.sh --no-build; fi
fi

# The console log of a failing run is long: name each failed test once more at its very end, then the timings.
python3 scripts/failed-tests.py "$results" || true
python3 scripts/test-timings.py "$results" || true
if failed; then exit 1; fi
