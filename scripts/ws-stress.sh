#!/usr/bin/env bash
# Runs the WebSocket suites many times in a row while two busy loops keep both cores loaded, and
# prints how many runs of each test class passed. A flaky test shows up here long before CI.
#
#   scripts/ws-stress.sh [runs] [test classes]
#   scripts/ws-stress.sh 20 '*WebSocketTest,*FaultTest'      (the default)
#
# Logs and surefire reports of each run are kept under target/ws-stress/run-N/.
set -uo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-20}
TESTS=${2:-'*WebSocketTest,*FaultTest'}
MVN=./mvnw
[ -x "$MVN" ] || MVN=mvn
OUT=target/ws-stress
rm -rf "$OUT"
mkdir -p "$OUT"

echo "Building once"
if ! $MVN -B -q -pl integration-tests -am -DskipTests verify > "$OUT/build.log" 2>&1; then
  echo "The build failed: see $OUT/build.log"
  exit 1
fi

# Two busy loops, one per core of the CI machine, stopped whatever happens.
BURNERS=()
for _ in 1 2; do
  ( while :; do :; done ) &
  BURNERS+=($!)
done
trap 'kill "${BURNERS[@]}" 2>/dev/null' EXIT
echo "Load: busy loops ${BURNERS[*]}"

failed_runs=0
for run in $(seq 1 "$RUNS"); do
  dir="$OUT/run-$run"
  mkdir -p "$dir"
  start=$(date +%s)
  if $MVN -B -pl integration-tests -am verify -Dtest="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
      > "$dir/mvn.log" 2>&1; then
    result=passed
  else
    result=FAILED
    failed_runs=$((failed_runs + 1))
  fi
  cp integration-tests/target/surefire-reports/*.xml "$dir/" 2>/dev/null
  echo "run $run/$RUNS: $result in $(( $(date +%s) - start )) s"
done

echo
echo "Per test class: runs passed / runs"
for class in $(ls "$OUT"/run-*/TEST-*.xml 2>/dev/null | xargs -n1 basename | sort -u); do
  total=0
  passed=0
  for report in "$OUT"/run-*/"$class"; do
    total=$((total + 1))
    if grep -q 'failures="0"' "$report" && grep -q 'errors="0"' "$report"; then
      passed=$((passed + 1))
    fi
  done
  name=${class#TEST-}
  echo "  ${name%.xml}: $passed / $total"
done
echo "Runs with a failure: $failed_runs of $RUNS"
[ "$failed_runs" -eq 0 ]
