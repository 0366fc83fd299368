#!/usr/bin/env python3
"""Summarizes Benchmarks/run.sh's RESULT lines: the median of each figure over the rounds, and
the ratios against the targets of issue 13 (the client's cost down to the limit). Usage:
report.py results.txt"""
import statistics
import sys
from collections import defaultdict

figures = defaultdict(lambda: defaultdict(list))  # (scenario, impl) -> key -> [values]
header = []
loads = []
instructions = {}  # (scenario, impl) -> client instructions per operation (BENCH_CALLGRIND)
for line in open(sys.argv[1]):
    words = line.split()
    if not words:
        continue
    if words[0] in ("MACHINE", "CONFIG"):
        header.append(line.strip())
    elif words[0] == "LOAD":
        loads.append(" ".join(words[-3:]))
    elif words[0] == "CALLGRIND":
        instructions[(words[1], words[2])] = int(words[3].partition("=")[2])
    elif words[0] == "RESULT":
        for pair in words[3:]:
            key, _, value = pair.partition("=")
            figures[(words[1], words[2])][key].append(float(value))


def median(scenario, impl, key):
    values = figures.get((scenario, impl), {}).get(key)
    return statistics.median(values) if values else None


def spread(scenario, impl, key):
    values = figures.get((scenario, impl), {}).get(key)
    if not values or len(values) < 2:
        return ""
    return f" ({min(values):,.0f}-{max(values):,.0f})" if max(values) > 100 else f" ({min(values):.3f}-{max(values):.3f})"


def fmt(value, unit=""):
    if value is None:
        return "pending"
    if unit == "s":
        return f"{value * 1000:,.1f} ms"
    if unit == "MB":
        return f"{value / 1024:,.1f} MB"
    return f"{value:,.0f}{unit}"


def ratio(numerator, denominator):
    return None if numerator is None or denominator is None or denominator == 0 else numerator / denominator


def verdict(value, target, higher_is_better=True):
    if value is None:
        return "pending"
    met = value >= target if higher_is_better else value <= target
    return "met" if met else "MISSED"


rows = []  # (scenario, figure, value, target, verdict)


def add(scenario, what, value, target_text, status):
    rows.append((scenario, what, value, target_text, status))


def rate(scenario, impl):
    """Median query rate with its range, and the client's CPU time per query when measured."""
    text = fmt(median(scenario, impl, "rate"), " q/s") + spread(scenario, impl, "rate")
    cpu = median(scenario, impl, "cpu_us")
    return text + (f"; client CPU {cpu:.1f} µs/query" if cpu is not None else "")


def rate_section(scenario, title, limit_impl, limit_name, peer_name, target, extra=()):
    """Query rates of the limit, Tusk and PostgresNIO, and Tusk's ratios to the limit and the peer."""
    limit = median(scenario, limit_impl, "rate")
    tusk = median(scenario, "tusk", "rate")
    nio = median(scenario, "postgresnio", "rate")
    add(title, limit_name, rate(scenario, limit_impl), "", "")
    for impl, name in extra:
        add("", name, rate(scenario, impl), "", "")
    add("", "Tusk", rate(scenario, "tusk"), "", "")
    add("", peer_name, rate(scenario, "postgresnio"), "", "")
    r = ratio(tusk, limit)
    add("", f"Tusk / {limit_impl}", f"{r:.3f}" if r else "pending", f">= {target:.2f}", verdict(r, target))
    r = ratio(tusk, nio)
    add("", "Tusk / PostgresNIO", f"{r:.3f}" if r else "pending", "> 1", verdict(r, 1.0000001))


rate_section("point", "point select, 1 connection", "libpq", "raw libpq (C)", "PostgresNIO", 0.95,
             extra=(("pgbench", "pgbench -c 1 -M prepared -S"),
                    ("tusk-pool", "Tusk through the pool (one lease per statement)")))
r = ratio(median("point", "tusk-pool", "rate"), median("point", "tusk", "rate"))
add("", "Tusk through the pool / Tusk leased (by rate)", f"{r:.3f}" if r else "pending", ">= 0.90", verdict(r, 0.90))
rate_section("pool", "16 tasks, pool of 4", "pgbench", "pgbench -c 4 -M prepared -S",
             "PostgresNIO (PostgresClient, 4 connections)", 0.85)

