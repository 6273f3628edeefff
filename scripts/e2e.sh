#!/usr/bin/env bash
# Browser tests: build the app in release mode, serve dist/ from a SUB-PATH (as a county portal would,
# with no rewrites), and run tests/e2e/*.test.mjs in headless Chromium at 360×640.
#
#   scripts/e2e.sh                 build (the pre_build hook runs the bundle build step) and test
#   GONGKAI_DATA_DIR=dir scripts/e2e.sh   use a ready bundle folder instead of building data/
#   E2E_SKIP_BUILD=1 scripts/e2e.sh       test the dist/ already there
#
# Needs: trunk 0.21.14, wasm-bindgen-cli 0.2.130, /usr/bin/chromium, node ≥ 20 (see docs/toolchain).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E2E=$ROOT/tests/e2e

if [ ! -d "$E2E/node_modules/playwright-core" ] || [ ! -d "$E2E/node_modules/binaryen" ]; then
  (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
# wasm-opt from npm binaryen 132 (Debian's 108 breaks the output), first on PATH.
export PATH="$E2E/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ -z "${E2E_SKIP_BUILD:-}" ]; then
  trunk build --release
fi

SITE=$TMP/site/county/gongkai
mkdir -p "$(dirname "$SITE")"
cp -R dist "$SITE"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$TMP/site" >"$TMP/http.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$PORT/county/gongkai/" >/dev/null && break
  sleep 0.1
done

export GONGKAI_BASE_URL="http://127.0.0.1:$PORT/county/gongkai/"
echo "serving dist/ at $GONGKAI_BASE_URL"

"$ROOT/scripts/fetch-scale-inputs.sh" >/dev/null
cargo build --release -q -p gongkai-bundle
BUNDLE="$ROOT/target/release/gongkai-bundle"
# serve_bundle <name> <source>: the same app at /<name>/gongkai/ with the bundle built from <source>
# and its first screen pre-rendered from that bundle's manifest.
serve_bundle() {
  local site=$TMP/site/$1/gongkai
  mkdir -p "$(dirname "$site")"
  cp -R dist "$site" && rm -rf "$site/data"
  "$BUNDLE" build "$2" "$site/data" >/dev/null 2>"$TMP/$1-build.log"
  "$BUNDLE" first-screen "$site/data" "$site/index.html"
  echo "serving the $1 bundle at http://127.0.0.1:$PORT/$1/gongkai/"
}

# A province-scale bundle for scale.test.mjs: 湖南's real register (2,008 townships) with synthetic
# sample entries (`synth --preset province`; the inputs are fetched once into .cache/scale).
"$BUNDLE" synth --seed 1 --preset province --entries 40000 --inputs "$ROOT/.cache/scale" --vocabulary "$ROOT/data" "$TMP/province-src" >/dev/null
serve_bundle province "$TMP/province-src"
export GONGKAI_PROVINCE_URL="http://127.0.0.1:$PORT/province/gongkai/"

# Three provinces: data/ with 广东省 and 东莞市 (a city without counties) added, so the home screen lists
# provinces and its map is the national one, and 北京市 as the NBS register has it: its districts under
# the grouping 市辖区, which takes 长沙's template as its own (scale.test.mjs).
cp -R "$ROOT/data" "$TMP/nation-src"
printf '440000,广东省,\n441900,东莞市,440000\n110000,北京市,\n110100,市辖区,110000\n110101,东城区,110100\n110102,西城区,110100\n' >>"$TMP/nation-src/places.csv"
cp -R "$ROOT/data/catalogs/430100" "$TMP/nation-src/catalogs/110100"
# What a map of China draws besides the register's places: 台湾省 and the 南海断续线 (from the scale inputs).
cp "$ROOT/.cache/scale/cnmaps-land/710000.geojson" "$TMP/nation-src/geo/counties/"
cp "$ROOT/.cache/scale/cnmaps-land/maritime.geojson" "$TMP/nation-src/geo/"
serve_bundle nation "$TMP/nation-src"
export GONGKAI_NATION_URL="http://127.0.0.1:$PORT/nation/gongkai/"
cd "$E2E"
node --test --test-concurrency=1 ${E2E_FILTER:+--test-name-pattern="$E2E_FILTER"} ./*.test.mjs
