#!/usr/bin/env bash
# Smoke test of Examples/AgentService over real HTTP on 127.0.0.1: build, start (the local
# development PostgreSQL, TuskDev, in a fresh TUSK_DEV_DIR removed at the end), create a document and wait for its embedding job, search, post a message, check
# /health, then SIGTERM and expect a clean exit 0. Every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/../Examples/AgentService"
swift build 2>&1 | tee .build-log.txt | tail -1
bash ../../scripts/check-warnings.sh .build-log.txt && rm -f .build-log.txt

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
devdir=$(mktemp -d)
# The local server outlives the service (it is reused across runs): stop it (SIGINT: fast shutdown) and remove it.
stop_devdb() { if [ -f "$devdir/data/postmaster.pid" ]; then kill -INT "$(head -1 "$devdir/data/postmaster.pid")" 2>/dev/null || true; fi
    for _ in $(seq 1 100); do [ -f "$devdir/data/postmaster.pid" ] || break; sleep 0.1; done; rm -rf "$devdir"; }
trap stop_devdb EXIT
PORT=$port DATABASE_URL= TUSK_DEV_DIR=$devdir .build/debug/AgentService > "$log" 2>&1 &
pid=$!
fail() { echo "error: AgentService smoke test: $*"; cat "$log"; kill -KILL "$pid" 2>/dev/null || true; exit 1; }
url="http://127.0.0.1:$port"

# Up within 60 s (the embedded server starts and the migrations run first).
for _ in $(seq 1 600); do curl -fs "$url/health" > /dev/null 2>&1 && break; kill -0 "$pid" 2>/dev/null || fail "it exited early"; sleep 0.1; done
health=$(curl -fs "$url/health") || fail "GET /health did not answer 200"
echo "$health" | grep -q '"status":"ok"' || fail "unexpected /health: $health"

created=$(curl -fs -X POST "$url/documents" -H 'content-type: application/json' -d '{"title":"Quarterly report","body":"revenue and costs"}') || fail "POST /documents"
id=$(echo "$created" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# The embed_document job runs in the background: wait (at most 20 s) until its effect shows.
for _ in $(seq 1 200); do
    curl -fs "$url/documents/$id" | grep -q '"embedded":true' && break
    sleep 0.1
done
curl -fs "$url/documents/$id" | grep -q '"embedded":true' || fail "the embedding job did not run: $(curl -s "$url/documents/$id")"
nearest=$(curl -fs -X POST "$url/documents/nearest" -H 'content-type: application/json' -d '{"embedding":[0.5,0.5,0.5],"limit":3}') || fail "POST /documents/nearest"
echo "$nearest" | grep -q "\"id\":$id" || fail "nearest did not find the document: $nearest"
conversation=$(curl -fs -X POST "$url/conversations" -H 'content-type: application/json' -d '{"title":"support"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || fail "POST /conversations"
curl -fs -X POST "$url/conversations/$conversation/messages" -H 'content-type: application/json' -d '{"role":"user","content":"hello"}' > /dev/null || fail "POST a message"
curl -fs "$url/conversations/$conversation/messages" | grep -q '"content":"hello"' || fail "GET the messages"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/conversations/$conversation/messages" -H 'content-type: application/json' -d '{"role":"robot","content":"x"}')
[ "$status" = 400 ] || fail "a bad role answered $status, not 400"
curl -fs "$url/health" | grep -q '"done":1' || fail "the queue does not show the job done: $(curl -s "$url/health")"

# SIGTERM drains the HTTP server, the worker and the pool, and exits 0 within 30 s.
kill -TERM "$pid"
for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "still running 30 s after SIGTERM"
wait "$pid" && code=0 || code=$?
[ "$code" = 0 ] || fail "exit status $code after SIGTERM"
grep -q "stopped cleanly" "$log" || fail "no clean stop in the log"
echo "AgentService smoke test: ok (document $id embedded by its job, search, messages, health, SIGTERM -> exit 0)"
rm -f "$log"
