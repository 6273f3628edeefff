#!/usr/bin/env bash
# Runs every test: the generated data against its generators, native (model, readers, build step,
# search, geometry, the app's logic) and end-to-end in headless Chromium against the release build
# served from a sub-path. Installs what a fresh machine lacks.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh --browser
export PATH="$root/tests/e2e/node_modules/.bin:$PATH"

echo "== generated data (scripts/check-data.sh)"
scripts/check-data.sh

# The app crate (`gongkai`) runs in the browser only; its logic is the `gongkai-view` crate
# (crates/view), which this runs with the rest of the workspace.
echo "== native tests (cargo test: model, readers, build step, search, geometry, the app's logic)"
cargo test --release --workspace --exclude gongkai

echo "== end-to-end tests (headless Chromium)"
scripts/e2e.sh