# BENCH_TUSK_VARIANTS: other builds of tusk-bench, run interleaved with this one (tusk@name).
for scenario, impl in sorted(key for key in figures if "@" in key[1] and key[0] in ("point", "pool")):
    limit = median(scenario, "libpq" if scenario == "point" else "pgbench", "rate")
    r = ratio(median(scenario, impl, "rate"), limit)
    add(scenario, f"{impl} (another build)", rate(scenario, impl) + (f"; {r:.3f} x the limit" if r else ""), "", "")

# Decode 100,000 rows.
libpq_decode = median("decode", "libpq", "decode_seconds")
tusk_decode = median("decode", "tusk", "decode_seconds")
add("decode 100,000 rows", "raw libpq: fetch (PQexecPrepared)", fmt(median("decode", "libpq", "fetch_seconds"), "s"), "", "")
add("", "raw libpq: decode loop", fmt(libpq_decode, "s"), "", "")
add("", "Tusk: fetch", fmt(median("decode", "tusk", "fetch_seconds"), "s"), "", "")
add("", "Tusk: decode", fmt(tusk_decode, "s"), "", "")
add("", "raw libpq: fetch + decode", fmt(median("decode", "libpq", "total_seconds"), "s"), "", "")
add("", "Tusk: fetch + decode", fmt(median("decode", "tusk", "total_seconds"), "s"), "", "")
add("", "PostgresNIO: fetch + decode (streamed)", fmt(median("decode", "postgresnio", "total_seconds"), "s"), "", "")
r = ratio(tusk_decode, libpq_decode)
add("", "Tusk decode / libpq decode loop (wall clock)", f"{r:.3f}" if r else "pending", "<= 1.5", verdict(r, 1.5, False))
libpq_cpu, tusk_cpu = median("decode", "libpq", "decode_cpu_seconds"), median("decode", "tusk", "decode_cpu_seconds")
if libpq_cpu is not None and tusk_cpu is not None:
    add("", "decode loop, thread CPU: raw libpq / Tusk", f"{fmt(libpq_cpu, 's')} / {fmt(tusk_cpu, 's')}", "", "")
    r = ratio(tusk_cpu, libpq_cpu)
    add("", "Tusk decode / libpq decode loop (thread CPU)", f"{r:.3f}", "<= 1.5", verdict(r, 1.5, False))
r = ratio(median("decode", "tusk", "total_seconds"), median("decode", "libpq", "total_seconds"))
add("", "Tusk / libpq, fetch + decode", f"{r:.3f}" if r else "pending", "", "")

# Issue 4: generated find vs the same statement through the raw API.
raw = median("typed", "tusk", "raw_rate")
generated = median("typed", "tusk", "generated_rate")
add("generated point select (issue 4)", "raw API / generated Account.find", f"{fmt(raw, ' q/s')} / {fmt(generated, ' q/s')}", "", "")
raw_cpu, generated_cpu = median("typed", "tusk", "raw_cpu_us"), median("typed", "tusk", "generated_cpu_us")
if raw_cpu is not None:
    add("", "client CPU per query: raw API / generated", f"{raw_cpu:.1f} µs / {generated_cpu:.1f} µs", "", "")
r = median("typed", "tusk", "generated_over_raw")
add("", "generated / raw (per round, median)", f"{r:.3f}" if r else "pending", ">= 0.97", verdict(r, 0.97))

# Issue 18: a cached point read (hits) vs the same read uncached vs raw libpq's point select.
cached, uncached, limit = median("cached", "tusk", "cached_rate"), median("cached", "tusk", "uncached_rate"), median("point", "libpq", "rate")
if cached is not None:
    add("cached point read (issue 18)", "cached / uncached (Account.where.first, pool) / raw libpq",
        f"{fmt(cached, ' q/s')} / {fmt(uncached, ' q/s')} / {fmt(limit, ' q/s')}", "", "")
    add("", "client CPU per read: cached / uncached",
        f"{median('cached', 'tusk', 'cached_cpu_us'):.1f} µs / {median('cached', 'tusk', 'uncached_cpu_us'):.1f} µs", "", "")
    r = ratio(cached, limit)
    add("", "cached / raw libpq", f"{r:.2f} x" if r else "pending", "", "")

