#!/usr/bin/env bash
# End to end, accepted → delivered: the packaged gateway (demo profile: in-process skills-system simulator on 8092,
# durable embedded H2 + Artemis) takes signed cases from the load harness for SECONDS_LOAD seconds; then we wait until
# the simulator's record count has stopped growing for 5 s. Prints the harness table, the records delivered, the span
# from the first request to the last delivery, and delivered records per second over that span.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${CLIENTS:-16}; SECONDS_LOAD=${SECONDS_LOAD:-30}; PORT=${PORT:-18080}
DATA=$(mktemp -d /tmp/bench-e2e-XXXX)
./mvnw -o -q package -DskipTests
java -jar target/skills-filing-bridge-0.1.0-SNAPSHOT.jar --spring.profiles.active=demo --server.port="$PORT" \
     --bridge.data-dir="$DATA" > "$DATA/gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null; do sleep 1; done
records() { curl -s localhost:8092/sim/records | sed -E 's/.*"records":([0-9]+).*/\1/'; }
start=$(date +%s.%N)
./mvnw -o -q -Pload test-compile exec:java \
  -Dexec.args="baseUrl=http://127.0.0.1:$PORT clients=$CLIENTS seconds=$SECONDS_LOAD warmup=0 serverPid=$GATEWAY"
last=-1; last_change=$(date +%s.%N)
while true; do
  now=$(records)
  if [ "$now" != "$last" ]; then last=$now; last_change=$(date +%s.%N); fi
  if [ "$(echo "$(date +%s.%N) - $last_change > 5" | bc)" = 1 ]; then break; fi
  sleep 0.5
done
span=$(echo "$last_change - $start" | bc)
echo "delivered=$last span_s=$span delivered_per_s=$(echo "$last / $span" | bc -l | cut -c1-6)"
