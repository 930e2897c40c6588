#!/usr/bin/env bash
# The benchmark of /performance.md (balda-benchmarks/README.md explains it): baseline against
# Balda on embedded Jetty 12 and Tomcat 11, then the table. Takes about 30 minutes on 2 cores.
#   scripts/benchmark.sh                                   everything
#   scripts/benchmark.sh --containers jetty --scenarios hello,json --duration 3
#   scripts/benchmark.sh --smoke                           a run of seconds
#   scripts/benchmark.sh --jmh [JMH options]               the JMH micro-benchmarks with the GC profiler
#                                                          (about 5 minutes; e.g. --jmh Outbox -prof gc)
# Options are the harness's (--help lists them). Uses ./mvnw when the repository has it, else mvn.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn_cmd=mvn
if [ -x ./mvnw ]; then
  mvn_cmd=./mvnw
fi

if [ "${1:-}" = --jmh ]; then
  shift
  jmh_args=()
  if [ $# -gt 0 ]; then
    jmh_args=("-Djmh.args=$*")
  fi
  exec "$mvn_cmd" -B -pl balda-benchmarks -am -DskipTests -Pjmh verify "${jmh_args[@]}"
fi

# The load process holds 10,000 WebSockets at once: raise the open-file limit, or say why not.
wanted=12000
current=$(ulimit -n)
if [ "$current" != unlimited ] && [ "$current" -lt "$wanted" ]; then
  ulimit -n "$wanted" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$wanted" ]; then
    echo "Could not raise the open-file limit to $wanted (it is $(ulimit -n), hard limit $(ulimit -Hn));" \
      "fan-out runs the load process cannot hold are skipped and named in the table's notes." >&2
  fi
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is not installed (apt-get install -y wrk): the HTTP load comes from the built-in Java generator." >&2
fi

exec "$mvn_cmd" -B -pl balda-benchmarks -am -DskipTests -Pbenchmark verify "-Dbench.args=$*"
