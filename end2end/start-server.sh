#!/usr/bin/env bash
# Starts the release server for the Playwright flows on a fresh data
# directory, with test operators and settings suited to flows (larger guess
# budgets so many tests can share one server).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
server=${RA_SERVER_BIN:-${CARGO_TARGET_DIR:-target}/server/remote-assist-server}
data=$(mktemp -d /tmp/ra-e2e-XXXXXX)
for who in agent tech tech2; do
  printf 'correct horse battery staple\n' | "$server" operator add "$who@example.com" --name "${who^}" --data "$data"
done
export RA_GUESS_FREE="${RA_GUESS_FREE:-1000}"
export RA_CONVERSATIONS_PER_MINUTE="${RA_CONVERSATIONS_PER_MINUTE:-10000}"
export RA_ORG_NAME="${RA_ORG_NAME:-Example Support}"
exec "$server" serve --listen "127.0.0.1:${RA_E2E_PORT:-8090}" --data "$data" --dist dist
