#!/usr/bin/env bash
# Where the downstream's CPU goes: the packaged jar (demo profile, -Xmx512m) takes CLIENTS closed-loop clients for
# LOAD seconds, then a JFR recording covers the next DRAIN seconds, in which only the relay, mapping and delivery
# work off the backlog. Prints cases delivered in that window and the gateway's CPU ticks (100 = one core-second).
#
#   JAR=/tmp/x.jar bash docs/bench/drain.sh          # then: jfr print --stack-depth 40 --events jdk.ExecutionSample
#   GATEWAY_ARGS="--camel.component.jms.cache-level-name=CACHE_AUTO" bash docs/bench/drain.sh   # Spring's default
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-$(ls target/skills-filing-bridge-*.jar | grep -v original | head -1)}
PORT=${PORT:-18080}; CLIENTS=${CLIENTS:-16}; LOAD=${LOAD:-20}; DRAIN=${DRAIN:-20}; GATEWAY_ARGS=${GATEWAY_ARGS:-}
SKILLS=$((PORT + 2)); MINISTRY=$((PORT + 3)); PLATFORM=$((PORT + 4))
DATA=$(mktemp -d /tmp/bench-drain-XXXX)
# shellcheck disable=SC2086
java -Xmx512m -jar "$JAR" --spring.profiles.active=demo --server.port=$PORT --bridge.data-dir="$DATA" \
  --bridge.demo.skills-simulator-port=$SKILLS --bridge.demo.ministry-simulator-port=$MINISTRY \
  --bridge.demo.platform-simulator-port=$PLATFORM --bridge.skills.base-url=http://localhost:$SKILLS \
  --bridge.ministry.address=http://localhost:$MINISTRY/services/filing-report \
  --bridge.platform.base-url=http://localhost:$PLATFORM $GATEWAY_ARGS > "$DATA/gateway.log" 2>&1 &
G=$!
trap 'kill $G 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/actuator/health/readiness" > /dev/null; do sleep 0.2; done
records() { curl -s "localhost:$SKILLS/sim/records" | sed -E 's/.*"records":([0-9]+).*/\1/'; }
./mvnw -o -q -Pload test-compile exec:java -Dexec.args="baseUrl=http://127.0.0.1:$PORT clients=$CLIENTS \
  seconds=$LOAD warmup=5 serverPid=$G" > "$DATA/harness.txt" 2>&1
grep -E "^\| $CLIENTS \|" "$DATA/harness.txt" | tail -1
jcmd $G JFR.start duration=${DRAIN}s filename="$DATA/drain.jfr" settings=profile > /dev/null
ticks() { echo "$(awk '{print $14 + $15}' /proc/$G/stat) $(awk '/^cpu /{print $5}' /proc/stat)"; }
r1=$(records); read -r g1 i1 < <(ticks)
sleep "$DRAIN"
r2=$(records); read -r g2 i2 < <(ticks)
echo "drain: $((r2 - r1)) delivered in $DRAIN s; gateway CPU $((g2 - g1)) ticks; machine idle $((i2 - i1)) ticks; JFR in $DATA/drain.jfr"
sleep 2
