#!/usr/bin/env bash
# Tusk's runtime benchmarks, every scenario in ONE run against ONE PostgreSQL server that this
# script starts (initdb/pg_ctl in a temporary directory, unix socket only, as the `postgres`
# user when run as root) and stops again. It builds the programs (Swift in release mode in
# Benchmarks/.build, the C program with cc -O2), loads the data, runs each scenario
# BENCH_REPEAT times (default 5) with the implementations interleaved, and prints medians and
# the ratios against the targets of issue 3 (report.py).
#
#   bash Benchmarks/run.sh                 the full run (about 5 minutes on 2 cores)
#   BENCH_REPEAT=1 bash Benchmarks/run.sh  a quick look
#   BENCH_ONLY=eager bash Benchmarks/run.sh  only the named scenarios (point pool decode typed
#                                          pipeline copy stream eager cached)
#   BENCH_NICE=-19 bash Benchmarks/run.sh  on a machine busy with other work (root only): the
#                                          server and every client run at that priority alike
#   BENCH_CALLGRIND=1 bash Benchmarks/run.sh  also counts the client's instructions per operation
#                                          with valgrind's callgrind (point, pooled point, generated
#                                          find, decode; variants too): repeatable under any load
#   BENCH_TUSK_VARIANTS="main=/tmp/tusk-bench-main" bash Benchmarks/run.sh
#                                          also runs other builds of tusk-bench (saved copies of
#                                          .build/release/tusk-bench) right after this one in each
#                                          round of point, pool and typed, recorded as tusk@main:
#                                          a runtime change against main, interleaved, one server
#
# Raw RESULT lines go to Benchmarks/.build/results.txt. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
REPEAT=${BENCH_REPEAT:-5}
POINT_COUNT=${BENCH_POINT_COUNT:-20000}   # sequential point selects per run
POOL_COUNT=${BENCH_POOL_COUNT:-64000}     # point selects per run, split over 16 tasks
POOL_SECONDS=${BENCH_POOL_SECONDS:-8}     # pgbench -T
COPY_COUNT=100000
if [ -n "${BENCH_NICE:-}" ]; then renice -n "$BENCH_NICE" -p $$ >/dev/null; fi  # inherited by all below
STREAM_COUNT=1000000
DECODE_ROWS=100000
EAGER_PARENTS=1000                        # with 10 children each (BenchSQL.eagerParents)
EAGER_LOADS=${BENCH_EAGER_LOADS:-10}      # loads per way per run, alternating
ORM_FINDS=${BENCH_ORM_FINDS:-5000}         # model finds by primary key per run, Tusk and Fluent

# --- build ---------------------------------------------------------------------------------
bash ../scripts/setup.sh >/dev/null
PGBIN=$(pg_config --bindir)
mkdir -p .build
# SwiftPM keeps the build plan of a path dependency (the root package) and misses source files
# added to it since: plan again each run (a few seconds).
rm -f .build/release.yaml .build/release/description.json
BIN=$(swift build -c release --show-bin-path)
echo "build: swift build -c release (in Benchmarks/.build)"
if ! swift build -c release >.build/build.log 2>&1; then
    grep -E "error:" .build/build.log || tail -30 .build/build.log
    exit 1
fi
cc -O2 -Wall -o .build/libpq_bench libpq/libpq_bench.c -I"$(pg_config --includedir)" -L"$(pg_config --libdir)" -lpq

# --- server ----------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/tusk-bench.XXXXXX)
chmod 755 "$WORK"
AS=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$WORK"
    AS=(runuser -u postgres --)
