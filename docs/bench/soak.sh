#!/usr/bin/env bash
# The soak (issue 13; not in CI): two gateways from the packaged jar on one PostgreSQL (the embedded binaries the
# tests use) and one standalone Artemis (the distribution the tests unpack), delivering to the skills simulator under
# a steady signed load; gateway B killed with kill -9 and restarted every SOAK_KILL_EVERY while A lives the whole run
# (SOAK_KILL=ab: A and B in turn), the skills system down SOAK_PEER_DOWN_FOR every SOAK_PEER_DOWN_EVERY, a trickle of
# refused calls, and the purges with shortened ages (SOAK_OUTBOX_AGE, SOAK_REFUSAL_RETENTION, SOAK_PURGE_EVERY). At
# the end: accepted, delivered, lost, duplicated, the longest accepted → delivered lag, resident memory growth per
# hour of each gateway process after its warm-up and of the survivor A after SOAK_SURVIVOR_WARMUP, and the database's
# growth per table once warm (SOAK_DB_WARMUP). The report goes to target/soak/report.md, the gateways' logs next to
# it. All settings are in src/test/java/cn/gov/sc/rst/filingbridge/load/Soak.java; the usual ones:
#
#   docs/bench/soak.sh                                   # 30 min, B killed every 5 min, skills down 1 min every 10 min
#   SOAK_MINUTES=480 docs/bench/soak.sh                  # 8 h (give the soak JVM room: SOAK_JAVA_OPTS=-Xmx3g)
#   SOAK_MINUTES=3 SOAK_KILL_EVERY=1m SOAK_PEER_DOWN_EVERY=90s SOAK_PEER_DOWN_FOR=20s SOAK_WARMUP=30s \
#     SOAK_DRAIN=3m docs/bench/soak.sh                   # a short proof run
#
# SKIP_BUILD=1 reuses target/ as it is. On a shared machine wrap it: flock /tmp/build.lock docs/bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${SKIP_BUILD:-}" ]; then
  # the jar, the test classes (the soak and its test support) and target/artemis-dist, without running a test
  ./mvnw -o -q -B verify -DskipTests
fi
./mvnw -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/soak.classpath > /dev/null
ARTEMIS_HOME=$(ls -d target/artemis-dist/apache-artemis-* | head -1)
# shellcheck disable=SC2086
exec java ${SOAK_JAVA_OPTS:--Xmx1g} -Dartemis.home="$ARTEMIS_HOME" \
  -cp "target/test-classes:target/classes:$(cat target/soak.classpath)" cn.gov.sc.rst.filingbridge.load.Soak
