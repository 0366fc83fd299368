#!/usr/bin/env bash
# Fails when a swift build log shows a warning from this repository's own files (sources,
# tests, plugins, plugin-generated code), not from checked-out dependencies.
#   usage: scripts/check-warnings.sh BUILD_LOG
set -euo pipefail
log=$1
root=$(cd "$(dirname "$0")/.." && pwd)
ours=$(grep -E "^$root/[^ ]+:[0-9]+:[0-9]+: warning:" "$log" | grep -v "/.build/checkouts/" | grep -v "/.build[^/]*/checkouts/" | sort -u || true)
if [ -n "$ours" ]; then
    echo "error: the build printed warnings from Tusk's own files:"
    echo "$ours"
    exit 1
fi
