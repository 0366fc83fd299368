#!/usr/bin/env bash
# The whole test suite: unit tests, PostgreSQL-backed tests (servers started by TuskTesting),
# the plugin-built integration target, and the example package under Examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build

# schema.yaml must not have changes without a migration (Generated/ is up to date, tusk.sum matches).
swift package --allow-writing-to-package-directory generate-migration --check

# The example package: depends on Tusk by path and applies the TuskGenerator plugin to its own
# target and schema.yaml, as a user's package would; it must build and run.
(cd Examples/Bookshelf && swift build && swift run Bookshelf)
