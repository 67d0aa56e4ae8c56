#!/usr/bin/env bash
# The benchmark suite B1–B5 (benchmarks/README.md). Without --gateway it starts ./run.sh on a fresh data
# directory, runs everything against it and stops it; the report lands in target/bench/<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")"

# The platform is built first, the way run.sh would, so that B4 times a start and not a build.
classpath=platform/target/classpath.txt
stale() {
  [ ! -f "$1" ] && return 0
  [ -n "$(find "${@:2}" -path ./.data -prune -o -path '*/target' -prune -o -type f \
        \( -name '*.java' -o -name 'pom.xml' -o -name '*.yml' -o -name '*.sql' -o -name '*.xml' -o -name 'spring.factories' \) \
        -newer "$1" -print -quit)" ]
}
if stale "$classpath" . -path ./benchmarks -prune -o; then
  echo "Building the platform…"
  ./mvnw -q -B -DskipTests install
  touch "$classpath"  # Maven leaves an unchanged class path file as it was; run.sh would build again
fi
if stale benchmarks/target/classpath.txt benchmarks core-api/src pom.xml; then
  echo "Building the benchmarks…"
  ./mvnw -q -B -Pbench -DskipTests -pl benchmarks package
  touch benchmarks/target/classpath.txt  # Maven leaves an unchanged class path file as it was
fi

# pgbench is the raw PostgreSQL figure's tool; Debian ships it in postgresql-client
if ! command -v pgbench >/dev/null || ! command -v psql >/dev/null; then
  echo "Installing postgresql-client (pgbench, psql)…"
  if ! { apt-get update -qq && apt-get install -y -qq postgresql-client; } >/dev/null 2>&1; then
    echo "postgresql-client could not be installed: the raw PostgreSQL figure will be missing"
  fi
fi

# Gatling reads String internals reflectively (its Maven plugin opens java.lang the same way)
exec java -Xmx1g --add-opens=java.base/java.lang=ALL-UNNAMED -Dbench.repository="$PWD" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.taskflow.bench.BenchMain "$@"
