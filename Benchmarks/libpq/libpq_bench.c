/*
 * The limit: the benchmark scenarios written directly against libpq, the way a careful C
 * programmer would (prepared statements, binary parameters and results, a tight decode loop,
 * binary COPY through PQputCopyData, single-row mode for streaming).
 *
 * Usage: libpq_bench SCENARIO CONNINFO [COUNT]
 *   point     COUNT sequential point selects by primary key (pgbench_accounts)
 *   pipeline  COUNT point selects sent in pipelines of 10 (after COUNT sequential ones)
 *   decode    fetch bench_rows (100,000 rows of 7 types) and decode every row
 *   copy      COPY COUNT rows into bench_copy in binary format
 *   stream    stream COUNT rows of generate_series in single-row mode, report peak RSS
 *
 * Each run prints one line: "RESULT <scenario> libpq key=value ...". Built by run.sh with
 * `cc -O2`; the ids come from the same splitmix64 sequence as the Swift benchmarks.
 */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define POINT_SQL "SELECT abalance FROM pgbench_accounts WHERE aid = $1"
#define DECODE_SQL "SELECT id, label, created, token, score, flag, amount FROM bench_rows"
#define COPY_SQL "COPY bench_copy (id, label, created, token, score, flag, amount) FROM STDIN (FORMAT binary)"
#define STREAM_SQL "SELECT i::int8, 'row-' || i, i * 0.5::float8 FROM generate_series(1, $1::int8) AS i"
#define INT4OID 23
#define INT8OID 20
#define PIPELINE_DEPTH 10

static PGconn *conn;

static void fail(const char *what, PGresult *result) {
    fprintf(stderr, "libpq_bench: %s: %s\n", what, result ? PQresultErrorMessage(result) : PQerrorMessage(conn));
    exit(1);
}

/* CPU seconds (user + system) used by this process so far. */
static double cpu_seconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + (double)usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
}

/* CPU seconds used by the calling thread so far. */
static double thread_cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* splitmix64: the same id sequence in every benchmark program. */
static uint64_t rng_state = 42;
static uint64_t next_random(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int64_t accounts(void) {
    const char *value = getenv("BENCH_ACCOUNTS");
    return value ? atoll(value) : 100000;
}

static uint16_t get16(const char *p) { return (uint16_t)(((uint8_t)p[0] << 8) | (uint8_t)p[1]); }
static uint32_t get32(const char *p) { return ((uint32_t)get16(p) << 16) | get16(p + 2); }
static uint64_t get64(const char *p) { return ((uint64_t)get32(p) << 32) | get32(p + 4); }
static void put16(char *p, uint16_t v) { p[0] = (char)(v >> 8); p[1] = (char)v; }
static void put32(char *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }
static void put64(char *p, uint64_t v) { put32(p, (uint32_t)(v >> 32)); put32(p + 4, (uint32_t)v); }

static long peak_rss_kb(void) {
    FILE *status = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (status && fgets(line, sizeof line, status))
        if (strncmp(line, "VmHWM:", 6) == 0) kb = atol(line + 6);
    if (status) fclose(status);
    return kb;
}

static void prepare(const char *name, const char *sql, int count, const Oid *types) {
    PGresult *result = PQprepare(conn, name, sql, count, types);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) fail("prepare", result);
    PQclear(result);
}

/* One point select: int4 parameter and result, both binary. Returns the balance. */
static int32_t point_select(void) {
    char id[4];
    put32(id, (uint32_t)(1 + next_random() % (uint64_t)accounts()));
    const char *values[1] = {id};
    int lengths[1] = {4}, formats[1] = {1};
    PGresult *result = PQexecPrepared(conn, "point", 1, values, lengths, formats, 1);
    if (PQresultStatus(result) != PGRES_TUPLES_OK || PQntuples(result) != 1) fail("point select", result);
    int32_t balance = (int32_t)get32(PQgetvalue(result, 0, 0));
    PQclear(result);
    return balance;
}

static void run_point(long count) {
    Oid types[1] = {INT4OID};
    prepare("point", POINT_SQL, 1, types);
    point_select(); /* warm-up: plan cached, page in */
    int64_t sum = 0;
    double cpu = cpu_seconds(), start = now();
    for (long i = 0; i < count; i++) sum += point_select();
    double seconds = now() - start;
    cpu = cpu_seconds() - cpu;
    printf("RESULT point libpq ops=%ld seconds=%.6f rate=%.1f cpu_us=%.3f checksum=%lld\n", count, seconds,
           count / seconds, cpu * 1e6 / count, (long long)sum);
}

