"""Turns `jfr print --json` output of zensols.multi events into gnuplot data: one line per chunk
of one stash (argument 2, default auto-demo).

Columns: start (ms since the prime began), duration (ms), lane (worker thread, 0, 1, ...),
chunk id, items, outcome, thread name.
"""
import json
import re
import sys
from datetime import datetime


def nanos(ts):
    # 2026-12-02T04:30:01.123456789Z (or with an offset): keep every digit of the fraction
    m = re.match(r"(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", ts)
    base = datetime.fromisoformat(m.group(1) + ("+00:00" if m.group(3) == "Z" else m.group(3)))
    frac = (m.group(2) or "0").ljust(9, "0")[:9]
    return int(base.timestamp()) * 1_000_000_000 + int(frac)


def duration_nanos(d):
    # ISO-8601 as jfr writes it: PT0.004512S, PT1M2.5S, PT0S
    m = re.match(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$", d)
    h, mi, s = (float(g) if g else 0.0 for g in m.groups())
    return int(round((h * 3600 + mi * 60 + s) * 1e9))


stash = sys.argv[2] if len(sys.argv) > 2 else "auto-demo"
events = json.load(open(sys.argv[1]))["recording"]["events"]
chunks = [e["values"] for e in events
          if e["type"] == "zensols.multi.Chunk" and e["values"]["stash"] == stash]
primes = [e["values"] for e in events
          if e["type"] == "zensols.multi.Prime" and e["values"]["stash"] == stash]
start = min(nanos(p["startTime"]) for p in primes) if primes else min(nanos(c["startTime"]) for c in chunks)
lanes = {}
print("# start_ms duration_ms lane chunk items outcome thread")
for c in sorted(chunks, key=lambda c: c["chunkId"]):
    thread = c["eventThread"]["javaName"]
    lane = lanes.setdefault(thread, len(lanes))
    print("%.3f %.3f %d %d %d %s %s" % ((nanos(c["startTime"]) - start) / 1e6,
        duration_nanos(c["duration"]) / 1e6, lane, c["chunkId"], c["items"], c["outcome"], thread))
for p in primes:
    print("# prime: %s processor=%s workers=%s chunkSize=%s chunks=%s items=%s duration=%s" % (
        p["stash"], p["processor"], p["workers"], p["chunkSize"], p["chunks"], p["itemsComputed"],
        p["duration"]), file=sys.stderr)
