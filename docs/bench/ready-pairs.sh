#!/usr/bin/env bash
# Paired readiness: several jars started the README's production way (extracted, CDS archive trained per jar, the
# production JVM options), alternating, ROUNDS times; each round starts every jar on a fresh data directory and then
# once more on the same directory (a restart). Prints, per jar and round, the ms from process start to the first 200
# of /actuator/health/readiness: "<name> <fresh> <restart>". The archive is trained the README's way (the gateway starts
# completely with --bridge.exit-when-ready=true, then exits); name=jar@refresh trains it the earlier way instead
# (-Dspring.context.exit=onRefresh: the JVM halts once the context has refreshed, before routes and web server start).
#
#   flock /tmp/build.lock bash docs/bench/ready-pairs.sh base=/tmp/base.jar head=target/skills-filing-bridge-0.1.0-SNAPSHOT.jar
#   ROUNDS=8 OPTS="-Xmx512m -XX:TieredStopAtLevel=1" bash docs/bench/ready-pairs.sh a=a.jar b=b.jar
#   EXTRA_lazy=-Dspring.main.lazy-initialization=true bash docs/bench/ready-pairs.sh eager=x.jar lazy=x.jar
# EXTRA_<name> adds JVM options for that name only (training and runs); a start not ready within TIMEOUT seconds
# (default 120) prints "timeout" and is killed.
set -euo pipefail
cd "$(dirname "$0")/../.."   # certs-example/ is read relative to the working directory
ROUNDS=${ROUNDS:-8}; PORT=${PORT:-18080}; TIMEOUT=${TIMEOUT:-120}
OPTS=${OPTS:-"-Xmx512m -Xms128m -XX:GCTimeRatio=4 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:TieredStopAtLevel=1"}
WORK=$(mktemp -d /tmp/bench-ready-XXXX)
ARGS="--spring.profiles.active=demo --server.port=$PORT \
  --bridge.demo.skills-simulator-port=$((PORT + 2)) --bridge.skills.base-url=http://localhost:$((PORT + 2)) \
  --bridge.demo.ministry-simulator-port=$((PORT + 3)) --bridge.ministry.address=http://localhost:$((PORT + 3))/services/filing-report \
  --bridge.demo.platform-simulator-port=$((PORT + 4)) --bridge.platform.base-url=http://localhost:$((PORT + 4))"

extra() { local var="EXTRA_$1"; echo "${!var:-}"; }

for pair in "$@"; do
  name=${pair%%=*}; jar=${pair#*=}; how=ready
  case $jar in *@refresh) jar=${jar%@refresh}; how=refresh ;; esac
  if [ "$how" = refresh ]; then exit_jvm=-Dspring.context.exit=onRefresh; exit_arg=; else exit_jvm=; exit_arg=--bridge.exit-when-ready=true; fi
  java -Djarmode=tools -jar "$jar" extract --destination "$WORK/$name" > /dev/null
  train=$(mktemp -d "$WORK/train-XXXX")
  # shellcheck disable=SC2086
  java $OPTS $(extra "$name") -XX:ArchiveClassesAtExit="$WORK/$name/app.jsa" $exit_jvm \
    -jar "$WORK/$name/$(basename "$jar")" $ARGS $exit_arg --bridge.data-dir="$train" > "$WORK/train-$name.log" 2>&1
  rm -rf "$train"
done

start() { # name jar-file data-dir → ms to readiness
  local began pid
  began=$(date +%s%N)
  # shellcheck disable=SC2086
  java $OPTS $(extra "$1") -XX:SharedArchiveFile="$WORK/$1/app.jsa" -jar "$WORK/$1/$2" $ARGS --bridge.data-dir="$3" \
    > "$3.log" 2>&1 &
  pid=$!
  until curl -sf --max-time 2 "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do
    kill -0 "$pid" 2> /dev/null || { echo "gateway $1 exited, see $3.log" >&2; exit 1; }
    if [ $(($(date +%s%N) - began)) -gt $((TIMEOUT * 1000000000)) ]; then
      echo -n "timeout "; kill -9 "$pid"; wait "$pid" 2> /dev/null || true
      # its embedded PostgreSQL outlives a SIGKILL: stop it as the gateway's next start would
      [ -f "$3/pg/postmaster.pid" ] && kill "$(head -1 "$3/pg/postmaster.pid")" 2> /dev/null || true
      return
    fi
    sleep 0.05
  done
  echo -n "$((($(date +%s%N) - began) / 1000000)) "
  kill "$pid"; wait "$pid" 2> /dev/null || true
}

for _ in $(seq "$ROUNDS"); do
  for pair in "$@"; do
    name=${pair%%=*}; jar=${pair#*=}; jar=${jar%@refresh}
    data=$(mktemp -d "$WORK/data-XXXX")
    echo -n "$name "; start "$name" "$(basename "$jar")" "$data/d"; start "$name" "$(basename "$jar")" "$data/d"; echo
    rm -rf "$data"
  done
done
rm -rf "$WORK"
