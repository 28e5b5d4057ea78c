#!/usr/bin/env bash
# Builds what it needs, measures the pages and the service, and prints one
# table: measure, value, target, baseline, verdict. Figures only: nothing
# here fails the tests (the size budget does, in scripts/test.sh).
#
# Ports: RA_BENCH_PORT (default 8140) for the server, the next one for the
# echo baseline. Every phase is bounded; the whole run takes ~6-10 min on
# 2 cores. Rows go to stdout as they come (stderr) and as one table at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
bin=${CARGO_TARGET_DIR:-target}/server
port=${RA_BENCH_PORT:-8140}
echo_port=$((port + 1))
started=$(date +%s)

say "build: app, server, ra-bench"
scripts/build.sh >/dev/null
cargo build -q -p ra-bench --profile server
if [ ! -d bench/pages/node_modules ]; then
  (cd bench/pages && npm ci --no-audit --no-fund)
fi

rows=$(mktemp)
data=$(mktemp -d /tmp/ra-bench-XXXXXX)
cleanup() {
  for pid in "${server_pid:-}" "${echo_pid:-}"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$data" "$rows"
}
trap cleanup EXIT
# Rows are kept for the table and shown as they come.
keep() { grep --line-buffered '^ROW|' | tee -a "$rows" | cut -d'|' -f2- >&2; }

# --- Sizes (deterministic) --------------------------------------------------
scripts/size-check.sh | sed -E 's/^size: +([a-z]+) +([0-9]+) bytes brotli \(ceiling ([0-9]+)\) (.*)$/ROW|\1 bundle, brotli (size-check)|\2 B|≤ \3 B (ceiling)|-|\4/' \
  | sed 's/|ok$/|pass/; s/|OVER$/|FAIL/' | keep || true

# --- The server, on a copy of dist with the page baseline -------------------
# The baseline page is the customer shell without the app: the built
# index.html minus its scripts and preloads, served by the same server.
cp -r dist "$data/dist"
perl -0pe 's/<script\b.*?<\/script>//gs; s/<link rel="(?:modulepreload|preload)"[^>]*>//g' \
  dist/customer/index.html >"$data/dist/customer/bench-baseline.html"
brotli -f -q 11 -o "$data/dist/customer/bench-baseline.html.br" "$data/dist/customer/bench-baseline.html"
gzip -f -k -9 "$data/dist/customer/bench-baseline.html"

# The server under test, on a fresh data directory each time ($1), with
# budgets raised for the bench: guesses, messages, new chats per address.
serve() {
  printf 'bench-password-123\n' | "$bin/remote-assist-server" operator add bench@example.com --name Bench --data "$1" >/dev/null 2>&1
  RA_GUESS_FREE=1000000 RA_MESSAGES_PER_MINUTE=10000000 RA_CONVERSATIONS_PER_MINUTE=1000000 \
    RA_WAITING_TIMEOUT_SECS=3600 RUST_LOG=warn \
    "$bin/remote-assist-server" serve --listen "127.0.0.1:$port" --data "$1" --dist "$data/dist" >"$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.2; done
  echo "bench: the server did not start:" >&2; tail -5 "$1.log" >&2; return 1
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# --- The service, with a bare echo server as baseline -----------------------
serve "$data/service"
"$bin/ra-bench" echo-server --listen "127.0.0.1:$echo_port" &
echo_pid=$!
sleep 0.5
say "service: idle memory, relay 1k/10k msg/s, PIN issue+claim, sustained (~2 min)"
echo "ROW|machine load at start (1-min average, $(nproc) cores)|$(cut -d' ' -f1 /proc/loadavg)|-|-|-" | keep
"$bin/ra-bench" service --server "http://127.0.0.1:$port" --server-pid "$server_pid" \
  --echo "ws://127.0.0.1:$echo_port" --echo-pid "$echo_pid" \
  --email bench@example.com --password bench-password-123 | keep || echo "ROW|service bench|did not finish|-|-|FAIL" >>"$rows"
stop_server
kill "$echo_pid" 2>/dev/null || true
wait "$echo_pid" 2>/dev/null || true
echo_pid=""

# --- Pages (Lighthouse mobile defaults, Playwright timings) -----------------
# A fresh server: what the pages fetch is the app and a normal day's data.
serve "$data/pages"
say "pages: Lighthouse x3 per customer page, agent desktop, console (~4 min)"
export RA_BENCH_EMAIL=bench@example.com RA_BENCH_PASSWORD=bench-password-123
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
# The browser share first: the console bench below leaves 1,000 sessions
# on this server, which every later console would have to list.
if [ -f bench/pages/rtc.mjs ]; then
  (cd bench/pages && timeout 300 node rtc.mjs "http://127.0.0.1:$port") | keep || echo "ROW|rtc bench|did not finish|-|-|FAIL" >>"$rows"
fi
(cd bench/pages && timeout 900 node run.mjs "http://127.0.0.1:$port") | keep || echo "ROW|page bench|did not finish|-|-|FAIL" >>"$rows"

echo
echo "Remote Assist bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(($(date +%s) - started)) s"
printf 'measure|value|target|baseline|verdict\n' | cat - <(cut -d'|' -f2- "$rows") | column -t -s'|'
