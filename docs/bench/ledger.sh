#!/usr/bin/env bash
# The case ledger's figures (issue: the case ledger), for one packaged jar:
#   start-up (process start → readiness 200), accepted/s and intake latency (load harness), accepted → delivered
#   sustained over the measured window, gateway CPU per delivered case and the embedded PostgreSQL's beside it (its
#   own processes), database growth per case, the gateway's peak resident memory and the peak proportional set size
#   (PSS) of the gateway and its PostgreSQL together.
# The gateway runs the demo profile (whole procedure, simulators in process, durable embedded defaults) with
# -Xmx512m; the load harness runs CLIENTS closed-loop clients for WARMUP + SECONDS. A sampler reads, once a second,
# the simulator's record count, the CPU ticks of the gateway and of its PostgreSQL, the database directory's size and
# the PSS of both; the measured window is the last SECONDS of the load. Prints one Markdown table row.
#
#   JAR=/tmp/base.jar LABEL=before bash docs/bench/ledger.sh
#   LABEL=after bash docs/bench/ledger.sh                    # target/skills-filing-bridge-*.jar (build it first)
#   GATEWAY_ARGS="--bridge.store=..." LABEL=... bash docs/bench/ledger.sh
#   PRODUCTION=1 LABEL=prod bash docs/bench/ledger.sh          # as the README's "Running in production" runs it:
#       the jar extracted, a CDS archive trained once, and the README's JVM options (JVM_OPTS is then ignored)
#   WINDOW_ONLY=1 ...                                          # the window alone: the jar's routes without the outbox
#       relay, so nothing is relayed and the consumers stay idle; the CPU columns are then per *accepted* case
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-$(ls target/skills-filing-bridge-*.jar | grep -v original | head -1)}
LABEL=${LABEL:-$(basename "$JAR")}
CLIENTS=${CLIENTS:-16}; SECONDS_LOAD=${SECONDS_LOAD:-30}; WARMUP=${WARMUP:-15}; PORT=${PORT:-18080}
JVM_OPTS=${JVM_OPTS:--Xmx512m}; GATEWAY_ARGS=${GATEWAY_ARGS:-}
SKILLS=$((PORT + 2)); MINISTRY=$((PORT + 3)); PLATFORM=$((PORT + 4))
DATA=$(mktemp -d /tmp/bench-ledger-XXXX)
# the demo profile on this run's ports, for the training run and the measured one alike
DEMO_ARGS=(--spring.profiles.active=demo --server.port="$PORT" --bridge.demo.skills-simulator-port="$SKILLS"
           --bridge.demo.ministry-simulator-port="$MINISTRY" --bridge.demo.platform-simulator-port="$PLATFORM")
if [ -n "${PRODUCTION:-}" ]; then
  # keep in step with README.md, "Running in production"
  # (PROD_OPTS= replaces them, for trying other options the same way)
  PROD_OPTS=${PROD_OPTS:-"-Xmx512m -Xms128m -XX:GCTimeRatio=4 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:TieredStopAtLevel=1"}
  APP=$(mktemp -d /tmp/bench-ledger-app-XXXX)   # outside DATA: its size is not the database's
  java -Djarmode=tools -jar "$JAR" extract --destination "$APP" > /dev/null
  TRAIN=$(mktemp -d /tmp/bench-ledger-train-XXXX)
  # shellcheck disable=SC2086
  java $PROD_OPTS -XX:ArchiveClassesAtExit="$APP/app.jsa" -jar "$APP/$(basename "$JAR")" \
       "${DEMO_ARGS[@]}" --bridge.exit-when-ready=true --bridge.data-dir="$TRAIN" > "$DATA/training.log" 2>&1
  rm -rf "$TRAIN"
  JVM_OPTS="$PROD_OPTS -XX:SharedArchiveFile=$APP/app.jsa"
  JAR="$APP/$(basename "$JAR")"
fi
if [ -n "${WINDOW_ONLY:-}" ]; then
  ROUTES=$(mktemp -d /tmp/bench-ledger-routes-XXXX)
  (jar=$(readlink -f "$JAR"); cd "$ROUTES" && unzip -q -j "$jar" '*routes/*.camel.yaml' && rm forwarding-outbox.camel.yaml)
  GATEWAY_ARGS="$GATEWAY_ARGS --camel.main.routes-include-pattern=file:$ROUTES/*.camel.yaml"
fi
HZ=$(getconf CLK_TCK)

t0=$(date +%s.%N)
# shellcheck disable=SC2086
java $JVM_OPTS -jar "$JAR" "${DEMO_ARGS[@]}" --bridge.data-dir="$DATA" --bridge.skills.base-url="http://localhost:$SKILLS" \
     --bridge.ministry.address="http://localhost:$MINISTRY/services/filing-report" \
     --bridge.platform.base-url="http://localhost:$PLATFORM" $GATEWAY_ARGS > "$DATA/gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null || true; kill $SAMPLER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do
  kill -0 $GATEWAY 2>/dev/null || { echo "gateway died; see $DATA/gateway.log"; exit 1; }
  sleep 0.1
