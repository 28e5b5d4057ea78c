#!/usr/bin/env bash
# Fails when a bundle's download grows past its ceiling (brotli -q 11 bytes
# of everything the page fetches: HTML with any inline CSS and script, CSS
# and boot.js files where there are any, JS glue, wasm). Sizes are
# deterministic, so this is a test, not a benchmark.
#
# The customer pages (link, PIN and chat) are held to issue 8's hard limit:
# 100 KB (KiB, as the bench counts) for everything the page fetches, of which
# 2 KiB are left for the response headers the bench counts too, so 98 KiB of
# files. The operator pages (~252 KB) have a ceiling at today's size plus a
# little, not their budget (200 KB), which one operator bundle cannot meet
# (README "What the operator bundle needs"); it comes down as the bundle
# shrinks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CUSTOMER_LIMIT=${CUSTOMER_LIMIT:-100352}   # 98 KiB of files: the 100 KB budget
CHAT_LIMIT=${CHAT_LIMIT:-100352}           # the same budget
OPERATOR_LIMIT=${OPERATOR_LIMIT:-253952}   # 248 KiB; budget 200 KB

bundle_bytes() {
  local dir=$1 total=0 f
  for f in "$dir"/*.html "$dir"/*.css "$dir"/*.js "$dir"/*.wasm; do
    [ -f "$f" ] || continue
    total=$((total + $(brotli -c -q 11 "$f" | wc -c)))
  done
  echo "$total"
}

status=0
for pair in "customer:$CUSTOMER_LIMIT" "chat:$CHAT_LIMIT" "operator:$OPERATOR_LIMIT"; do
  name=${pair%%:*}; limit=${pair##*:}
  bytes=$(bundle_bytes "dist/$name")
  if [ "$bytes" -le "$limit" ]; then verdict=ok; else verdict=OVER; status=1; fi
  printf 'size: %-8s %7d bytes brotli (ceiling %d) %s\n' "$name" "$bytes" "$limit" "$verdict"
done
exit $status
