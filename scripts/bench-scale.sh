#!/usr/bin/env bash
# Scale benchmark (not a test): builds the bundle at each scale, serves each with the release app at its
# own sub-path through nginx with docs/hosting.md's block (gzip on), and prints one markdown table:
# build time and peak memory, output size, entry point, first load of the home screen and of a
# township's deep link, and the first search, its p95 per keystroke and its recall.
#   scripts/bench-scale.sh                      default, province and national
#   scripts/bench-scale.sh default province     only these
#   BENCH_SCALE_KEEP=1 …                        keep the national source and bundle (several GB)
#   BENCH_SCALE_SKIP_APP=1 …                    reuse the release app of the last run (target/bench-scale/dist)
#   BENCH_SCALE_MEM=8G …                        address-space limit of synth and build (default 8G), so
#                                               that a build that does not stream stops instead of
#                                               swapping out the machine
# Scales: default = data/ as is; province = synth --preset province --seed 1 (湖南, about 1 M entries);
# national = synth --preset national --seed 1 (about 20 M entries).
# Work files go to target/bench-scale: the default and province sources are kept (seeded, so the same);
# the bundles and the app are rebuilt every run, so they match the code. The figures come from:
#   build          /usr/bin/time -v of `gongkai-bundle build` (wall clock, maximum resident set size)
#   rebuild        the same, into the same output, after one cell (the first item's 公开时限) of one catalog
#                  file changed: the first county's own CSV file (the default dataset's counties have
#                  none: the city template's first CSV file), after `sync`; three times, the cell changed anew
#                  each time: the median and the range; the file is put back afterwards. Marked "memo" when
#                  each took the entries side from the build memo (crates/bundle/src/memo.rs)
#   first load     tests/e2e/bench-app.mjs <url> (BENCH_PLACE = the last township of the last county of
#                  the last city): the compressed bytes nginx sent for every request; the home time is Lighthouse mobile's
#                  largest contentful paint (simulated slow 4G, 4× CPU), the township's the domain tree
#                  shown (the end of the frame that paints it, noted by the page) on slow 4G with a 4×
#                  slower CPU
#   search         tests/e2e/bench-scale.mjs search: scripts/bench-search/queries.json typed keystroke by
#                  keystroke into the search box (bench.mjs's method)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
E2E=$ROOT/tests/e2e
scales=("$@"); [ ${#scales[@]} -gt 0 ] || scales=(default province national)
for s in "${scales[@]}"; do
  case "$s" in default|province|national) ;; *) echo "unknown scale $s (default, province, national)" >&2; exit 2 ;; esac
done
MEM=${BENCH_SCALE_MEM:-8G}
WORK=$ROOT/target/bench-scale
mkdir -p "$WORK"

[ -d "$E2E/node_modules/playwright-core" ] && [ -d "$E2E/node_modules/binaryen" ] \
  || (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
# As scripts/bench-app.sh: Lighthouse for benchmarks only, not in package.json.
[ -x "$E2E/node_modules/.bin/lighthouse" ] || (cd "$E2E" && npm i --no-save --no-audit --no-fund lighthouse@12.8.2)
export PATH="$E2E/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # wasm-opt from npm binaryen first
[ -x /usr/sbin/nginx ] || { echo "bench-scale needs nginx (scripts/setup.sh --browser)" >&2; exit 1; }

# Served from a folder nginx's workers can read; the bundles are written straight into it.
SITE=$(mktemp -d /tmp/gongkai-bench-scale.XXXXXX)
chmod 755 "$SITE"
NGINX_PID=
cleanup() {
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  rm -rf "$SITE"
}
trap cleanup EXIT

echo "building gongkai-bundle and the release app …" >&2
cargo build --release -q -p gongkai-bundle
BIN=$ROOT/target/release/gongkai-bundle
[ "${scales[*]}" = default ] || "$ROOT/scripts/fetch-scale-inputs.sh" >/dev/null
if [ -n "${BENCH_SCALE_SKIP_APP:-}" ] && [ -f "$WORK/dist/index.html" ]; then
  echo "reusing the app in $WORK/dist (BENCH_SCALE_SKIP_APP)" >&2
else
  trunk build --release --dist "$WORK/dist" >"$WORK/trunk.log" 2>&1 || { tail -20 "$WORK/trunk.log" >&2; exit 1; }
fi

port=$(cd "$E2E" && node bench-scale.mjs nginx-conf "$SITE/www" "$SITE/nginx")
mkdir -p "$SITE/www/gongkai"
/usr/sbin/nginx -p "$SITE/nginx" -c "$SITE/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
BASE="http://127.0.0.1:$port/gongkai"

notes=()
note() { notes+=("$1"); MARK="[${#notes[@]}]"; }              # a footnote; MARK is its mark
failrow() { note "$2"; rows+=("| $1 | — $MARK |$(printf ' — |%.0s' {1..14})"); }
field() { grep -F "$1: " "$2" | head -1 | sed 's/.*: //'; }           # a field of /usr/bin/time -v's report
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
fmt_int() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }   # 1234567 → 1,234,567

