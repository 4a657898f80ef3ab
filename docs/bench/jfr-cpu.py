#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples (jdk.ExecutionSample) by thread group and by hot frames.

  jfr print --events jdk.ExecutionSample rec.jfr > samples.txt
  python3 docs/bench/jfr-cpu.py samples.txt [gateway CPU ms per case]

Thread groups: intake (Tomcat http-nio), the Camel consumers of each queue, the outbox relay, the simulators
(demo profile only; they would not run in the gateway's JVM in production), Artemis, H2, the rest.
Given the gateway's CPU ms per case (ledger.sh or the load harness), splits it over the groups by share of samples.
"""
import collections, re, sys

def group(thread, frames):
    t = thread
    text = "\n".join(frames)
    if "filingbridge.simulator" in text or "sun.net.httpserver" in text or t.startswith("HTTP-Dispatcher"):
        return "simulators (demo only)"
    if t.startswith("http-nio") or t.startswith("task-"):
        return "intake (http-nio + task pool of the REST window)"
    m = re.search(r"JmsConsumer\[([^\]]+)\]", t)
    if m:
        return "consumer " + m.group(1)
    if ("Camel" in t and "outbox" in t.lower()) or "OutboxRelay" in text:
        return "outbox relay"
    if "activemq" in t.lower() or "artemis" in t.lower() or "org.apache.activemq" in text:
        return "artemis (broker threads)"
    if "mvstore" in t.lower() or "h2" in t.lower():
        return "h2 (its own threads)"
    if "GC" in t or "G1" in t:
        return "gc"
    return "other: " + re.sub(r"\d+", "#", t)[:40]

def parse(path):
    events, cur, thread, frames = [], None, None, []
    in_stack = False
    for line in open(path, encoding="utf-8", errors="replace"):
        s = line.strip()
        if s.startswith("jdk.ExecutionSample"):
            if thread is not None:
                events.append((thread, frames))
            thread, frames, in_stack = None, [], False
        elif s.startswith("sampledThread"):
            m = re.search(r'"(.*)"', s)
            thread = m.group(1) if m else s
        elif s.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack:
            if s.startswith("]") or s.startswith("..."):
                if s.startswith("]"):
                    in_stack = False
            elif s:
                frames.append(re.sub(r"\s+line:.*", "", s))
    if thread is not None:
        events.append((thread, frames))
    return events

def main():
    events = parse(sys.argv[1])
    # ms of gateway CPU per case (the ledger's figure) to split by share of samples
    per_case = float(sys.argv[2]) if len(sys.argv) > 2 else None
    n = len(events)
    groups = collections.Counter(group(t, f) for t, f in events)
    print(f"{n} samples")
    print("| thread group | share of samples | ms per case |")
    print("|---|---:|---:|")
    for g, c in groups.most_common():
        per = f"{per_case * c / n:.2f}" if per_case else ""
        print(f"| {g} | {100 * c / n:.1f} % | {per} |")
    top = collections.Counter(f[0] for t, f in events if f)
    print("\ntop frames (leaf):")
    for fr, c in top.most_common(30):
        print(f"  {100 * c / n:5.1f} %  {fr}")
    app = collections.Counter()
    for t, f in events:
        for fr in f:
            if "filingbridge" in fr:
                app[fr] += 1
                break
    print("\nfirst application frame (inclusive):")
    for fr, c in app.most_common(30):
        print(f"  {100 * c / n:5.1f} %  {fr}")
    pk = collections.Counter()
    for t, f in events:
        if f:
            parts = f[0].split("(")[0].split(".")
            pk[".".join(parts[:3])] += 1
    print("\nleaf package:")
    for p, c in pk.most_common(25):
        print(f"  {100 * c / n:5.1f} %  {p}")
    for g in [g for g, _ in groups.most_common(6)]:
        inc = collections.Counter()
        tot = 0
        for t, f in events:
            if group(t, f) != g:
                continue
            tot += 1
            for fr in set(x.split("(")[0] for x in f):
                inc[fr] += 1
        print(f"\n[{g}] inclusive, top:")
        for fr, c in inc.most_common(40):
            print(f"  {100 * c / tot:5.1f} %  {fr}")

BUCKETS = [  # first match wins, in this order, on the whole stack
    ("H2 (statements, MVStore commits)", ("org.h2.",)),
    ("JSONata evaluation", ("com.dashjoin.jsonata",)),
    ("JSON schema validation", ("com.networknt.schema",)),
    ("SM2 / SM3 (Bouncy Castle)", ("org.bouncycastle",)),
    ("HTTP client to the peers", ("org.apache.hc.",)),
    ("JMS / Artemis client", ("org.apache.activemq", "org.springframework.jms")),
    ("logging (logback, masking)", ("ch.qos.logback", "filingbridge.wiring.Masking", "filingbridge.wiring.PersonalData")),
    ("Micrometer observations", ("io.micrometer",)),
    ("Jackson", ("com.fasterxml.jackson",)),
    ("Hikari / Spring JDBC", ("com.zaxxer.hikari", "org.springframework.jdbc")),
    ("Tomcat / Spring MVC / Security", ("org.apache.catalina", "org.apache.coyote", "org.springframework.web", "org.springframework.security", "org.apache.tomcat")),
    ("Camel routing", ("org.apache.camel",)),
]

def bucket(frames):
    # the innermost library a sample is in: scan from the leaf up
    for fr in frames:
        for name, keys in BUCKETS:
            if any(k in fr for k in keys):
                return name
    return "other (application code, JDK)"

def buckets_by_group(events, per_case):
    n = len(events)
    table = collections.defaultdict(collections.Counter)
    for t, f in events:
        table[group(t, f)][bucket(f)] += 1
    print("\n| thread group | where (innermost library) | share of all samples | ms per case |")
    print("|---|---|---:|---:|")
    for g, cnt in sorted(table.items(), key=lambda kv: -sum(kv[1].values())):
        for b, c in cnt.most_common():
            if 100 * c / n >= 0.5:
                per = f"{per_case * c / n:.2f}" if per_case else ""
                print(f"| {g} | {b} | {100 * c / n:.1f} % | {per} |")

if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[3] == "buckets":
        buckets_by_group(parse(sys.argv[1]), float(sys.argv[2]))
    else:
        main()
