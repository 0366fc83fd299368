#!/usr/bin/env bash
# The whole test suite: unit tests, PostgreSQL-backed tests (servers started by TuskTesting),
# the plugin-built integration target, and the example package under Examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
# Every target and test (a build that fails only on the type-check budget is built again, up to five times: see there).
bash scripts/build-tests.sh
# Tusk's own sources, tests and the code its plugin generates build without warnings (a user's
# build must not print ours). Dependencies' warnings are theirs. A fresh clone compiles every
# file, so CI sees each warning; an incremental build only those of files it recompiled.
bash scripts/check-warnings.sh .build/test-build.log
# Suites with latency bounds run after the rest, alone, so the other suites' load does not
# decide their figures: the fault suite and the reconnect test (the pool serving within 0.5 s of
# the server's return), query cancellation and graceful shutdown (ConnectionTests,
# DatabaseServiceTests), the pool's fairness, the job queue's and LISTEN's wake-ups, the
# cross-process cache's 500 ms notification bound, ChildProcessTests' 3 s for new tasks to start
# while programs run. In the parallel run, synchronous tests hold the two cooperative threads
# while they compute (a cancellation was seen taking 7 s there, 0.1 s alone; a notification
# 0.96 s against 0.5 s). Tests waiting on a program no longer do: `ChildProcess` waits, and
# drains stderr, on threads of its own (stderr's drain on a Dispatch queue once stalled every
# task for seconds: a 30 s pool timeout, a 10 s sleep that ran out).
# The standby suites (a replica's return to the rotation, the failover's 2 s reconnect) have
# bounds too and take base backups: they run last, together (beside the latency suites a
# cancellation test missed its mark).
# Each runs on its own, one after another: run together they load each other (the reconnect
# test's 0.5 s bound was missed at 0.75 s beside the fault suite; 0.02-0.08 s alone). The
# migrator's lock-timeout suites wait on a lock for a bounded time: in a loaded parallel run a
# sub-second lock timeout took 14 s against its 10 s bound (the whole test, database creation
# included, takes about 5 s alone). The generator's speed test counts CPU time, which a
# neighbour's use of the caches inflates too (1.08 s against its 1 s budget in a parallel run).
latency_suites='GenerationSpeedTests|InlineAnswerTests|ConnectTimeoutTests|ChildProcessTests|FaultSuiteTests|ReconnectTests|ConnectionTests|DatabaseServiceTests|PoolTests|JobQueueTests|NotificationTests|CrossProcessCacheTests|MigratorLockTests|MigrationTimeoutTests'
standby_suites='ReplicaTests|FailoverTests'
# The seed acceptance test writes 110,000 rows twice (two HNSW-indexed tables among them) and holds
# both cores for a minute or more; suites with timing marks (ConnectionLossTests' sleeps,
# TransactionTests' cancellation) miss them on a machine that loaded. It runs on its own, after.
heavy_suites='TuskIntegrationTests.SeedTests'
# Suites that add variables to the process environment (`setenv` of a new name may move `environ`,
# and any other thread's `getenv`, libpq's on every connect, can then read freed memory) share the
# process with no one, each on its own: ProcessEnvironmentTests adds 3,000 from a thread (a
# parallel run once crashed in another thread's getenv while it ran), TLSLocalityTests sets
# PGHOST, PGSERVICE and PGSERVICEFILE.
environment_suites='TuskDevTests.ProcessEnvironmentTests|TuskTests.TLSLocalityTests'
swift test --skip-build --skip "$latency_suites|$standby_suites|$heavy_suites|$environment_suites"
for suite in ${latency_suites//|/ } $standby_suites $heavy_suites ${environment_suites//|/ }; do
    swift test --skip-build --filter "$suite"
done

# The DocC catalogs build, every symbol link resolving (Sources/Tusk/Tusk.docc, TuskTesting.docc).
swift package generate-documentation --target Tusk --target TuskTesting --warnings-as-errors > .build/docc.log 2>&1 \
    || { cat .build/docc.log; echo "error: the documentation does not build cleanly"; exit 1; }

# schema.yaml must not have changes without a migration (Generated/ is up to date, tusk.sum matches).
swift package --allow-writing-to-package-directory generate-migration --check
# The typed SQL files (reports.sql) must not have changed, nor the schema under them, without
# `tusk queries`; every query must still prepare (file.sql:LINE:COL and the server's message).
.build/debug/tusk queries --check

# The example package: depends on Tusk by path and applies the TuskGenerator plugin to its own
# target and schema.yaml, as a user's package would; it must build and run.
(cd Examples/Bookshelf && swift build 2>&1 | tee .build-log.txt && bash ../../scripts/check-warnings.sh .build-log.txt && rm .build-log.txt && swift run Bookshelf)

# The service example (Hummingbird 2) over real HTTP: documents, its job, search, health, SIGTERM.
bash scripts/agent-service-smoke.sh

# Tusk Studio in headless Chromium over a seeded database: browse, filter, relations, edit into a
# validation error and then correctly, delete, migrations, SQL; the token and --read-only refusals.
bash scripts/studio-browser-test.sh

# An app that imports Tusk links the runtime and the migrator, never libyaml or the planner.
bookshelf=Examples/Bookshelf/.build/debug/Bookshelf
if ldd "$bookshelf" | grep -q libyaml; then echo "error: Bookshelf links libyaml"; exit 1; fi
if nm "$bookshelf" | grep -q 'TuskMigrations\|TuskSchema'; then echo "error: Bookshelf links TuskMigrations/TuskSchema"; exit 1; fi
