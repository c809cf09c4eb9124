#!/usr/bin/env bash
# Runs the test suite: unit tests, integration tests that start the application model in local mode (real PostgreSQL,
# Redis, Swift S3 and a Kafka-protocol broker) on free ports, and short smoke runs of the fault suite and of every
# benchmark script (tiny sizes: they prove the scripts still work, not how fast anything is).
#   scripts/test.sh          the default suite (about 4.5 minutes on 2 cores with an incremental build, 5-5.5 in a
#                            clean-clone CI run; the goal is under 6): integration collections three at a time, the
#                            smokes beside them
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

beside() { # what runs beside the integration tests: the smokes, in two lanes of about equal length
  {
    $all || step "fault suite smoke" bench/faults/run.sh --smoke --no-build
    step "benchmark smoke: progress, drain" bench/smoke.sh progress drain
  } > "$results/beside-1.log" 2>&1 &
  step "benchmark smoke: delivery, cluster" bench/smoke.sh delivery cluster > "$results/beside-2.log" 2>&1
  wait
}

step "prerequisites" scripts/install-prerequisites.sh --tests
step "restore" dotnet restore Streaming.sln
step "build" dotnet build Streaming.sln --no-restore -nologo -v q
if failed; then
  python3 scripts/test-timings.py "$results"
  exit 1
fi
# Every process from here on lives minutes at most: tiered PGO's instrumented recompilation pays back in long runs
# only, and cost about a third of each service's CPU on this machine (the test apps set it for their services too).
# The whole fault suite of --all runs without it: its table describes production-like services.
export DOTNET_TieredPGO=0
step "unit tests" run_tests tests/Streaming.UnitTests unit
# The smokes run beside the integration tests, in two lanes: much of each is waiting for servers to start, drain or
# heal, and each uses its own servers on free ports. (With every service started through `dotnet run` and tiered PGO,
# one lane beside the tests already overloaded two cores: both smokes side by side took 456 s against 361 s.)
# Their console goes to files, printed after the integration tests'.
if ((${#args[@]} == 0)); then
  beside &
  beside_pid=$!
fi
step "integration tests" run_tests tests/Streaming.IntegrationTests integration
if ((${#args[@]} == 0)); then
  wait "$beside_pid" || true
  cat "$results/beside-1.log" "$results/beside-2.log"
  # The whole fault suite runs alone: its table is a measurement.
  if $all; then step "fault suite" env -u DOTNET_TieredPGO bench/faults/run.sh --no-build; fi
fi

# The console log of a failing run is long: name each failed test once more at its very end, then the timings.
python3 scripts/failed-tests.py "$results" || true
python3 scripts/test-timings.py "$results" || true
if failed; then exit 1; fi
