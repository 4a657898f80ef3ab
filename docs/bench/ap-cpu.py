#!/usr/bin/env python3
"""Summarises an async-profiler CPU profile (collapsed stacks, one thread per stack) by thread group and library.

JFR's execution sampler only records threads that are running Java code when it looks: under this load it saw about
a tenth of the gateway's CPU (569 samples in 30 s where async-profiler's CPU timer took 5,655). async-profiler
samples by CPU time, whatever the thread is doing: Java, the JVM (JIT compilers, GC), native code and system calls.

  # async-profiler from Maven Central (its jar carries the agent library)
  curl -sfO https://repo.maven.apache.org/maven2/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar
  mkdir -p /tmp/ap && unzip -oq async-profiler-4.1.jar -d /tmp/ap
  # one collapsed-stack file per 30 s of the gateway's life (ledger.sh passes JVM_OPTS to the gateway)
  JVM_OPTS="-Xmx512m -agentpath:/tmp/ap/linux-x64/libasyncProfiler.so=start,event=ctimer,interval=5ms,loop=30s,threads,collapsed,file=/tmp/ap-%t.txt" \
    LABEL=profiled bash docs/bench/ledger.sh
  python3 docs/bench/ap-cpu.py /tmp/ap-<the file of the measured window>.txt [thread-name substring]

Prints the share of CPU samples per thread group, then per innermost library (the innermost frame that is neither
the JDK nor native code names the library: a socket write by PgJDBC counts as PgJDBC).
"""
import collections, re, sys

LIBS = [("org/postgresql", "PgJDBC"), ("com/zaxxer", "Hikari"), ("org/springframework/jdbc", "Spring JDBC"),
        ("com/fasterxml", "Jackson"), ("com/dashjoin", "JSONata"), ("org/bouncycastle", "Bouncy Castle (SM2/SM3)"),
        ("ch/qos/logback", "logging"), ("org/slf4j", "logging"), ("org/apache/camel", "Camel"),
        ("org/springframework/jms", "Spring JMS"), ("org/apache/activemq", "Artemis (client and broker)"),
        ("io/micrometer", "Micrometer"), ("io/opentelemetry", "OpenTelemetry"), ("org/apache/catalina", "Tomcat"),
        ("org/apache/tomcat", "Tomcat"), ("org/apache/coyote", "Tomcat"), ("org/springframework/security", "Spring Security"),
        ("org/springframework/web", "Spring MVC"), ("org/springframework", "Spring (other)"),
        ("com/networknt", "JSON schema"), ("cn/gov", "application"), ("org/apache/hc", "HTTP client"),
        ("sun/net/httpserver", "simulators' HTTP server"), ("com/sun/net/httpserver", "simulators' HTTP server")]


def library(frame):
    for prefix, name in LIBS:
        if frame.startswith(prefix):
            return name
    return None


def group(thread):
    t = re.sub(r" tid=\d+", "", thread.strip("[]"))
    m = re.search(r"JmsConsumer\[([^\]]+)\]", t)
    if m:
        return "consumer " + m.group(1)
    if t.startswith(("http-nio", "task-")):
        return "intake (Tomcat + the REST window's task pool)"
    if t.startswith(("C1 Compiler", "C2 Compiler", "C1 CompilerThre", "C2 CompilerThre")):
        return "JIT compilers"
    if t.startswith(("GC Thread", "G1 ")) or "Conc" in t and t.startswith("G1"):
        return "garbage collector"
    if "outbox-relay" in t:
        return "outbox relay"
    if "ActiveMQ" in t or "activemq" in t:
        return "Artemis (broker threads)"
    if t.startswith(("pool-", "HTTP-Dispatcher")):
        return "simulators (demo only)"
    return "other: " + re.sub(r"\d+", "#", t)[:40]


def main(path, only=None):
    groups, libs, total = collections.Counter(), collections.Counter(), 0
    for line in open(path, encoding="utf-8", errors="replace"):
        stack, _, n = line.rstrip().rpartition(" ")
        if not stack:
            continue
        frames = stack.split(";")
        if only and only not in frames[0]:
            continue
        n = int(n)
        total += n
        g = group(frames[0])
        groups[g] += n
        lib = next((library(f) for f in reversed(frames[1:]) if library(f)), None)
        if lib is None:
            lib = "JIT compiler" if g == "JIT compilers" else "GC" if g == "garbage collector" else "JVM / native"
        libs[lib] += n
    print(f"{total} samples")
    print("\n| thread group | share of CPU samples |\n|---|---:|")
    for g, n in groups.most_common():
        if n / total >= 0.005:
            print(f"| {g} | {100 * n / total:.1f} % |")
    print("\n| innermost library | share of CPU samples |\n|---|---:|")
    for lib, n in libs.most_common():
        if n / total >= 0.005:
            print(f"| {lib} | {100 * n / total:.1f} % |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
