#!/usr/bin/env bash
# First-load transfer of the built explorer (HTML, JS, wasm, CSS, manifest; raw and gzip; budget 250 kB
# gzip for the home screen), then axe-core and, if installed, Lighthouse mobile scores.
#   scripts/bench-app.sh            measure the dist/ already built (scripts/e2e.sh or trunk build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
E2E=$PWD/tests/e2e
[ -d dist ] || { echo "no dist/: run trunk build --release first (see scripts/e2e.sh)" >&2; exit 1; }
[ -d "$E2E/node_modules/playwright-core" ] || (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)

TMP=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
mkdir -p "$TMP/site/county"
cp -R dist "$TMP/site/county/gongkai"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$TMP/site" >"$TMP/http.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/county/gongkai/" >/dev/null && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT/county/gongkai/"

echo "raw files in dist/ (gzip -9):"
for f in dist/index.html dist/*.js dist/*.wasm dist/*.css dist/data/manifest.json; do
  [ -f "$f" ] && printf '  %-48s %8d B raw %8d B gzip\n' "${f#dist/}" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done

STATUS=0
(cd "$E2E" && node bench-app.mjs "$BASE") || STATUS=$?   # 1 = over the transfer budget

# Lighthouse (mobile emulation, simulated slow 4G), if installed: npm i --no-save lighthouse in tests/e2e.
if [ -x "$E2E/node_modules/.bin/lighthouse" ]; then
  for q in "" "?place=${BENCH_PLACE:-430121001}"; do
    CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$E2E/node_modules/.bin/lighthouse" "$BASE$q" --quiet \
      --only-categories=performance,accessibility,best-practices --form-factor=mobile \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" --output=json --output-path="$TMP/lh.json" >/dev/null 2>&1 || true
    [ -s "$TMP/lh.json" ] && node -e '
      const r = require(process.argv[1]); const c = r.categories, a = r.audits;
      console.log(`lighthouse ${process.argv[2] || "home"}: performance ${Math.round(c.performance.score*100)}, accessibility ${Math.round(c.accessibility.score*100)}, best-practices ${Math.round(c["best-practices"].score*100)}; FCP ${a["first-contentful-paint"].displayValue}, LCP ${a["largest-contentful-paint"].displayValue}, TBT ${a["total-blocking-time"].displayValue}, CLS ${a["cumulative-layout-shift"].displayValue}`);
    ' "$TMP/lh.json" "$q"
    rm -f "$TMP/lh.json"
  done
else
  echo "lighthouse: skipped (cd tests/e2e && npm i --no-save lighthouse)"
fi
exit "$STATUS"
