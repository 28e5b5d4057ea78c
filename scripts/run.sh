#!/usr/bin/env bash
# Quick start: installs what is missing, builds the release app and runs it
# at http://127.0.0.1:8080. On first start it creates a demo operator and
# prints its credentials once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/build.sh
export RA_DEMO_OPERATOR="${RA_DEMO_OPERATOR:-true}"
exec "${CARGO_TARGET_DIR:-target}/server/remote-assist-server" serve --listen "${RA_LISTEN:-127.0.0.1:8080}" \
  --data "${RA_DATA:-data}" --dist "${RA_DIST:-dist}"
