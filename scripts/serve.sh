#!/usr/bin/env bash
# Builds the default dataset (data/) and the explorer, then serves it at http://127.0.0.1:${PORT:-8080}/
# as plain static files — exactly what a county would upload to its host.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
export PATH="$root/tests/e2e/node_modules/.bin:$PATH"
trunk build --release
port="${PORT:-8080}"
echo "Gongkai is at http://127.0.0.1:$port/  (Ctrl-C stops it)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
