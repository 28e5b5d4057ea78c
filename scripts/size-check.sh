#!/usr/bin/env bash
# Fails when a customer page's download exceeds its budget (brotli bytes of
# everything the page fetches: HTML, CSS, boot.js, JS glue, wasm). Sizes are
# deterministic, so this is a test, not a benchmark.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CUSTOMER_LIMIT=${CUSTOMER_LIMIT:-102400}   # 100 KB hard limit
OPERATOR_LIMIT=${OPERATOR_LIMIT:-204800}   # 200 KB

bundle_bytes() {
  local dir=$1 total=0 f
  for f in "$dir"/*.html "$dir"/*.css "$dir"/*.js "$dir"/*.wasm; do
    [ -f "$f" ] || continue
    total=$((total + $(brotli -c -q 11 "$f" | wc -c)))
  done
  echo "$total"
}

status=0
for pair in "customer:$CUSTOMER_LIMIT" "operator:$OPERATOR_LIMIT"; do
  name=${pair%%:*}; limit=${pair##*:}
  bytes=$(bundle_bytes "dist/$name")
  if [ "$bytes" -le "$limit" ]; then verdict=ok; else verdict=OVER; status=1; fi
  printf 'size: %-8s %7d bytes brotli (limit %d) %s\n' "$name" "$bytes" "$limit" "$verdict"
done
exit $status