/* Runs `batches` pipelines of PIPELINE_DEPTH point selects: one Sync per pipeline, or one after
 * each statement (each its own implicit transaction, like Tusk's `.independent` batches).
 * Returns the seconds taken. */
static double pipelines(long batches, int sync_each, int64_t *sum) {
    if (!PQenterPipelineMode(conn)) fail("enter pipeline mode", NULL);
    double start = now();
    for (long b = 0; b < batches; b++) {
        char ids[PIPELINE_DEPTH][4];
        for (int q = 0; q < PIPELINE_DEPTH; q++) {
            put32(ids[q], (uint32_t)(1 + next_random() % (uint64_t)accounts()));
            const char *values[1] = {ids[q]};
            int lengths[1] = {4}, formats[1] = {1};
            if (!PQsendQueryPrepared(conn, "point", 1, values, lengths, formats, 1)) fail("send", NULL);
            if (sync_each && !PQpipelineSync(conn)) fail("sync", NULL);
        }
        if (!sync_each && !PQpipelineSync(conn)) fail("sync", NULL);
        for (int q = 0; q < PIPELINE_DEPTH; q++) {
            PGresult *result = PQgetResult(conn);
            if (PQresultStatus(result) != PGRES_TUPLES_OK || PQntuples(result) != 1) fail("pipelined select", result);
            *sum += (int32_t)get32(PQgetvalue(result, 0, 0));
            PQclear(result);
            if ((result = PQgetResult(conn)) != NULL) fail("pipeline: expected end of query", result);
            if (sync_each || q == PIPELINE_DEPTH - 1) {
                PGresult *sync = PQgetResult(conn);
                if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC) fail("pipeline sync", sync);
                PQclear(sync);
            }
        }
    }
    double seconds = now() - start;
    if (!PQexitPipelineMode(conn)) fail("exit pipeline mode", NULL);
    return seconds;
}

static void run_pipeline(long count) {
    Oid types[1] = {INT4OID};
    prepare("point", POINT_SQL, 1, types);
    point_select();
    double start = now();
    for (long i = 0; i < count; i++) point_select();
    double sequential = now() - start;
    int64_t sum = 0;
    long batches = count / PIPELINE_DEPTH, done = batches * PIPELINE_DEPTH;
    double one_sync = pipelines(batches, 0, &sum);
    double sync_each = pipelines(batches, 1, &sum);
    double sequential_rate = count / sequential;
    printf("RESULT pipeline libpq ops=%ld sequential_rate=%.1f pipelined_rate=%.1f sync_each_rate=%.1f speedup=%.3f "
           "checksum=%lld\n",
           done, sequential_rate, done / one_sync, done / sync_each, (done / one_sync) / sequential_rate, (long long)sum);
}

/* What a C program decodes a row into: owned text, exact numeric in PostgreSQL's base 10000. */
typedef struct {
    int16_t ndigits, weight, sign, dscale;
    int16_t digits[8];
} numeric_value;

typedef struct {
    int64_t id;
    char *label;
    double created; /* seconds since 1970, like Foundation's Date */
    uint8_t token[16];
    double score;
    int flag;
    numeric_value amount;
} bench_row;

static void decode_numeric(const char *p, int length, numeric_value *out) {
    out->ndigits = (int16_t)get16(p);
    out->weight = (int16_t)get16(p + 2);
    out->sign = (int16_t)get16(p + 4);
    out->dscale = (int16_t)get16(p + 6);
    if (out->ndigits > 8 || 8 + 2 * out->ndigits > length) {
        fprintf(stderr, "numeric too long\n");
        exit(1);
    }
    for (int d = 0; d < out->ndigits; d++) out->digits[d] = (int16_t)get16(p + 8 + 2 * d);
}