done
ready_s=$(echo "$(date +%s.%N) - $t0" | bc)

records() { curl -s "localhost:$SKILLS/sim/records" | sed -E 's/.*"records":([0-9]+).*/\1/'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$GATEWAY/stat"; }
db_bytes() { du -sb "$DATA" --exclude=artemis --exclude='*.log' 2>/dev/null | cut -f1; }
# the embedded PostgreSQL (the default store) is processes of its own: the postmaster serving $DATA/pg and its
# children. Their CPU (the postmaster's own and reaped children's, plus the live children's) and, with the gateway's,
# their proportional set size (PSS: shared buffers counted once, not once per backend).
PM=""   # the postmaster serving $DATA/pg, found once the gateway is ready
pg_pids() { [ -n "$PM" ] && { echo "$PM"; tr " " "\n" < "/proc/$PM/task/$PM/children" 2>/dev/null; }; }
# a few processes per sample (one per file made the sampler fall seconds behind under load); a backend that has just
# exited is skipped
pg_ticks() {
  [ -z "$PM" ] && { echo 0; return; }
  # shellcheck disable=SC2046
  { awk '{print $16 + $17}' "/proc/$PM/stat"; cat $(pg_pids | sed 's|.*|/proc/&/stat|') 2> /dev/null \
      | awk '{print $14 + $15}'; } | awk '{s += $1} END {print s + 0}'
}
pss_kb() {
  # shellcheck disable=SC2046
  cat $(echo "$GATEWAY" $(pg_pids) | tr ' ' '\n' | sed 's|.*|/proc/&/smaps_rollup|') 2> /dev/null \
    | awk '/^Pss:/ {s += $2} END {print s + 0}'
}
for p in $(pgrep -f -- "-D $DATA/pg"); do
  [ "$(cat "/proc/$p/comm" 2>/dev/null)" = postgres ] && PM=$p && break   # backends do not carry -D
done
# the sampler runs at a higher priority than the load, so that its samples stay a second apart
(renice -n -10 "$BASHPID" > /dev/null 2>&1 || true
 while true; do echo "$(date +%s.%N) $(records) $(cpu_ticks) $(db_bytes) $(pg_ticks) $(pss_kb)"; sleep 1; done) \
  > "$DATA/samples" &
SAMPLER=$!

./mvnw -o -q -Pload test-compile exec:java -Dexec.args="baseUrl=http://127.0.0.1:$PORT clients=$CLIENTS \
  seconds=$SECONDS_LOAD warmup=$WARMUP serverPid=$GATEWAY" | tee "$DATA/harness.txt"
t_end=$(date +%s.%N)
sleep 1.5
kill $SAMPLER 2>/dev/null || true
rss_mb=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$GATEWAY/status")
pss_mb=$(awk '{if ($6 > m) m = $6} END {printf "%.0f", m / 1024}' "$DATA/samples")

# the sample nearest the start of the measured window and the last one inside it
read -r s_t s_rec s_cpu s_db s_pg _ < <(awk -v t="$(echo "$t_end - $SECONDS_LOAD" | bc)" '$1 >= t {print; exit}' "$DATA/samples")
read -r e_t e_rec e_cpu e_db e_pg _ < <(awk -v t="$t_end" '$1 <= t {line = $0} END {print line}' "$DATA/samples")
row=$(grep -E '^\| '"$CLIENTS"' \|' "$DATA/harness.txt" | tail -1)
accepted=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $4); print $4}')
p50=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $6); print $6}')
p99=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $8); print $8}')
span=$(echo "$e_t - $s_t" | bc -l)
delivered=$((e_rec - s_rec))
per=$delivered; per_what=delivered
if [ -n "${WINDOW_ONLY:-}" ]; then   # nothing is delivered: the CPU is the window's, per case accepted in the window
  per=$(echo "$accepted * $span / $SECONDS_LOAD" | bc -l); per_what=accepted
fi
printf '| %s | %.1f | %.0f | %s / %s | %.0f | %.2f | %.2f | %.1f | %.0f | %.0f |\n' "$LABEL" "$ready_s" \
  "$(echo "$accepted / $SECONDS_LOAD" | bc -l)" "$p50" "$p99" "$(echo "$delivered / $span" | bc -l)" \
  "$(echo "($e_cpu - $s_cpu) * 1000 / $HZ / ($per + 0.0001)" | bc -l)" \
  "$(echo "($e_pg - $s_pg) * 1000 / $HZ / ($per + 0.0001)" | bc -l)" \
  "$(echo "($e_db - $s_db) / 1024 / ($accepted * $span / $SECONDS_LOAD + 0.0001)" | bc -l)" "$rss_mb" "$pss_mb"
echo "(columns: jar | ready s | accepted/s | intake p50 / p99 ms | delivered/s | gateway CPU ms per $per_what case |" \
     "embedded PostgreSQL CPU ms per $per_what case | database KB per accepted case | gateway peak RSS MB |" \
     "peak PSS MB of gateway + embedded PostgreSQL; samples and logs in $DATA)"
