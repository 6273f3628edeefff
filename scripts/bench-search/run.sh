#!/usr/bin/env bash
# Search benchmark (not a test): builds the default dataset and synthetic 10× and 100× ones, the release
# app once, serves each at its own sub-path on 127.0.0.1, and replays queries/keystrokes in headless
# Chromium against our search box and Fuse.js. Prints a markdown table.
#   scripts/bench-search/run.sh            default, x10, x100
#   scripts/bench-search/run.sh x1 x10     only these (x1 = the default dataset in data/)
# Work files go to target/bench-search: the synthetic sources are kept (they are seeded, so the same);
# the bundles and the app are rebuilt every run, so they always match the code.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
scripts/setup.sh --browser
export PATH="$root/tests/e2e/node_modules/.bin:$PATH"
work="$root/target/bench-search"
sets=("$@"); [ ${#sets[@]} -gt 0 ] || sets=(x1 x10 x100)
mkdir -p "$work/site"

(cd scripts/bench-search && [ -d node_modules/fuse.js ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund)
cargo build --release -p gongkai-bundle
bin="$root/target/release/gongkai-bundle"

# The default dataset is about 200 places and 11,000 entries; 10× and 100× scale places and entries.
synth_args() {
  case "$1" in
    x10) echo "--seed 10 --cities 4 --counties-per-city 18 --townships-per-county 18 --entries 110000" ;;
    x100) echo "--seed 100 --cities 20 --counties-per-city 36 --townships-per-county 18 --entries 1100000" ;;
  esac
}
for s in "${sets[@]}"; do
  out="$work/data-$s"
  if [ "$s" = x1 ]; then
    "$bin" build data "$out"
  else
    [ -d "$work/src-$s" ] || "$bin" synth $(synth_args "$s") "$work/src-$s"
    "$bin" build "$work/src-$s" "$out" | tail -1
  fi
done

# One release build of the app; each dataset gets a copy of it with its own data/ (the first screen
# pre-rendered in index.html is the first dataset's; the benchmark types into the search box).
GONGKAI_DATA_DIR="$work/data-${sets[0]}" trunk build --release --dist "$work/dist"
for s in "${sets[@]}"; do
  rm -rf "$work/site/$s"; mkdir -p "$work/site/$s"
  for f in "$work/dist"/*; do [ "$(basename "$f")" = data ] || cp -R "$f" "$work/site/$s/"; done
  ln -sfn "$work/data-$s" "$work/site/$s/data"
done

port="${BENCH_PORT:-8777}"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
node scripts/bench-search/bench.mjs "http://127.0.0.1:$port" "$work/site" "${sets[@]}"
