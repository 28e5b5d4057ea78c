#!/usr/bin/env bash
# Regenerates docs/screenshots/ from the seed procedure flows (release build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/build.sh
cd end2end && npx playwright test seed --project=desktop --workers=1
