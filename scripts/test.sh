#!/usr/bin/env bash
# Runs every check and test: formatting, clippy (native and wasm32), native
# tests (protocol, server over loopback), browser unit tests (headless
# Chromium), the release build with its size budget, and the Playwright flows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

# CI builds from scratch once: incremental caches only cost disk there.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32)"
cargo clippy -p remote-assist --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests: protocol, server (over loopback), app logic"
cargo test -p protocol -p remote-assist-server
cargo test -p remote-assist --lib

step "browser unit tests (wasm-bindgen-test, headless Chromium)"
cargo test -p remote-assist --target wasm32-unknown-unknown

step "release build"
scripts/build.sh

step "bundle size ceilings"
scripts/size-check.sh

step "build script unit tests (slim-wasm)"
python3 scripts/test_slim_wasm.py

step "Playwright flows"
(cd end2end && npx playwright test --workers="${PW_WORKERS:-2}")
