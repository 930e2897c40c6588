#!/usr/bin/env bash
# The Redis topic bus's benchmark (balda-redis/README.md explains it): cross-node publish latency
# (p50/p95/p99) with 1,000 subscribers over two nodes against the same publish on one node, and
# messages per second through one Redis connection. A few minutes; bounded by --max-minutes (10).
#   scripts/redis-benchmark.sh
#   scripts/redis-benchmark.sh --subscribers 200 --publishes 300 --messages 50000 --container tomcat
# It needs Debian's redis-server (apt-get install -y redis-server), which it starts and stops itself.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  echo "redis-server is not installed: apt-get install -y redis-server (Debian's package)" >&2
  exit 2
fi

# The subscribers and the nodes' sockets live in one JVM: two file descriptors per subscriber.
wanted=8192
current=$(ulimit -n)
if [ "$current" != unlimited ] && [ "$current" -lt "$wanted" ]; then
  ulimit -n "$wanted" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi

mvn_cmd=mvn
if [ -x ./mvnw ]; then
  mvn_cmd=./mvnw
fi
exec "$mvn_cmd" -B -pl balda-redis -am -DskipTests -Predis-benchmark verify "-Dbench.args=$*"
