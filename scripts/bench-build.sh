#!/bin/sh
# Measures the build step (gongkai-bundle build) on the default dataset (data/) and on a synthetic
# province of 1,000,000 entries: wall time, entry rows per second, peak memory, and output bytes raw
# and gzipped (total, manifest, largest file).
#
#   scripts/bench-build.sh                 # both
#   BENCH_ENTRIES=100000 scripts/bench-build.sh
#   BENCH_ONLY=synthetic scripts/bench-build.sh
#
# Targets (2-core machine): 1M entries in ≤ 60 s and ≤ 2 GB; default manifest ≤ 30 kB gzipped.
# Peak memory comes from /usr/bin/time -v (apt-get install -y time) when installed, else it is not shown.
set -eu
cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-/tmp/gongkai-bench}
ENTRIES=${BENCH_ENTRIES:-1000000}
ONLY=${BENCH_ONLY:-all}
mkdir -p "$WORK"

cargo build --release -p gongkai-bundle >&2
BIN=target/release/gongkai-bundle

# gzip -6 sizes: total of every file, the manifest, and the largest file.
sizes() {
    python3 - "$1" <<'PY'
import gzip, os, sys
root = sys.argv[1]
raw = gz = 0
largest = (0, 0, "")
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        b = open(p, "rb").read()
        z = len(gzip.compress(b, 6, mtime=0))
        raw += len(b); gz += z
        if len(b) > largest[0]:
            largest = (len(b), z, os.path.relpath(p, root))
        if f == "manifest.json":
            man = (len(b), z)
n = sum(len(fs) for _, _, fs in os.walk(root))
print(f"  files            {n}")
print(f"  bytes            {raw:,} raw, {gz:,} gzip")
print(f"  manifest.json    {man[0]:,} raw, {man[1]:,} gzip")
print(f"  largest file     {largest[2]}: {largest[0]:,} raw, {largest[1]:,} gzip")
PY
}

bench() {
    name=$1 src=$2 out="$WORK/out-$1" log="$WORK/$1.log"
    echo "== $name: $BIN build $src $out"
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v "$BIN" build "$src" "$out" 2>"$log" || { tail -20 "$log"; exit 1; }
    else
        "$BIN" build "$src" "$out" 2>"$log" || { tail -20 "$log"; exit 1; }
    fi
    end=$(date +%s.%N)
    summary=$(grep '^构建完成' "$log" || true)
    entries=$(echo "$summary" | sed -n 's/.*places, [0-9]* catalogs ([0-9]* items), \([0-9]*\) entries.*/\1/p')
    echo "  $summary" | sed 's/ \/ built/\n  built/'
    python3 -c "
s=$end-$start; e=int('${entries:-0}')
print(f'  wall time        {s:.2f} s')
print(f'  entry rows/s     {e/s:,.0f}' if e else '  entry rows/s     -')"
    if [ -x /usr/bin/time ]; then
        kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
        echo "  peak memory      $((kb / 1024)) MB (max RSS)"
        # Wall time depends on what else runs on the machine; CPU time is the build's own work.
        user=$(sed -n 's/.*User time (seconds): //p' "$log")
        sys=$(sed -n 's/.*System time (seconds): //p' "$log")
        cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$log")
        python3 -c "u=$user+$sys; e=int('${entries:-0}'); print(f'  cpu time         {u:.2f} s (user+sys; the job got $cpu of a core)'); print(f'  entry rows/cpu-s {e/u:,.0f}' if e else '')"
    fi
    sizes "$out"
}

if [ "$ONLY" != synthetic ]; then
    bench default data
fi
if [ "$ONLY" != default ]; then
    src="$WORK/synthetic-$ENTRIES"
    if [ ! -f "$src/places.csv" ]; then
        rm -rf "$src"
        # 10 cities × 10 counties × 15 townships: 1,610 places, about 620 entries per place.
        "$BIN" synth --seed 1 --cities 10 --counties-per-city 10 --townships-per-county 15 --entries "$ENTRIES" "$src" >&2
    fi
    bench "synthetic-$ENTRIES" "$src"
fi
