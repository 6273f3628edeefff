#!/usr/bin/env bash
# The explorer's first load, as a phone gets it from a real static host: dist/ served from a sub-path by
# nginx with docs/hosting.md's block (gzip on, as the doc asks; Python's http.server if nginx is missing,
# uncompressed). Prints what the home and a township screen download (raw and as the host sent it:
# the app's zopfli twins, the data gzipped on the fly; issue 13's budgets:
# 200 kB gzip for the home screen, 300 kB for a township's deep link), when the township's catalog is
# usable on a slow phone (median of three loads), axe-core violations and Lighthouse mobile scores (Lighthouse 12.8.2 is installed on first use).
#   scripts/bench-app.sh            measure the dist/ already built (scripts/e2e.sh or trunk build --release)
#   BENCH_PLACE=<code> …            another township
set -euo pipefail
cd "$(dirname "$0")/.."
E2E=$PWD/tests/e2e
[ -d dist ] || { echo "no dist/: run trunk build --release first (see scripts/e2e.sh)" >&2; exit 1; }
[ -d "$E2E/node_modules/playwright-core" ] || (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
# Lighthouse only for this benchmark, not in package.json: the test install stays small.
[ -x "$E2E/node_modules/.bin/lighthouse" ] || (cd "$E2E" && npm i --no-save --no-audit --no-fund lighthouse@12.8.2)

echo "files in dist/ (gzip: the file's zopfli twin where the build wrote one, else gzip -9):"
for f in dist/index.html dist/*.js dist/*.wasm dist/*.css dist/data/manifest.json; do
  [ -f "$f" ] || continue
  if [ -f "$f.gz" ]; then gz=$(stat -c %s "$f.gz"); else gz=$(gzip -9c "$f" | wc -c); fi
  printf '  %-48s %8d B raw %8d B gzip\n' "${f#dist/}" "$(stat -c %s "$f")" "$gz"
done
cd "$E2E" && exec node bench-app.mjs   # exit 1 = a transfer over its budget
