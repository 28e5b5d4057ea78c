#!/usr/bin/env bash
# Installs what a fresh Debian machine with Rust lacks, skipping what is
# already there at the right version. Safe to run again: a warm run takes
# seconds. Sourced by run.sh, test.sh and bench.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m== %s\033[0m\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Debian: Chromium and its driver (browser tests), brotli (precompressed
# assets, size checks). Never Debian's binaryen: its wasm-opt 108 corrupts
# current wasm-bindgen output; wasm-opt comes from npm below.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v brotli >/dev/null || missing+=(brotli)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# trunk 0.21.14: 0.22 needs a newer rustc. LTO off: 7.5 min instead of 13.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.14$'; then
  say "cargo install trunk 0.21.14"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version 0.21.14 --locked
fi

# wasm-bindgen-cli at exactly the version Cargo.lock pins (no --locked: one
# of its locked dependencies is missing from the registry mirror).
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${wb_version}\$"; then
  say "cargo install wasm-bindgen-cli ${wb_version}"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "${wb_version}"
fi

# Node packages: Playwright, axe-core, binaryen's wasm-opt (for
# scripts/slim-wasm.py, which optimises the wasm), esbuild.
if [ ! -f end2end/node_modules/.package-lock.json ] ||
  [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "npm ci (end2end)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

cargo_bin="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin"
export PATH="$PWD/end2end/node_modules/.bin:$cargo_bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