# Pipelines of 10. "sync each": a sync point after every statement (each its own implicit
# transaction: Tusk's default `.independent` batches); "one sync": one per pipeline (`.atomic`).
title = "10 point selects per pipeline"
for impl, name, each_key, one_key in (("libpq", "raw libpq", "sync_each_rate", "pipelined_rate"),
                                      ("tusk", "Tusk", "pipelined_rate", "atomic_rate")):
    seq = median("pipeline", impl, "sequential_rate")
    each = median("pipeline", impl, each_key)
    one = median("pipeline", impl, one_key)
    add(title, f"{name}: sequential / pipelined, sync each / one sync",
        f"{fmt(seq, ' q/s')} / {fmt(each, ' q/s')} / {fmt(one, ' q/s')}", "", "")
    title = ""
    r, r1 = ratio(each, seq), ratio(one, seq)
    add("", f"{name}: pipelined / sequential, sync each / one sync",
        f"{r:.2f} / {r1:.2f}" if r and r1 else "pending",
        ">= 4 (default batch)" if impl == "tusk" else "", verdict(r, 4.0) if impl == "tusk" else "")

# COPY 100,000 rows.
libpq = median("copy", "libpq", "rate")
tusk = median("copy", "tusk", "rate")
def copy_figure(impl):
    cpu = median("copy", impl, "cpu_seconds")
    text = fmt(median("copy", impl, "rate"), " rows/s") + spread("copy", impl, "rate")
    return text + (f"; client CPU {fmt(cpu, 's')}" if cpu is not None else "")


add("COPY 100,000 rows", "raw libpq, binary", copy_figure("libpq"), "", "")
add("", "Tusk", copy_figure("tusk"), "", "")
add("", "PostgresNIO, text format", copy_figure("postgresnio"), "", "")
r = ratio(tusk, libpq)
add("", "Tusk / libpq (wall clock)", f"{r:.3f}" if r else "pending", ">= 0.90", verdict(r, 0.90))
r = ratio(median("copy", "tusk", "cpu_seconds"), median("copy", "libpq", "cpu_seconds"))
add("", "Tusk / libpq (client CPU)", f"{r:.2f}" if r else "pending", "<= 2", verdict(r, 2.0, False))

# Stream 1,000,000 rows.
add("stream 1,000,000 rows", "raw libpq, single-row mode", f"{fmt(median('stream', 'libpq', 'rate'), ' rows/s')}, peak RSS {fmt(median('stream', 'libpq', 'peak_rss_kb'), 'MB')}", "", "")
add("", "PostgresNIO", f"{fmt(median('stream', 'postgresnio', 'rate'), ' rows/s')}, peak RSS {fmt(median('stream', 'postgresnio', 'peak_rss_kb'), 'MB')}", "", "")
tusk_rss = median("stream", "tusk", "peak_rss_kb")
add("", "Tusk", f"{fmt(median('stream', 'tusk', 'rate'), ' rows/s')}, peak RSS {fmt(tusk_rss, 'MB')} (before the query {fmt(median('stream', 'tusk', 'rss_before_kb'), 'MB')})", "< 64 MB", verdict(tusk_rss, 64 * 1024, False) if tusk_rss else "pending")
r = ratio(median("stream", "tusk", "rate"), median("stream", "libpq", "rate"))
add("", "Tusk / libpq (rows/s)", f"{r:.3f}" if r else "pending", ">= 0.80", verdict(r, 0.80))

