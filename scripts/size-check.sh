#!/usr/bin/env bash
# Fails when a bundle's download grows past its ceiling (brotli -q 11 bytes
# of everything the page fetches: HTML, CSS, boot.js, JS glue, wasm). Sizes
# are deterministic, so this is a test, not a benchmark.
#
# The ceilings stop growth at today's sizes plus a little. They are not yet
# the budgets of issue 8 (customer 100 KB hard limit, operator 200 KB): with
# the two languages (issue 9) and the browser screen share (issue 10) the
# customer bundle is ~147 KB and the operator ~285 KB (JS glue and CSS
# minified by scripts/build.sh); each ceiling comes down as the bundles
# shrink, until it is the budget.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CUSTOMER_LIMIT=${CUSTOMER_LIMIT:-151552}   # 148 KB; budget 100 KB
OPERATOR_LIMIT=${OPERATOR_LIMIT:-296960}   # 290 KB; budget 200 KB

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
  printf 'size: %-8s %7d bytes brotli (ceiling %d) %s\n' "$name" "$bytes" "$limit" "$verdict"
done
exit $status