fi
SOCKET=$WORK
PORT=5432
stop_server() {
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap stop_server EXIT
"${AS[@]}" "$PGBIN/initdb" -D "$WORK/data" -U bench --auth=trust -E UTF8 --locale=C >/dev/null
# fsync off: the figures are about the client libraries; disk flushes would only add noise.
"${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -o \
    "-k $SOCKET -p $PORT -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB -c max_connections=40" \
    start >/dev/null
CONNINFO="host=$SOCKET port=$PORT user=bench dbname=bench"
export PGHOST=$SOCKET PGPORT=$PORT PGUSER=bench
createdb bench
SERVER_VERSION=$(psql -XAtc "SHOW server_version" bench)

echo "data: pgbench -i -s 1, bench_rows ($DECODE_ROWS rows), bench_copy, bench_parents/bench_children ($EAGER_PARENTS x 10)"
pgbench -i -s 1 -q bench >/dev/null 2>&1
psql -Xq -v ON_ERROR_STOP=1 bench <<SQL
CREATE TABLE bench_rows (
    id int8 PRIMARY KEY, label text NOT NULL, created timestamptz NOT NULL, token uuid NOT NULL,
    score float8 NOT NULL, flag bool NOT NULL, amount numeric(12,2) NOT NULL);
INSERT INTO bench_rows
    SELECT i, 'label-' || i || '-abcdefghij', timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second',
           md5(i::text)::uuid, i * 0.5, i % 2 = 0, (i * 1.01)::numeric(12,2)
    FROM generate_series(1, $DECODE_ROWS) AS i;
CREATE TABLE bench_copy (LIKE bench_rows);
-- The eager-loading scenario (the tables of Sources/TuskBench/schema.yaml): child c of parent p has id p * 100 + c.
CREATE TABLE bench_parents (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE bench_children (
    id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES bench_parents (id),
    label text NOT NULL, position integer NOT NULL);
CREATE INDEX ON bench_children (parent_id);
INSERT INTO bench_parents SELECT p, 'parent-' || p FROM generate_series(1, $EAGER_PARENTS) AS p;
INSERT INTO bench_children
    SELECT p * 100 + c, p, 'child-' || p || '-' || c, c
    FROM generate_series(1, $EAGER_PARENTS) AS p, generate_series(1, 10) AS c;
VACUUM ANALYZE;
SQL

# --- scenarios -------------------------------------------------------------------------------
RESULTS=$BENCH_DIR/.build/results.txt
: >"$RESULTS"
{
    echo "MACHINE nproc=$(nproc) cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\" memory=\"$(free -h | awk '/Mem:/ {print $2}')\" server=\"PostgreSQL $SERVER_VERSION\" swift=\"$(swift --version 2>/dev/null | head -1)\""
    echo "CONFIG nice=$(ps -o ni= -p $$ | xargs) repeat=$REPEAT point=$POINT_COUNT pool=$POOL_COUNT pool_seconds=$POOL_SECONDS copy=$COPY_COUNT stream=$STREAM_COUNT decode=$DECODE_ROWS eager_loads=$EAGER_LOADS orm_finds=$ORM_FINDS"
} >>"$RESULTS"
SWIFT_ARGS=(--socket "$SOCKET" --port "$PORT" --user bench --database bench)

# Runs one program and appends its RESULT line (a failing program stops the run: no figure is
# better than a wrong one).
run() {
    local out
    out=$("$@") || { echo "$out" >&2; echo "run.sh: failed: $*" >&2; exit 1; }
    echo "$out" | grep -E '^(RESULT|PENDING)' | tee -a "$RESULTS" || true
}
tusk() { run "$BIN/tusk-bench" "$1" "${SWIFT_ARGS[@]}" --count "${2:-0}"; }
# Each BENCH_TUSK_VARIANTS build (name=path), its implementation renamed tusk@name.
variants() {
    local variant out
    for variant in ${BENCH_TUSK_VARIANTS:-}; do
        out=$("${variant#*=}" "$1" "${SWIFT_ARGS[@]}" --count "${2:-0}") || { echo "$out" >&2; exit 1; }
        echo "$out" | grep -E '^RESULT' | sed -E "s/^(RESULT [a-z]+ tusk[a-z-]*)/\1@${variant%%=*}/" | tee -a "$RESULTS" || true
    done
}
nio() { run "$BIN/nio-bench" "$1" "${SWIFT_ARGS[@]}" --count "${2:-0}"; }
fluent() { run "$BIN/fluent-bench" "$1" "${SWIFT_ARGS[@]}" --count "${2:-0}"; }
pgbench_tps() {
    local clients=$1 threads=$2
    local out
    out=$(/usr/bin/time -f "CPU %U %S" pgbench -n -M prepared -S -c "$clients" -j "$threads" -T "$POOL_SECONDS" bench 2>&1)
    local tps count cpu
    tps=$(echo "$out" | awk '/^tps = / {print $3; exit}')
    count=$(echo "$out" | awk '/number of transactions actually processed/ {print $NF; exit}')
    cpu=$(echo "$out" | awk '/^CPU / {printf "%.3f", ($2 + $3) * 1e6 / '"${count:-1}"'}')
    [ -n "$tps" ] || { echo "$out" >&2; exit 1; }
    echo "RESULT $3 pgbench clients=$clients threads=$threads rate=$tps cpu_us=$cpu" | tee -a "$RESULTS"
}
libpq() { run "$BENCH_DIR/.build/libpq_bench" "$1" "$CONNINFO" "${2:-0}"; }

# BENCH_ONLY="eager copy" runs only those scenarios (default: all).
only() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
for round in $(seq 1 "$REPEAT"); do
    echo "LOAD round=$round $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
    if only point; then libpq point "$POINT_COUNT"; tusk point "$POINT_COUNT"; variants point "$POINT_COUNT"; nio point "$POINT_COUNT"; pgbench_tps 1 1 point; fi
    if only pool; then pgbench_tps 4 1 pool; tusk pool "$POOL_COUNT"; variants pool "$POOL_COUNT"; nio pool "$POOL_COUNT"; fi
    if only decode; then libpq decode; tusk decode; nio decode; fi
    if only typed; then tusk typed "$POINT_COUNT"; variants typed "$POINT_COUNT"; fi
    if only pipeline; then libpq pipeline "$POINT_COUNT"; tusk pipeline "$POINT_COUNT"; fi
    if only copy; then libpq copy "$COPY_COUNT"; tusk copy "$COPY_COUNT"; nio copy "$COPY_COUNT"; fi
    if only stream; then libpq stream "$STREAM_COUNT"; tusk stream "$STREAM_COUNT"; nio stream "$STREAM_COUNT"; fi
    if only eager; then tusk eager "$EAGER_LOADS"; nio eager "$EAGER_LOADS"; fi
    if only cached; then libpq point "$POINT_COUNT"; tusk cached "$POINT_COUNT"; fi
    if only orm; then tusk orm "$ORM_FINDS"; fluent orm "$ORM_FINDS"; fi
done
echo "LOAD end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"

# --- client instructions (callgrind) ---------------------------------------------------------
# BENCH_CALLGRIND=1: the client's instructions per operation, counted by valgrind's callgrind
# over every thread of the client process (the server is another process, not counted). Each
# figure is the difference of two runs, (Ir(N2) - Ir(N1)) / (N2 - N1), so start-up, connecting
# and preparing cancel out. Repeatable whatever the machine is doing, unlike the times above.
if [ -n "${BENCH_CALLGRIND:-}" ]; then
    command -v valgrind >/dev/null || { echo "BENCH_CALLGRIND needs valgrind (apt-get install valgrind)" >&2; exit 1; }
    CG_SMALL=${BENCH_CALLGRIND_SMALL:-200}
    CG_LARGE=${BENCH_CALLGRIND_LARGE:-1200}
    # The instructions callgrind collected running "$@" (with the environment given before it).
    # Valgrind 3.19 (Debian 12's) stops with an internal SIGSEGV on the Tusk binaries (tusk,
    # tusk-bench) as a thread starts, while a small Swift program with a Thread and a Task and the
    # C program count fine (BENCHMARKS.md, issue 13): its own error is printed then.
    instructions() {
        local variables=() output
        while [[ "$1" == *=* && "$1" != /* ]]; do variables+=("$1"); shift; done
        output=$(env "${variables[@]}" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null)
        echo "$output" | awk '/Collected :/ {print $NF}'
        echo "$output" | grep -m2 -E "INTERNAL ERROR|impossible" >&2 || true
    }
    # per_op NAME IMPL DIVISOR SMALL-COMMAND... -- LARGE-COMMAND...
    per_op() {
        local scenario=$1 impl=$2 divisor=$3
        shift 3
        local small=() large=()
        while [ "$1" != "--" ]; do small+=("$1"); shift; done
        shift
        large=("$@")
        local a b
        a=$(instructions "${small[@]}")
        b=$(instructions "${large[@]}")
        [ -n "$a" ] && [ -n "$b" ] || { echo "callgrind: no count for $scenario $impl" >&2; exit 1; }
        echo "CALLGRIND $scenario $impl ir_per_op=$(( (b - a) / divisor ))" | tee -a "$RESULTS"
    }
    cg_tusk() {  # cg_tusk SCENARIO IMPL PHASE BINARY
        per_op "$1" "$2" $((CG_LARGE - CG_SMALL)) \
            BENCH_PHASE="$3" "$4" "$1" "${SWIFT_ARGS[@]}" --count "$CG_SMALL" -- \
            BENCH_PHASE="$3" "$4" "$1" "${SWIFT_ARGS[@]}" --count "$CG_LARGE"
    }
    echo "callgrind: instructions per operation ($CG_SMALL and $CG_LARGE operations per run)"
    per_op point libpq $((CG_LARGE - CG_SMALL)) \
        "$BENCH_DIR/.build/libpq_bench" point "$CONNINFO" "$CG_SMALL" -- "$BENCH_DIR/.build/libpq_bench" point "$CONNINFO" "$CG_LARGE"
    for build in "tusk=$BIN/tusk-bench" ${BENCH_TUSK_VARIANTS:-}; do
        name=${build%%=*}; binary=${build#*=}
        [ "$name" = tusk ] && impl=tusk || impl="tusk@$name"
        cg_tusk point "$impl" leased "$binary"
        cg_tusk point "$impl-pool" pooled "$binary"
        cg_tusk typed "$impl-raw" raw "$binary"
        cg_tusk typed "$impl-generated" generated "$binary"
    done
    # Decoding: one more pass over the 100,000 rows (BENCH_PROFILE_LOOPS=1 against 0), per row.
    per_op decode libpq "$DECODE_ROWS" \
        BENCH_PROFILE_LOOPS=0 "$BENCH_DIR/.build/libpq_bench" decode "$CONNINFO" -- \
        BENCH_PROFILE_LOOPS=1 "$BENCH_DIR/.build/libpq_bench" decode "$CONNINFO"
    per_op decode tusk "$DECODE_ROWS" \
        BENCH_PROFILE_LOOPS=0 "$BIN/tusk-bench" decode "${SWIFT_ARGS[@]}" -- \
        BENCH_PROFILE_LOOPS=1 "$BIN/tusk-bench" decode "${SWIFT_ARGS[@]}"
fi

echo
python3 "$BENCH_DIR/report.py" "$RESULTS"
