#!/usr/bin/env bash
# End to end, accepted → delivered: the packaged gateway (demo profile: in-process skills-system simulator, durable
# embedded database + Artemis) takes signed cases from the load harness for WARMUP + SECONDS_LOAD seconds; then we wait
# until the simulator's record count has stopped growing for 5 s. Prints the harness table, the records delivered, the
# span from the first request to the last delivery, delivered records per second over that span, the gateway's CPU per
# delivered case over that span, and the store's growth per delivered case (running, and again after a graceful stop).
#
# Settings (environment):
#   CLIENTS (16), SECONDS_LOAD (30), WARMUP (0): the harness's clients, measured and warm-up seconds
#   PORT (18080): the gateway's HTTP port; SKILLS_PORT (8092), MINISTRY_PORT (8093), PLATFORM_PORT (8094): the demo
#     simulators' ports (the gateway's peer addresses follow them)
#   GATEWAY_ARGS: extra gateway arguments, e.g. "--bridge.embedded-database=postgres"
#   JAVA_OPTS: extra JVM options for the gateway, e.g. "-Xmx512m"
#   DATA: the data directory (default: a new one under /tmp); JAR: the gateway jar (default: built into target/ now)
# Run it under the build lock on a shared machine: flock /tmp/build.lock bash docs/bench/end-to-end.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${CLIENTS:-16}; SECONDS_LOAD=${SECONDS_LOAD:-30}; WARMUP=${WARMUP:-0}; PORT=${PORT:-18080}
SKILLS_PORT=${SKILLS_PORT:-8092}; MINISTRY_PORT=${MINISTRY_PORT:-8093}; PLATFORM_PORT=${PLATFORM_PORT:-8094}
DATA=${DATA:-$(mktemp -d /tmp/bench-e2e-XXXX)}
if [ -z "${JAR:-}" ]; then ./mvnw -o -q package -DskipTests; JAR=target/skills-filing-bridge-0.1.0-SNAPSHOT.jar; fi

# the store's directory (H2 file or embedded PostgreSQL cluster) and the whole data directory, in bytes
store_dir() { if [ -d "$DATA/pg" ]; then echo "$DATA/pg"; else echo "$DATA/db"; fi; }
size() { du -sb "$1" 2>/dev/null | cut -f1; }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
# CPU of the embedded PostgreSQL serving this data directory: the postmaster (with its ended children) and its children
pg_cpu_ms() {
  local pm; pm=$(head -1 "$DATA/pg/postmaster.pid" 2>/dev/null || true)
  [ -n "$pm" ] && [ -e "/proc/$pm/stat" ] || { echo 0; return; }
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"
    for c in $(pgrep -P "$pm"); do awk '{print $14 + $15 + $16 + $17}' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk -v hz="$(getconf CLK_TCK)" '{t += $1} END {print int(t * 1000 / hz)}'
}
# proportional set size (kB) of the gateway plus any PostgreSQL processes serving this data directory
pss_kb() {
  local total=0 p
  for p in "$@" $(pgrep -f -- "-D $DATA/pg" || true); do
    total=$((total + $(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

launched=$(date +%s.%N)
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$JAR" --spring.profiles.active=demo \
     --server.port="$PORT" --bridge.data-dir="$DATA" \
     --bridge.demo.skills-simulator-port="$SKILLS_PORT" --bridge.skills.base-url="http://localhost:$SKILLS_PORT" \
     --bridge.demo.ministry-simulator-port="$MINISTRY_PORT" \
     --bridge.ministry.address="http://localhost:$MINISTRY_PORT/services/filing-report" \
     --bridge.demo.platform-simulator-port="$PLATFORM_PORT" --bridge.platform.base-url="http://localhost:$PLATFORM_PORT" \
     ${GATEWAY_ARGS:-} > "$DATA/gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do
  kill -0 $GATEWAY 2>/dev/null || { echo "gateway exited; see $DATA/gateway.log"; exit 1; }
  sleep 0.2
done
ready_s=$(echo "$(date +%s.%N) - $launched" | bc)
store=$(store_dir)
store_before=$(size "$store"); data_before=$(size "$DATA")
records() { curl -s "localhost:$SKILLS_PORT/sim/records" | sed -E 's/.*"records":([0-9]+).*/\1/'; }
cpu_before=$(cpu_ms $GATEWAY); pg_cpu_before=$(pg_cpu_ms)
start=$(date +%s.%N)
./mvnw -o -q -Pload test-compile exec:java \
  -Dexec.args="baseUrl=http://127.0.0.1:$PORT clients=$CLIENTS seconds=$SECONDS_LOAD warmup=$WARMUP serverPid=$GATEWAY"
last=-1; last_change=$(date +%s.%N)
while true; do
  now=$(records)
  if [ "$now" != "$last" ]; then last=$now; last_change=$(date +%s.%N); fi
  if [ "$(echo "$(date +%s.%N) - $last_change > 5" | bc)" = 1 ]; then break; fi
  sleep 0.5
done
cpu_after=$(cpu_ms $GATEWAY); pg_cpu_after=$(pg_cpu_ms)
pss=$(pss_kb $GATEWAY)
store_running=$(size "$store"); data_running=$(size "$DATA")
span=$(echo "$last_change - $start" | bc)
kill -TERM $GATEWAY; wait $GATEWAY || true
store_stopped=$(size "$store"); data_stopped=$(size "$DATA")
per_case() { echo "scale=1; ($1 - $2) / 1024 / $last" | bc; }
echo "delivered=$last span_s=$span delivered_per_s=$(echo "$last / $span" | bc -l | cut -c1-6)"
echo "ready_s=$(echo "$ready_s" | cut -c1-5) gateway_cpu_ms_per_delivered=$(echo "scale=1; ($cpu_after - $cpu_before) / $last" | bc)" \
     "embedded_pg_cpu_ms_per_delivered=$(echo "scale=1; ($pg_cpu_after - $pg_cpu_before) / $last" | bc)" \
     "pss_mb_after_drain=$((pss / 1024))"
echo "store=$store before=$store_before running=$store_running stopped=$store_stopped" \
     "kb_per_case_running=$(per_case "$store_running" "$store_before")" \
     "kb_per_case_stopped=$(per_case "$store_stopped" "$store_before")"
echo "data_dir kb_per_case_running=$(per_case "$data_running" "$data_before")" \
     "kb_per_case_stopped=$(per_case "$data_stopped" "$data_before")"
