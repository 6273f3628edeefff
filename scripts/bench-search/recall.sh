#!/usr/bin/env bash
# Search recall, natively and in a few seconds: builds the default dataset (data/) in memory, runs every
# query of scripts/bench-search/queries.json through the search the app runs, and prints recall@10 (per
# kind of query too), the time per query and the misses. RECALL_VERBOSE=1 lists each miss's first ten
# results, relevant ones marked +. The browser benchmark (run.sh) measures the same recall end to end.
#   scripts/bench-search/recall.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec cargo test --release -p gongkai-bundle --test search_recall -- --ignored --nocapture
