#!/usr/bin/env bash
# Installs what building and testing Gongkai needs, skipping whatever is already there, so that a
# fresh machine gets everything and a rerun takes seconds. Sourced by serve.sh and test.sh.
#   scripts/setup.sh            tools to build the app (wasm target, Trunk, wasm-split-cli,
#                               wasm-bindgen-cli, wasm-opt, zopfli) and the data generators' Python
#                               packages
#   scripts/setup.sh --browser  also Chromium and the browser-test npm packages
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

TRUNK_VERSION=0.21.14          # 0.22 needs a newer rustc than this machine's (toolchain.md)
BINARYEN_VERSION=132           # Debian's binaryen 108 breaks the wasm (toolchain.md)
WASM_SPLIT_VERSION=0.2.4       # splits the app into lazily loaded chunks (scripts/build-wasm.sh)
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly, or Trunk refuses it.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 15 minutes on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-split-cli has no --version: ask cargo what it installed.
if ! command -v wasm-split-cli >/dev/null || ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 3 minutes, once)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once)"
  # --locked fails for this version (a yanked entry in its lock file), see toolchain.md.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm packages: wasm-opt (binaryen) and esbuild for the build; Playwright and friends for the browser tests.
# tests/e2e/package-lock.json pins them all.
if [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ ! -x tests/e2e/node_modules/.bin/esbuild ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  say "installing npm packages (tests/e2e)"
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
if ! tests/e2e/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  echo "tests/e2e/node_modules/.bin/wasm-opt is not binaryen $BINARYEN_VERSION" >&2; exit 1
fi

# Python packages of the data generators, pinned (scripts/requirements.txt), into target/python so that
# no system Python is changed; scripts/check-data.sh puts that folder on PYTHONPATH.
if ! PYTHONPATH=target/python python3 -c "import openpyxl, sys; sys.exit(openpyxl.__version__ != '$(sed -n 's/^openpyxl==//p' scripts/requirements.txt)')" 2>/dev/null; then
  say "installing the data generators' Python packages (scripts/requirements.txt)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --target target/python --upgrade -r scripts/requirements.txt
fi

# zopfli: the release build's gzip twins of the app's files (scripts/build-wasm.sh, step 7).
if ! command -v zopfli >/dev/null; then
  say "installing Debian's zopfli (the app's files, compressed once at the highest level)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zopfli >/dev/null
fi
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# A Chinese font, as every phone has (Android's is Noto Sans CJK). Without one Chromium draws boxes and
# searches for a fallback font at every run of Chinese text: layout took two to three times as long as
# with the font (the app's first frame on a place: 300–420 ms instead of 85–140 ms at 4× CPU), which
# no citizen's phone does, and screenshots were unreadable.
if [ "${1:-}" = "--browser" ] && ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  say "installing Debian's fonts-noto-cjk (Chinese text as a phone draws it)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
fi
# nginx: tests/e2e/hosting.test.mjs serves the site with the configuration in docs/hosting.md.
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/sbin/nginx ]; then
  say "installing Debian's nginx-light (for the hosting test)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
