#!/usr/bin/env bash
# Builds what is missing, then runs the whole platform in the foreground: a real PostgreSQL, a real
# Kafka broker and every service, gateway on :8080. Ctrl-C stops everything. See README.md.
set -euo pipefail
cd "$(dirname "$0")"

classpath=platform/target/classpath.txt
stale() {
  [ ! -f "$classpath" ] && return 0
  # any source, resource or pom newer than the last build means rebuild (the benchmarks are not part of it)
  [ -n "$(find . -path ./.data -prune -o -path ./benchmarks -prune -o -path '*/target' -prune -o -type f \
        \( -name '*.java' -o -name 'pom.xml' -o -name '*.yml' -o -name '*.sql' -o -name '*.xml' -o -name 'spring.factories' \) \
        -newer "$classpath" -print -quit)" ]
}
if stale; then
  echo "Building the platform (first time: a few minutes, mostly downloads)…"
  ./mvnw -q -B -DskipTests install
fi

exec java ${JAVA_OPTS:--Xmx2g} \
  -cp "platform/target/classes:$(cat "$classpath")" dev.taskflow.platform.PlatformLauncher "$@"