/* Decodes every row of `result` into `rows` the way a C program would by hand. */
static void decode_rows(PGresult *result, int count, bench_row *rows) {
    for (int r = 0; r < count; r++) {
        bench_row *row = &rows[r];
        for (int c = 0; c < 7; c++)
            if (PQgetisnull(result, r, c)) fail("unexpected NULL", result);
        row->id = (int64_t)get64(PQgetvalue(result, r, 0));
        int length = PQgetlength(result, r, 1);
        row->label = malloc((size_t)length + 1);
        memcpy(row->label, PQgetvalue(result, r, 1), (size_t)length);
        row->label[length] = 0;
        row->created = (double)(int64_t)get64(PQgetvalue(result, r, 2)) / 1e6 + 946684800.0;
        memcpy(row->token, PQgetvalue(result, r, 3), 16);
        uint64_t bits = get64(PQgetvalue(result, r, 4));
        memcpy(&row->score, &bits, 8);
        row->flag = PQgetvalue(result, r, 5)[0] != 0;
        decode_numeric(PQgetvalue(result, r, 6), PQgetlength(result, r, 6), &row->amount);
    }
}

static void free_rows(int count, bench_row *rows) {
    for (int r = 0; r < count; r++) free(rows[r].label);
}

static void run_decode(void) {
    prepare("rows", DECODE_SQL, 0, NULL);
    double start = now();
    PGresult *result = PQexecPrepared(conn, "rows", 0, NULL, NULL, NULL, 1);
    if (PQresultStatus(result) != PGRES_TUPLES_OK) fail("select rows", result);
    double fetched = now(), thread_cpu = thread_cpu_seconds();
    int count = PQntuples(result);
    if (PQnfields(result) != 7) fail("expected 7 columns", result);
    bench_row *rows = malloc(sizeof(bench_row) * (size_t)count);
    decode_rows(result, count, rows);
    thread_cpu = thread_cpu_seconds() - thread_cpu;
    double decoded = now();
    int64_t check = 0;
    for (int r = 0; r < count; r++)
        check += rows[r].id + rows[r].flag + rows[r].amount.ndigits + (int64_t)strlen(rows[r].label);
    free_rows(count, rows);
    /* BENCH_PROFILE_LOOPS=N decodes the result N more times (for callgrind; not reported), as
       tusk-bench does. */
    const char *loops = getenv("BENCH_PROFILE_LOOPS");
    for (long loop = loops ? atol(loops) : 0; loop > 0; loop--) {
        decode_rows(result, count, rows);
        free_rows(count, rows);
    }
    free(rows);
    PQclear(result);
    printf("RESULT decode libpq rows=%d fetch_seconds=%.6f decode_seconds=%.6f total_seconds=%.6f "
           "decode_cpu_seconds=%.6f checksum=%lld\n",
           count, fetched - start, decoded - fetched, decoded - start, thread_cpu, (long long)check);
}

/* The row i of the COPY scenario (the Swift benchmarks write the same values). */
static size_t encode_copy_row(char *out, int64_t i) {
    char *p = out;
    put16(p, 7);
    p += 2;
    put32(p, 8);
    put64(p + 4, (uint64_t)i);
    p += 12;
    int length = sprintf(p + 4, "label-%lld-abcdefghij", (long long)i);
    put32(p, (uint32_t)length);
    p += 4 + length;
    put32(p, 8); /* timestamptz: microseconds since 2000-01-01; 2024-01-01 plus i seconds */
    put64(p + 4, (uint64_t)((757382400LL + i) * 1000000LL));
    p += 12;
    put32(p, 16);
    put64(p + 4, (uint64_t)i);
    put64(p + 12, (uint64_t)i * 0x9E3779B97F4A7C15ULL);
    p += 20;
    double score = (double)i * 0.5;
    uint64_t bits;
    memcpy(&bits, &score, 8);
    put32(p, 8);
    put64(p + 4, bits);
    p += 12;
    put32(p, 1);
    p[4] = (i % 2 == 0);
    p += 5;
    /* amount = i * 1.01, numeric with scale 2: base-10000 digits of i * 101 * 100 (one fraction group) */
    uint64_t n = (uint64_t)i * 101 * 100;
    int16_t groups[8];
    int count = 0;
    while (n > 0) {
        groups[count++] = (int16_t)(n % 10000);
        n /= 10000;
    }
    int weight = count - 2, low = 0;
    while (low < count && groups[low] == 0) low++; /* PostgreSQL stores no trailing zero groups */
    int ndigits = count - low;
    put32(p, (uint32_t)(8 + 2 * ndigits));
    put16(p + 4, (uint16_t)ndigits);
    put16(p + 6, (uint16_t)(ndigits ? weight : 0));
    put16(p + 8, 0);
    put16(p + 10, 2);
    for (int d = 0; d < ndigits; d++) put16(p + 12 + 2 * d, (uint16_t)groups[count - 1 - d]);
    p += 12 + 2 * ndigits;
    return (size_t)(p - out);
}