rows=()
for s in "${scales[@]}"; do
  echo "== $s" >&2
  src=$WORK/src-$s
  case "$s" in
    # A copy, so that the rebuild can change a catalog file without touching data/.
    default) rm -rf "$src"; cp -R "$ROOT/data" "$src" ;;
    *)
      if [ ! -d "$src" ]; then   # written as .tmp, renamed when complete
        rm -rf "$src.tmp"
        echo "synth --preset $s --seed 1 (limit $MEM) …" >&2
        if ! (ulimit -v "$(numfmt --from=iec "$MEM" | awk '{ print int($1 / 1024) }')"
              /usr/bin/time -v -o "$WORK/synth-$s.time" "$BIN" synth --seed 1 --preset "$s" \
                --inputs "$ROOT/.cache/scale" --vocabulary "$ROOT/data" "$src.tmp" >"$WORK/synth-$s.log" 2>&1); then
          why="synth --preset $s failed after $(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$WORK/synth-$s.time") with peak $(fmt_int $(( $(field 'Maximum resident set size (kbytes)' "$WORK/synth-$s.time") / 1024 ))) MB (limit $MEM): $(tail -1 "$WORK/synth-$s.log")"
          rm -rf "$src.tmp"
          failrow "$s" "$why"
          continue
        fi
        mv "$src.tmp" "$src"
      fi
      ;;
  esac

  dir=$SITE/www/gongkai/$s
  mkdir -p "$dir"
  for f in "$WORK/dist"/*; do [ "$(basename "$f")" = data ] || cp -R "$f" "$dir/"; done
  echo "build (limit $MEM) …" >&2
  if ! (ulimit -v "$(numfmt --from=iec "$MEM" | awk '{ print int($1 / 1024) }')"
        rm -rf "$WORK/memo-$s.json" "$WORK/memo-$s.json.reads"   # a full build: nothing of the last run
        /usr/bin/time -v -o "$WORK/build-$s.time" "$BIN" build --memo "$WORK/memo-$s.json" "$src" "$dir/data" >"$WORK/build-$s.log" 2>&1); then
    # The error itself, not the backtrace's last line.
    err=$(grep -m1 -E 'memory allocation|错误 error|panicked' "$WORK/build-$s.log" || grep -v '^\s*$' "$WORK/build-$s.log" | tail -1)
    why="gongkai-bundle build failed after $(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$WORK/build-$s.time") with peak $(fmt_int $(( $(field 'Maximum resident set size (kbytes)' "$WORK/build-$s.time") / 1024 ))) MB (limit $MEM; $(grep -m1 -o 'terminated by signal [0-9]*' "$WORK/build-$s.time" || echo 'exit status '"$(field 'Exit status' "$WORK/build-$s.time")")): $err"
    failrow "$s" "$why"
    rm -rf "$dir"
    [ "$s" != national ] || [ -n "${BENCH_SCALE_KEEP:-}" ] || rm -rf "$src"
    continue
  fi
  wall=$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$WORK/build-$s.time")
  rss=$(( $(field 'Maximum resident set size (kbytes)' "$WORK/build-$s.time") / 1024 ))
  echo "rebuild after one catalog file changed …" >&2
  # (listed first: a pipe into awk's early exit would end the script under pipefail)
  csvs=$(find "$src/catalogs" -mindepth 2 -maxdepth 2 -name '*.csv' ! -name '调整说明.csv' | LC_ALL=C sort)
  changed=$(awk -F/ '$(NF-1) ~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/ && $(NF-1) !~ /00$/ { print; exit }' <<<"$csvs")
  [ -n "$changed" ] || changed=$(sed -n 1p <<<"$csvs")
  cp -p "$changed" "$WORK/rebuild-original.csv"
  # Three rebuilds, each after another change of that cell (a county edits its file again): the
  # median, with the range (a rebuild of a few seconds varies by some tenths from run to run).
  times=(); rebuild=; memo_taken=1
  for run in 1 2 3; do
    cp -p "$WORK/rebuild-original.csv" "$changed"
    python3 - "$changed" "$run" <<'PY'
import csv, io, sys
path, run = sys.argv[1], sys.argv[2]
rows = list(csv.reader(io.StringIO(open(path, encoding='utf-8-sig').read())))
header = next(i for i, r in enumerate(rows) if any('公开时限' in c for c in r))
col = next(i for i, c in enumerate(rows[header]) if '公开时限' in c)
row = next(r for r in rows[header + 1:] if len(r) > col and r[col].strip())
row[col] = row[col] + '（调整' + run + '）'
out = io.StringIO()
csv.writer(out, lineterminator='\n').writerows(rows)
open(path, 'w', encoding='utf-8').write(out.getvalue())
PY
    # The full build's output (8 GB at national scale) written back to disk first, as it is long before a
    # county's next change: otherwise the kernel's writeback shares the rebuild's two cores.
    sync
    if /usr/bin/time -v -o "$WORK/rebuild-$s.time" "$BIN" build --memo "$WORK/memo-$s.json" "$src" "$dir/data" >"$WORK/rebuild-$s.log" 2>&1; then
      times+=("$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$WORK/rebuild-$s.time" | awk -F: '{ printf "%.2f", $(NF-1) * 60 + $NF }')")
      grep -q 'entries as last built' "$WORK/rebuild-$s.log" || memo_taken=
    else
      note "the rebuild after ${changed#"$src/"} changed failed: $(tail -1 "$WORK/rebuild-$s.log")"; rebuild="— $MARK"
      break
    fi
  done
  if [ -z "$rebuild" ]; then
    rebuild=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f s (%.2f–%.2f)", t[2], t[1], t[3] }')
    [ -z "$memo_taken" ] || rebuild="$rebuild (memo)"
  fi
  cp -p "$WORK/rebuild-original.csv" "$changed"
  rm -rf "$WORK/memo-$s.json" "$WORK/memo-$s.json.reads"
  # "built: 262 places, 15 catalogs (5927 items), 11581 entries; …" → places and entries
  summary=$(grep -v '^\s*$' "$WORK/build-$s.log" | tail -1 | sed -n 's/.*built: \([0-9]*\) places, .* \([0-9]*\) entries;.*/\1 \2/p')
  [ -n "$summary" ] && summary="$(fmt_int "${summary% *}") places, $(fmt_int "${summary#* }") entries"
  "$BIN" first-screen "$dir/data" "$dir/index.html"
  out_mb=$(du -sm "$dir/data" | cut -f1)
  out_files=$(find "$dir/data" -type f | wc -l)
  manifest_gz=$(gzip -9c "$dir/data/manifest.json" | wc -c)
  chmod -R a+rX "$dir"

  town=$(cd "$E2E" && node bench-scale.mjs township "$dir/data")
  echo "first load (township $town) …" >&2
  app=$WORK/app-$s.txt
  # bench-app.mjs exits 1 when a transfer is over its budget: the figures are what we want.
  (cd "$E2E" && BENCH_PLACE=$town node bench-app.mjs "$BASE/$s/" >"$app" 2>&1) || true
  totals=$(awk '$1 == "total" { print $4 }' "$app")
  home_gz=$(sed -n 1p <<<"$totals"); town_gz=$(sed -n 2p <<<"$totals")
  [ -n "$home_gz" ] || { note "bench-app.mjs printed no home-screen total (see $app)"; home_gz="— $MARK"; }
  [ -n "$town_gz" ] || { note "bench-app.mjs printed no township total (see $app)"; town_gz="— $MARK"; }
  tree=$(sed -n 's/.*domain tree shown \([0-9]*\) ms.*/\1/p' "$app" | head -1)
  if [ -n "$tree" ]; then tree=$(awk -v ms="$tree" 'BEGIN { printf "%.2f s", ms / 1000 }'); else note "no domain tree within 60 s on slow 4G (see $app)"; tree="— $MARK"; fi
  lh() { grep "^lighthouse $1:" "$app" | head -1; }
  lh_home=$(lh home); lh_town=$(lh "?place=$town")
  home_lcp=$(sed -n 's/.*LCP \([^,]*\),.*/\1/p' <<<"$lh_home")
  [ -n "$home_lcp" ] || { note "Lighthouse did not report the home screen (${lh_home:-no output})"; home_lcp="— $MARK"; }
  score() { sed -n 's/.*performance \([0-9]*\), accessibility \([0-9]*\),.*/\1\/\2/p' <<<"$1"; }
  lh_cell="$(score "$lh_home") · $(score "$lh_town")"
  [ "$lh_cell" != " · " ] || { note "Lighthouse gave no scores (see $app)"; lh_cell="— $MARK"; }

  echo "search …" >&2
  sj=$WORK/search-$s.json
  if (cd "$E2E" && node bench-scale.mjs search "$BASE/$s/" "$dir/data" >"$sj" 2>"$WORK/search-$s.log"); then
    get() { node -e "const j = JSON.parse(require('fs').readFileSync('$sj', 'utf8')); console.log($1)"; }
    first="$(get "((j.first_data_gz + j.first_code_gz) / 1024).toFixed(1)") ($(get "(j.first_data_gz / 1024).toFixed(1)") + $(get "(j.first_code_gz / 1024).toFixed(1)") code)"
    p95="$(get "j.p95_ms.toFixed(1)")"
    [ "$(get j.timeouts)" = 0 ] || { note "$(get j.timeouts) of $(get "j.keystrokes + j.timeouts") keystrokes showed no results within 15 s and are not counted"; p95="$p95 $MARK"; }
    recall="$(get "j.recall10.toFixed(3)")"
    [ "$(get "j.queries_judged === j.queries")" = true ] || { note "$(get "j.queries - j.queries_judged") of $(get j.queries) queries have no relevant record in this bundle and are not judged"; recall="$recall $MARK"; }
  else
    note "the search benchmark failed: $(tail -1 "$WORK/search-$s.log")"; first="— $MARK"; p95="— $MARK"; recall="— $MARK"
  fi

  rows+=("| $s | $summary | $wall | $(fmt_int "$rss") MB | $rebuild | $(fmt_int "$out_mb") MB, $(fmt_int "$out_files") files | $(kb "$manifest_gz") | $home_gz | $home_lcp | $town | $town_gz | $tree | $first | $p95 | $recall | $lh_cell |")
  if [ "$s" = national ] && [ -z "${BENCH_SCALE_KEEP:-}" ]; then rm -rf "$src" "$dir"; fi
  rm -rf "$dir"
done

echo
echo "scripts/bench-scale.sh ${scales[*]} — $(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/^Mem/ { print $2 }') GB RAM"
echo
echo "| scale | places, entries | build wall | build peak RSS | rebuild, one catalog file changed | output | manifest.json gzip kB | home gzip kB | home LCP (Lighthouse mobile) | township | township gzip kB | township tree, slow 4G 4× CPU | first search gzip kB (data + code) | p95 ms per keystroke | recall@10 | Lighthouse perf/a11y home · township |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
if [ ${#notes[@]} -gt 0 ]; then
  echo
  for i in "${!notes[@]}"; do echo "[$((i + 1))] ${notes[$i]}"; done
fi
