#!/usr/bin/env bash
# Builds what it needs, measures the pages and the service, and prints one
# table: measure, value, target, baseline, verdict. Figures only: nothing
# here fails the tests (the size budget does, in scripts/test.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
scripts/build.sh >/dev/null
cargo build -q -p ra-bench --profile server
if [ ! -d bench/pages/node_modules ]; then
  (cd bench/pages && npm ci --no-audit --no-fund)
fi

rows=$(mktemp)
cleanup() { kill "${server_pid:-}" "${echo_pid:-}" 2>/dev/null || true; }
trap cleanup EXIT

# --- Sizes (deterministic) --------------------------------------------------
scripts/size-check.sh | sed -E 's/^size: +([a-z]+) +([0-9]+) bytes brotli \(ceiling ([0-9]+)\) (.*)$/ROW|\1 bundle, brotli|\2 B|≤ \3 B|-|\4/' \
  | sed 's/|ok$/|pass/; s/|OVER$/|FAIL/' >>"$rows"

# --- The service, with a bare echo server as baseline -----------------------
data=$(mktemp -d /tmp/ra-bench-XXXXXX)
printf 'bench-password-123\n' | target/server/remote-assist-server operator add bench@example.com --name Bench --data "$data" >/dev/null
RA_GUESS_FREE=1000000 RA_MESSAGES_PER_MINUTE=10000000 RA_CONVERSATIONS_PER_MINUTE=1000000 \
  RA_LOGIN_ATTEMPTS_PER_MINUTE=1000000 RUST_LOG=warn \
  target/server/remote-assist-server serve --listen 127.0.0.1:8095 --data "$data" --dist dist >/dev/null 2>&1 &
server_pid=$!
target/server/ra-bench echo-server --listen 127.0.0.1:8096 &
echo_pid=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:8095/healthz >/dev/null && break; sleep 0.2; done
target/server/ra-bench service --server http://127.0.0.1:8095 --server-pid "$server_pid" \
  --echo ws://127.0.0.1:8096 --echo-pid "$echo_pid" \
  --email bench@example.com --password bench-password-123 | grep '^ROW|' >>"$rows"

# --- Pages (Lighthouse mobile defaults, Playwright timings) -----------------
if [ -f bench/pages/run.mjs ]; then
  node bench/pages/run.mjs http://127.0.0.1:8095 | grep '^ROW|' >>"$rows" || true
fi

echo
printf 'measure|value|target|baseline|verdict\n' | cat - <(cut -d'|' -f2- "$rows") | column -t -s'|'
