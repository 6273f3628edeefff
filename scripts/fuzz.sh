#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets/) for a set time, seeded from the committed corpus
# fuzz/seeds/<target>/ (real-shaped inputs). The growing corpus goes to fuzz/corpus/<target>/ and any
# crash, hang or memory blow-up to fuzz/artifacts/<target>/ (both ignored by git).
#
#   scripts/fuzz.sh                       every target, 600 s each
#   scripts/fuzz.sh 60                    every target, 60 s each
#   scripts/fuzz.sh 300 read_csv time_limit
#
# cargo-fuzz needs nightly compiler flags (-Zsanitizer=address); this machine has only the stable
# toolchain, so the script sets RUSTC_BOOTSTRAP=1, which lets stable rustc accept them. All targets are
# built once, then each binary runs directly, so edits made meanwhile do not trigger rebuilds.
# Exit code 1 if any target found a failure; the reproduce command is printed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds="${1:-600}"
case "$seconds" in ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [seconds-per-target] [target ...]" >&2; exit 2;; esac
shift || true

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "[fuzz] installing cargo-fuzz (a few minutes, once)" >&2
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi

echo "[fuzz] building the fuzz targets" >&2
if ! cargo fuzz build -O; then
  echo "[fuzz] the build failed; running what was built before, if anything" >&2
fi
bin_dir="fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release"

# Per-target libFuzzer options: inputs are catalogs and bundle files, so allow them to be large enough
# to mean something; anything slower than 30 s per input (on a machine shared with builds) is a hang and counts as a failure.
max_len() {
  case "$1" in
    read_xlsx) echo 262144 ;;
    read_csv|bundle_decode) echo 65536 ;;
    *) echo 4096 ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  if [ ! -x "$bin_dir/$t" ]; then
    echo "[fuzz] $t did not build; see: RUSTC_BOOTSTRAP=1 cargo fuzz build -O $t" >&2
    status=1
    continue
  fi
  mkdir -p "fuzz/corpus/$t" "fuzz/seeds/$t" "fuzz/artifacts/$t"
  args=(-artifact_prefix="fuzz/artifacts/$t/" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048
        -max_len="$(max_len "$t")" -print_final_stats=1)
  [ -f "fuzz/dict/$t.dict" ] && args+=(-dict="fuzz/dict/$t.dict")
  echo "[fuzz] $t for ${seconds}s" >&2
  start=$(date +%s)
  if ! "$bin_dir/$t" "${args[@]}" "fuzz/corpus/$t" "fuzz/seeds/$t"; then
    echo "[fuzz] $t FOUND A FAILURE: see fuzz/artifacts/$t/ (reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run -O $t <file>)" >&2
    status=1
  fi
  echo "[fuzz] $t ran $(( $(date +%s) - start ))s" >&2
done
exit $status
