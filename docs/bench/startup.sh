#!/usr/bin/env bash
# Start-up: process start → first 200 of /actuator/health/readiness, for the packaged jar as `java -jar` and for the
# same jar extracted with a CDS archive (Spring Boot's "Class Data Sharing" support), RUNS times each, alternating.
# Every run starts on a fresh bridge.data-dir (Flyway migrates, Artemis creates its journal), demo profile, own ports.
# Prints one line per run (ms to readiness, the first non-200 status seen and when, VmRSS at readiness).
#
#   bash docs/bench/startup.sh                  # build, extract, train the archive, measure 3 + 3 runs
#   RUNS=5 SKIP_BUILD=1 JAVA_OPTS=-Xmx512m bash docs/bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}; PORT=${PORT:-18080}; JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
JAR=target/skills-filing-bridge-0.1.0-SNAPSHOT.jar
CDS=target/cds
WORK=$(mktemp -d /tmp/bench-startup-XXXX)
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -o -q package -DskipTests

# the demo profile's peers and simulators on PORT+2..PORT+4, so that nothing else on the machine is in the way
args() {
  echo --spring.profiles.active=demo --server.port="$PORT" --bridge.data-dir="$1" \
    --bridge.demo.skills-simulator-port=$((PORT + 2)) --bridge.skills.base-url=http://localhost:$((PORT + 2)) \
    --bridge.demo.ministry-simulator-port=$((PORT + 3)) \
    --bridge.ministry.address=http://localhost:$((PORT + 3))/services/filing-report \
    --bridge.demo.platform-simulator-port=$((PORT + 4)) --bridge.platform.base-url=http://localhost:$((PORT + 4))
}

# 1. extract the jar (the layout CDS needs: the application jar plus lib/) and train the archive: start the
#    application completely, then exit (bridge.exit-when-ready); the JVM writes the classes it loaded to app.jsa.
rm -rf "$CDS"
java -Djarmode=tools -jar "$JAR" extract --destination "$CDS" > /dev/null
# shellcheck disable=SC2046
java $JAVA_OPTS -XX:ArchiveClassesAtExit="$CDS/app.jsa" \
     -jar "$CDS/$(basename "$JAR")" $(args "$WORK/training") --bridge.exit-when-ready=true > "$WORK/training.log" 2>&1
echo "CDS archive: $(du -h "$CDS/app.jsa" | cut -f1) in $CDS/app.jsa"

# 2. measure: both ways, alternating
measure() { # name, java arguments…
  local name=$1; shift
  local data; data=$(mktemp -d "$WORK/$name-XXXX")
  local start; start=$(date +%s%N)
  # shellcheck disable=SC2046
  java $JAVA_OPTS "$@" $(args "$data") > "$data/gateway.log" 2>&1 &
  local pid=$! first=""
  while true; do
    local code; code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health/readiness" || true)
    [ "$code" = 200 ] && break
    [ -z "$first" ] && [ "$code" != 000 ] && first="$code at $((($(date +%s%N) - start) / 1000000)) ms"
    kill -0 $pid 2> /dev/null || { echo "$name: gateway died, see $data/gateway.log"; exit 1; }
    sleep 0.05
  done
  local ready=$((($(date +%s%N) - start) / 1000000))
  echo "$name ready_ms=$ready first_answer=[${first:-none}] rss_mb=$(($(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024))"
  kill $pid; wait $pid || true
}
for _ in $(seq "$RUNS"); do
  measure jar -jar "$JAR"
  measure cds -XX:SharedArchiveFile="$CDS/app.jsa" -jar "$CDS/$(basename "$JAR")"
done
rm -rf "$WORK"