static void run_copy(long count) {
    PGresult *result = PQexec(conn, "TRUNCATE bench_copy");
    if (PQresultStatus(result) != PGRES_COMMAND_OK) fail("truncate", result);
    PQclear(result);
    double start = now(), cpu = cpu_seconds();
    result = PQexec(conn, COPY_SQL);
    if (PQresultStatus(result) != PGRES_COPY_IN) fail("copy", result);
    PQclear(result);
    enum { capacity = 1 << 16 };
    static char buffer[capacity];
    size_t used = 19;
    memcpy(buffer, "PGCOPY\n\377\r\n\0", 11);
    put32(buffer + 11, 0);
    put32(buffer + 15, 0);
    for (long i = 1; i <= count; i++) {
        if (used > capacity - 256) {
            if (PQputCopyData(conn, buffer, (int)used) != 1) fail("put copy data", NULL);
            used = 0;
        }
        used += encode_copy_row(buffer + used, i);
    }
    put16(buffer + used, 0xFFFF);
    used += 2;
    if (PQputCopyData(conn, buffer, (int)used) != 1 || PQputCopyEnd(conn, NULL) != 1) fail("end copy", NULL);
    result = PQgetResult(conn);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) fail("copy result", result);
    long copied = atol(PQcmdTuples(result));
    PQclear(result);
    while ((result = PQgetResult(conn)) != NULL) PQclear(result);
    double seconds = now() - start;
    cpu = cpu_seconds() - cpu;
    if (copied != count) fail("copied row count", NULL);
    printf("RESULT copy libpq rows=%ld seconds=%.6f rate=%.1f cpu_seconds=%.6f\n", count, seconds, count / seconds, cpu);
}

static void run_stream(long count) {
    char limit[8];
    put64(limit, (uint64_t)count);
    const char *values[1] = {limit};
    int lengths[1] = {8}, formats[1] = {1};
    Oid types[1] = {INT8OID};
    long before = peak_rss_kb();
    double start = now();
    if (!PQsendQueryParams(conn, STREAM_SQL, 1, types, values, lengths, formats, 1)) fail("send stream", NULL);
    if (!PQsetSingleRowMode(conn)) fail("single-row mode", NULL);
    long rows = 0;
    int64_t sum = 0;
    PGresult *result;
    while ((result = PQgetResult(conn)) != NULL) {
        ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_SINGLE_TUPLE) {
            sum += (int64_t)get64(PQgetvalue(result, 0, 0)) + PQgetlength(result, 0, 1);
            rows++;
        } else if (status != PGRES_TUPLES_OK) {
            fail("stream", result);
        }
        PQclear(result);
    }
    double seconds = now() - start;
    if (rows != count) fail("streamed row count", NULL);
    printf("RESULT stream libpq rows=%ld seconds=%.6f rate=%.1f rss_before_kb=%ld peak_rss_kb=%ld checksum=%lld\n", rows,
           seconds, rows / seconds, before, peak_rss_kb(), (long long)sum);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: libpq_bench point|pipeline|decode|copy|stream CONNINFO [COUNT]\n");
        return 2;
    }
    const char *scenario = argv[1];
    long count = argc > 3 ? atol(argv[3]) : 0;
    conn = PQconnectdb(argv[2]);
    if (PQstatus(conn) != CONNECTION_OK) fail("connect", NULL);
    if (strcmp(scenario, "point") == 0) run_point(count);
    else if (strcmp(scenario, "pipeline") == 0) run_pipeline(count);
    else if (strcmp(scenario, "decode") == 0) run_decode();
    else if (strcmp(scenario, "copy") == 0) run_copy(count);
    else if (strcmp(scenario, "stream") == 0) run_stream(count);
    else {
        fprintf(stderr, "libpq_bench: unknown scenario %s\n", scenario);
        return 2;
    }
    PQfinish(conn);
    return 0;
}
