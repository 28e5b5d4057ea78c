#!/usr/bin/env bash
# Release build of both bundles into dist/ (precompressed) and the server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

# Three bundles (README "What the bundles weigh"): the customer's link and
# PIN pages, the customer's chat, and the operator pages.
echo "== trunk build: customer bundle -> dist/customer"
trunk build --release --offline=true index.html --dist dist/customer --public-url /
echo "== trunk build: customer chat bundle -> dist/chat"
trunk build --release --offline=true chat.html --dist dist/chat --public-url /c/
echo "== trunk build: operator bundle -> dist/operator"
trunk build --release --offline=true operator.html --dist dist/operator --public-url /op/

# Customer pages: no preload of the JS and wasm. boot.js fetches both after
# the shell's first paint, so the bytes of the app never delay it (on a slow
# phone the shell is the LCP; the operator pages keep their preloads).
perl -0pi -e 's/<link rel="(?:modulepreload|preload)"[^>]*>//g' dist/customer/index.html dist/chat/index.html

# Drop the unused stream adapters, optimise the wasm (trunk does not:
# `data-wasm-opt="0"`, so wasm-opt runs once, after the drop) and give the
# imports short names (scripts/slim-wasm.py: about -5 KB brotli per
# bundle), then minify the
# JS glue, boot.js and the CSS with esbuild (trunk's own JS minifier gives up
# on wasm-bindgen's glue), then put the new files' Subresource Integrity
# hashes into the HTML that names them.
for dir in dist/customer dist/chat dist/operator; do
  python3 scripts/slim-wasm.py "$(ls "$dir"/*.js | grep -v '/boot\.js$')" "$(ls "$dir"/*_bg.wasm)"
  for f in "$dir"/*.js "$dir"/*.css; do
    esbuild "$f" --minify --allow-overwrite --outfile="$f" --log-level=warning
  done
  for f in "$dir"/*.js "$dir"/*.css "$dir"/*.wasm; do
    sri="sha384-$(openssl dgst -sha384 -binary "$f" | base64 -w0)"
    NAME=$(basename "$f") SRI=$sri perl -pi -e \
      's{(/\Q$ENV{NAME}\E"[^>]*?integrity=")sha384-[^"]+}{$1$ENV{SRI}}g' "$dir/index.html"
  done
done

# The customer pages carry their CSS and start-up script inline: two or
# three requests fewer, and no style sheet to wait for before the first
# paint (scripts/inline-assets.py; the server's CSP names their hashes).
for dir in dist/customer dist/chat; do
  python3 scripts/inline-assets.py "$dir"
done

# Precompress text and wasm assets; the server serves .br/.gz when accepted.
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) |
  while read -r f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -k -9 "$f"
  done

echo "== cargo build: remote-assist-server (profile server)"
cargo build -p remote-assist-server --profile server
