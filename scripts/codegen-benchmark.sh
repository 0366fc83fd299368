#!/usr/bin/env bash
# Generation speed: writes a 200-table schema (12 columns each, every column type, enums,
# defaults, foreign keys), then times `tusk-codegen` on it (load + validate + generate + write)
# in the debug build the plugin uses and in release, and times swiftc on the generated code
# (against the runtime module Tusk it imports).
#   usage: scripts/codegen-benchmark.sh [TABLES]      (default 200; results: BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
tables=${1:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
schema=$work/schema.yaml

{
    echo "extensions: [vector]"
    echo "enums:"
    for e in 1 2 3 4 5; do echo "  status_$e: [draft, active, archived, deleted]"; done
    echo "tables:"
    for ((t = 1; t <= tables; t++)); do
        cat <<YAML
  table_$t:
    comment: Synthetic table $t
    columns:
      id:          { type: bigint, primary_key: true, identity: true }
      owner_id:    { type: bigint, nullable: true$( ((t > 1)) && echo ", references: table_$((t - 1)).id, on_delete: set_null") }
      name:        { type: "varchar(200)", validate: { min_length: 1 } }
      description: text?
      status:      { type: status_$(( (t % 5) + 1 )), default: draft }
      amount:      { type: "numeric(12,2)", default: 0 }
      ratio:       { type: double precision, default: 1.0 }
      tags:        { type: "text[]", default: [] }
      payload:     { type: jsonb, default: {} }
      embedding:   vector(8)?
      external_id: { type: uuid, default: { sql: gen_random_uuid() } }
      created_at:  { type: timestamptz, default: { sql: now() } }
    indexes:
      - { columns: [owner_id, created_at] }
YAML
    done
} > "$schema"

swift build --product tusk-codegen >/dev/null 2>&1
swift build -c release --product tusk-codegen >/dev/null 2>&1
# The generated code imports the runtime: its module, and libpq's headers for CLibPQ.
swift build --target Tusk >/dev/null 2>&1
runtime=(-I .build/debug/Modules -I Sources/CLibPQ -Xcc "-I$(pg_config --includedir)")

# Best of 5 wall-clock runs, in milliseconds (the first run also writes the files; the others
# find them unchanged and only load + generate + compare).
best_of_5() {
    local best=999999
    for _ in 1 2 3 4 5; do
        local start end ms
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        ms=$(( (end - start) / 1000000 ))
        (( ms < best )) && best=$ms
    done
    echo "$best"
}
debug_ms=$(best_of_5 .build/debug/tusk-codegen "$schema" "$work/debug-out")
release_ms=$(best_of_5 .build/release/tusk-codegen "$schema" "$work/release-out")
lines=$(cat "$work/release-out"/*.swift | wc -l)
bytes=$(cat "$work/release-out"/*.swift | wc -c)
# One run each, wall clock and CPU (user + sys): the cores are shared, CPU time is the steadier figure.
timed() {
    local TIMEFORMAT="%R s wall, %U s user + %S s sys"
    { time "$@" >/dev/null 2>&1; } 2>&1
}
typecheck=$(timed swiftc -typecheck -swift-version 6 -module-name Wide "${runtime[@]}" "$work/release-out"/*.swift)
compile=$(timed swiftc -emit-library -Onone -swift-version 6 -module-name Wide "${runtime[@]}" -o "$work/libWide.so" "$work/release-out"/*.swift)

echo "tables: $tables (schema $(wc -l < "$schema") lines)"
echo "generated: $lines lines, $bytes bytes in $(ls "$work/release-out" | wc -l) files"
echo "tusk-codegen debug:   ${debug_ms} ms (best of 5)"
echo "tusk-codegen release: ${release_ms} ms (best of 5)"
echo "swiftc -typecheck of the generated code: $typecheck"
echo "swiftc -emit-library -Onone of the generated code: $compile"
