#!/usr/bin/env bash
# Resident memory under load: the packaged gateway (demo profile, durable embedded H2 + Artemis, the simulators in
# process) started with JAVA_OPTS (default -Xmx512m) and, when target/cds/app.jsa exists (docs/bench/startup.sh
# trains it), from the CDS archive as production runs it. The load harness runs CLIENTS signed clients for WARMUP + 
# SECONDS_LOAD seconds; then we wait until the skills simulator's record count has stopped growing for 5 s.
# Prints the harness table, the records delivered, the gateway's peak resident memory (VmHWM) and its RSS at the end,
# and any OutOfMemoryError in its log. NMT=1 adds -XX:NativeMemoryTracking=summary and prints the JVM's own
# breakdown (heap, metaspace, code cache, threads, …) at the end of the load.
#
#   JAVA_OPTS=-Xmx512m CLIENTS=16 SECONDS_LOAD=30 PORT=18080 bash docs/bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${CLIENTS:-16}; SECONDS_LOAD=${SECONDS_LOAD:-30}; WARMUP=${WARMUP:-15}; PORT=${PORT:-18080}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
[ -n "${NMT:-}" ] && JAVA_OPTS="$JAVA_OPTS -XX:NativeMemoryTracking=summary"
JAR=target/skills-filing-bridge-0.1.0-SNAPSHOT.jar
DATA=$(mktemp -d /tmp/bench-memory-XXXX)
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -o -q package -DskipTests
RUN=(-jar "$JAR")
if [ -f target/cds/app.jsa ]; then RUN=(-XX:SharedArchiveFile=target/cds/app.jsa -jar "target/cds/$(basename "$JAR")"); fi
SIM=$((PORT + 2))
# shellcheck disable=SC2086
java $JAVA_OPTS "${RUN[@]}" --spring.profiles.active=demo --server.port="$PORT" --bridge.data-dir="$DATA" \
     --bridge.demo.skills-simulator-port=$SIM --bridge.skills.base-url=http://localhost:$SIM \
     --bridge.demo.ministry-simulator-port=$((PORT + 3)) \
     --bridge.ministry.address=http://localhost:$((PORT + 3))/services/filing-report \
     --bridge.demo.platform-simulator-port=$((PORT + 4)) --bridge.platform.base-url=http://localhost:$((PORT + 4)) \
     > "$DATA/gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do sleep 0.5; done
echo "ready: rss_mb=$(($(awk '/VmRSS/ {print $2}' /proc/$GATEWAY/status) / 1024)) java $JAVA_OPTS ${RUN[*]}"
records() { curl -s "localhost:$SIM/sim/records" | sed -E 's/.*"records":([0-9]+).*/\1/'; }
./mvnw -o -q -Pload test-compile exec:java \
  -Dexec.args="baseUrl=http://127.0.0.1:$PORT clients=$CLIENTS seconds=$SECONDS_LOAD warmup=$WARMUP serverPid=$GATEWAY"
[ -n "${NMT:-}" ] && jcmd $GATEWAY VM.native_memory summary | grep -E '^-|committed' | head -40
last=-1; last_change=$(date +%s)
while [ $(($(date +%s) - last_change)) -le 5 ]; do
  now=$(records)
  if [ "$now" != "$last" ]; then last=$now; last_change=$(date +%s); fi
  sleep 0.5
done
echo "delivered=$last peak_rss_mb=$(($(awk '/VmHWM/ {print $2}' /proc/$GATEWAY/status) / 1024))" \
     "rss_now_mb=$(($(awk '/VmRSS/ {print $2}' /proc/$GATEWAY/status) / 1024))" \
     "out_of_memory=$(grep -c OutOfMemoryError "$DATA/gateway.log" || true)"
