#!/usr/bin/env bash
# Tusk Studio in a real browser: builds the studio (Studio/, its own package), creates a fresh
# local PostgreSQL (TuskDev in a throwaway TUSK_DEV_DIR, removed at the end), migrates and seeds
# it with `tusk seed`, starts two studios on 127.0.0.1 (one --read-only) and runs
# scripts/studio_browser_test.py in headless Chromium (Playwright from .tusk/playwright, Debian's
# chromium; both installed by scripts/setup.sh). Every wait is bounded.
# STUDIO_SCREENSHOTS=1 also writes docs/images/studio-*.png.
# Needs .build/debug/tusk (scripts/test.sh builds it first).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

(cd Studio && swift build 2>&1 | tee .build-log.txt | tail -1 && bash ../scripts/check-warnings.sh .build-log.txt && rm -f .build-log.txt)
studio=Studio/.build/debug/tusk-studio
tusk=${TUSK:-$root/.build/debug/tusk}

devdir=$(mktemp -d)
logs=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$pid" 2>/dev/null || true; done
    # The local server: fast shutdown (SIGINT), then remove it.
    if [ -f "$devdir/data/postmaster.pid" ]; then kill -INT "$(head -1 "$devdir/data/postmaster.pid")" 2>/dev/null || true; fi
    for _ in $(seq 1 100); do [ -f "$devdir/data/postmaster.pid" ] || break; sleep 0.1; done
    rm -rf "$devdir" "$logs"
}
trap cleanup EXIT

database_url=$(TUSK_DEV_DIR=$devdir "$tusk" dev start 2>/dev/null | sed -n 's/^DATABASE_URL=//p')
[ -n "$database_url" ] || { echo "error: the local database did not start"; exit 1; }
"$tusk" migrate up --database-url "$database_url" > /dev/null
"$tusk" seed --rows 60 --seed 7 --database-url "$database_url" > /dev/null

# Starts a studio on a free port and sets $url (with the token) once it listens (at most 60 s),
# over $studio_schema and $studio_database. Not in a subshell: its pid must reach the cleanup.
studio_schema=schema.yaml studio_generated=Generated studio_database=$database_url
start_studio() {
    local log=$logs/studio-${#pids[@]}.log
    "$@" --schema "$studio_schema" --generated "$studio_generated" --database-url "$studio_database" --port 0 > "$log" 2>&1 &
    pids+=($!)
    url=""
    for _ in $(seq 1 600); do
        url=$(sed -n 's/^Tusk Studio.*: \(http:\/\/127\.0\.0\.1:[0-9]*\/?token=[0-9a-f]*\)$/\1/p' "$log")
        [ -n "$url" ] && return 0
        kill -0 "${pids[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    echo "error: tusk-studio did not start:"; cat "$log"; exit 1
}
start_studio "$studio"; studio_url=$url
# The second through `tusk studio`, which finds Studio/.build/debug/tusk-studio and execs it.
start_studio env TUSK_STUDIO= "$tusk" studio --read-only; read_only_url=$url

# Without the executable, `tusk studio` says how to build it and exits 1 (no crash).
if (cd "$logs" && TUSK_STUDIO= "$tusk" studio --schema "$root/schema.yaml" > absent.log 2>&1); then
    echo "error: tusk studio without tusk-studio did not fail"; exit 1
fi
grep -q "swift build -c release --package-path Studio" "$logs/absent.log" || { echo "error: tusk studio without tusk-studio: unexpected message:"; cat "$logs/absent.log"; exit 1; }
if TUSK_STUDIO=/nonexistent "$tusk" studio > "$logs/absent.log" 2>&1 || ! grep -q "TUSK_STUDIO=/nonexistent is not an executable" "$logs/absent.log"; then
    echo "error: tusk studio with a wrong TUSK_STUDIO:"; cat "$logs/absent.log"; exit 1
fi

PYTHONPATH=$root/.tusk/playwright timeout 600 python3 scripts/studio_browser_test.py "$studio_url" "$read_only_url" "$database_url"

# Tables of named PostgreSQL schemas (Tests/TuskSchemasTests/schema.yaml: billing.invoices,
# audit.events, a materialized view billing.customer_totals) in a database of their own, whose
# search_path is public only: the studio lists them by their qualified names and reads their
# rows and relations, since every statement it writes names the table with its schema.
schemas_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlparse(sys.argv[1]); print(u.urlunparse(p._replace(path="/tusk_studio_schemas")))' "$database_url")
psql -XAtq -v ON_ERROR_STOP=1 -d "$database_url" -c "CREATE DATABASE tusk_studio_schemas" -c "ALTER DATABASE tusk_studio_schemas SET search_path = public"
"$tusk" sql --schema Tests/TuskSchemasTests/schema.yaml | psql -XAtq -v ON_ERROR_STOP=1 -d "$schemas_url" > /dev/null
psql -XAtq -v ON_ERROR_STOP=1 -d "$schemas_url" -c "
    INSERT INTO customers (name) VALUES ('Ann');
    INSERT INTO billing.invoices (customer_id, status, total) VALUES (1, 'sent', 12.50);
    INSERT INTO billing.events (invoice_id, note) VALUES (1, 'sent by mail');
    REFRESH MATERIALIZED VIEW billing.customer_totals;"
studio_schema=Tests/TuskSchemasTests/schema.yaml studio_generated=$logs/no-migrations studio_database=$schemas_url
start_studio "$studio"; schemas_studio=${url%%/\?token=*}; cookie="Cookie: tusk_studio=${url##*token=}"
# GET $1 from the schemas' studio; fails the script unless the page has status 200 and every
# further argument in its body.
expect_page() {
    local path=$1 body; shift
    body=$(curl -sS --max-time 10 -H "$cookie" -w '\n%{http_code}' "$schemas_studio$path")
    [ "${body##*$'\n'}" = 200 ] || { echo "error: studio (named schemas) GET $path: status ${body##*$'\n'}"; echo "$body"; exit 1; }
    for text in "$@"; do
        grep -qF -- "$text" <<< "$body" || { echo "error: studio (named schemas) GET $path lacks '$text':"; echo "$body"; exit 1; }
    done
    echo "ok   studio (named schemas) GET $path"
}
expect_page "/" "/t/billing.invoices" "/t/audit.events" "/t/billing.customer_totals"
expect_page "/t/billing.invoices" "12.50" "sent"
expect_page "/t/billing.invoices/row?id=1" "sent by mail"
expect_page "/t/billing.invoices?f.status.eq=sent" "12.50"
expect_page "/t/billing.customer_totals" "12.50"
