#!/usr/bin/env bash
# Disclosure-map benchmark: geometry sizes (gzip) of the default dataset, then in headless Chromium the
# tap-to-selected time and pan/select frame times on the city view of a 100× synthetic province.
#   scripts/bench-map.sh [built-site-dir]     (default: dist/, made by `trunk build --release`)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
site="${1:-dist}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cargo build --release -q -p gongkai-bundle
bin=target/release/gongkai-bundle

echo "== geometry of the default dataset (gzip -9)"
"$bin" build data "$tmp/default" > /dev/null
for code in 430100 430300 430181 430121; do
  f=$(ls "$tmp"/default/geo/"$code".*.json)
  printf '%s %-8s raw %6d B  gzip %6d B\n' "$([ ${#code} = 6 ] && [ "${code:4:2}" = 00 ] && echo city || echo county)" \
    "$code" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
max=$(for f in "$tmp"/default/geo/*.json; do gzip -9c "$f" | wc -c; done | sort -n | tail -1)
echo "largest view gzip: $max B"

echo "== 100× synthetic province (20 cities × 70 counties × 17 townships ≈ 24,000 townships)"
start=$(date +%s.%N)
"$bin" synth --seed 7 --cities 20 --counties-per-city 70 --townships-per-county 17 --entries 20000 "$tmp/synth-src" > /dev/null
"$bin" build "$tmp/synth-src" "$tmp/synth" > /dev/null
printf 'synth + build: %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
city=$(python3 -c "import json,sys; m=json.load(open('$tmp/synth/manifest.json')); print(next(p['code'] for p in m['places'] if p['kind']=='city'))")
f=$(ls "$tmp"/synth/geo/"$city".*.json)
echo "synthetic city $city view: raw $(wc -c < "$f") B, gzip $(gzip -9c "$f" | wc -c) B"

if [ -f "$site/index.html" ]; then
  echo "== headless Chromium (360 px phone)"
  mkdir -p "$tmp/synth-site"
  cp -R "$site"/. "$tmp/synth-site/"
  rm -rf "$tmp/synth-site/data"
  cp -R "$tmp/synth" "$tmp/synth-site/data"
  node scripts/bench-map.mjs "$site" "$tmp/synth-site" "$city"
else
  echo "(no built site at $site: run trunk build --release for the browser figures)"
fi