# Issue 6: eager loading 1,000 parents with 10 children each against the N+1 loop.
title = "eager load 1,000 parents x 10 children"
for impl, name, eager_name in (("tusk", "Tusk", "including(\\.children)"), ("postgresnio", "PostgresNIO", "= ANY($1) by hand")):
    eager_ms, loop_ms = median("eager", impl, "eager_ms"), median("eager", impl, "loop_ms")
    if eager_ms is None:
        add(title, name, "pending", "", "")
        title = ""
        continue
    statements = median("eager", impl, "eager_statements")
    counts = f" ({statements:.0f} vs {median('eager', impl, 'loop_statements'):.0f} statements)" if statements else ""
    add(title, f"{name}: {eager_name} / N+1 loop{counts}",
        f"{eager_ms:,.1f} ms / {loop_ms:,.1f} ms per load; {fmt(median('eager', impl, 'eager_rows_per_s'), ' rows/s')}"
        f" / {fmt(median('eager', impl, 'loop_rows_per_s'), ' rows/s')}", "", "")
    add("", f"{name}: client CPU per load, eager / N+1",
        f"{median('eager', impl, 'eager_cpu_ms'):,.1f} ms / {median('eager', impl, 'loop_cpu_ms'):,.1f} ms", "", "")
    add("", f"{name}: N+1 time / eager time (per run, median)",
        f"{median('eager', impl, 'loop_over_eager'):.1f}" + spread("eager", impl, "loop_over_eager"), "", "")
    title = ""
tusk_eager, nio_eager = median("eager", "tusk", "eager_ms"), median("eager", "postgresnio", "eager_ms")
r = ratio(nio_eager, tusk_eager)
add("", "Tusk eager / PostgresNIO batched (speed)", f"{r:.3f}" if r else "pending", "", "")

# Issue 13: Tusk against Fluent (fluent-kit over PostgresNIO), each ORM's everyday API, a pool of one.
title = "ORM: Tusk / Fluent"
for key, what, unit, higher in (("find_rate", "model by primary key (find), rate", " q/s", True),
                                ("find_cpu_us", "model by primary key, client CPU per find", " µs", False),
                                ("rows_ms", "100,000 rows into models, wall", " ms", False),
                                ("rows_cpu_ms", "100,000 rows into models, client CPU", " ms", False),
                                ("eager_ms", "1,000 parents + 10,000 children eagerly, wall", " ms", False),
                                ("eager_cpu_ms", "1,000 parents + 10,000 children eagerly, client CPU", " ms", False)):
    tusk_value, fluent_value = median("orm", "tusk", key), median("orm", "fluent", key)
    if tusk_value is None or fluent_value is None:
        add(title, what, "pending", "", "")
    else:
        speedup = fluent_value / tusk_value if not higher else tusk_value / fluent_value
        add(title, what, f"Tusk {tusk_value:,.1f}{unit} / Fluent {fluent_value:,.1f}{unit}: Tusk {speedup:.2f}x",
            "", "")
    title = ""

for line in header:
    print(line)
print("load (1/5/15 min) per round:", "; ".join(loads))
print()
print("| scenario | figure (median of rounds, range) | value | target | |")
print("| --- | --- | --- | --- | --- |")
for scenario, what, value, target, status in rows:
    print(f"| {scenario} | {what} | {value} | {target} | {status} |")

# BENCH_CALLGRIND: client instructions per operation, the limit beside each.
if instructions:
    print()
    print("client instructions per operation (valgrind --tool=callgrind, every client thread):")
    print()
    print("| operation | implementation | instructions | / the limit |")
    print("| --- | --- | --- | --- |")
    limits = {"point": ("point", "libpq"), "decode": ("decode", "libpq")}
    names = {"point": "point select", "decode": "decode one row (7 columns)", "typed": "point select (find)"}
    for (scenario, impl), count in sorted(instructions.items(), key=lambda item: (item[0][0], item[1])):
        limit = instructions.get(limits.get(scenario, ("typed", "tusk-raw")))
        if scenario == "typed" and impl.endswith("-generated"):
            limit = instructions.get(("typed", impl.replace("-generated", "-raw")))
        share = f"{count / limit:.2f}" if limit and (scenario, impl) not in limits.values() and not impl.endswith("-raw") else ""
        print(f"| {names.get(scenario, scenario)} | {impl} | {count:,} | {share} |")
