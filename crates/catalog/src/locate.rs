//! 用我的位置: which county a phone is in, decided on the phone. The app reads the browser's position
//! (WGS-84), shifts it into GCJ-02 — the system AMap's outlines, and so the bundle's, are drawn in —
//! and tests it against the simplified county outlines of the locate files ([`LocateIndex`],
//! [`LocateOutlines`]). The position is never sent anywhere.
//!
//! Coordinates in the locate files are integers in [`UNITS_PER_DEGREE`] (1e-5° ≈ 1 m), rings
//! delta-encoded (`x0, y0, dx1, dy1, …`), so the files hold no floating-point numbers and stay small.

use crate::bundle::{LocateCity, LocateIndex, LocateOutlines};

/// Locate-file units per degree of longitude or latitude.
pub const UNITS_PER_DEGREE: f64 = 100_000.0;

/// A longitude/latitude in degrees as locate-file units, `[x, y]`.
pub fn to_units(lon: f64, lat: f64) -> [i32; 2] {
    [(lon * UNITS_PER_DEGREE).round() as i32, (lat * UNITS_PER_DEGREE).round() as i32]
}

/// Whether GCJ-02 shifts this point: the published algorithm applies only inside this box around China.
pub fn in_china_box(lon: f64, lat: f64) -> bool {
    (72.004..=137.8347).contains(&lon) && (0.8293..=55.8271).contains(&lat)
}

/// WGS-84 (what `navigator.geolocation` gives) → GCJ-02 (what AMap's outlines use), by the published
/// algorithm (Krasovsky 1940 ellipsoid). The shift is a few hundred metres: enough to put a phone near
/// a border in the wrong county. Outside China's box the point is returned unchanged.
pub fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    if !in_china_box(lon, lat) {
        return (lon, lat);
    }
    const A: f64 = 6_378_245.0;
    const EE: f64 = 0.006_693_421_622_965_943;
    use std::f64::consts::PI;
    let (x, y) = (lon - 105.0, lat - 35.0);
    let common = (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    let d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt()
        + common
        + (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0
        + (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt()
        + common
        + (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0
        + (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = d_lat * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lon = d_lon * 180.0 / (A / sqrt_magic * rad.cos() * PI);
    (lon + d_lon, lat + d_lat)
}

/// A ring's points as delta-encoded units (`x0, y0, dx1, dy1, …`), as the locate files store them.
pub fn encode_ring(points: &[[i32; 2]]) -> Vec<i32> {
    let mut out = Vec::with_capacity(points.len() * 2);
    let mut prev = [0, 0];
    for p in points {
        out.push(p[0] - prev[0]);
        out.push(p[1] - prev[1]);
        prev = *p;
    }
    out
}

/// The points of a delta-encoded ring (a trailing odd number is ignored).
pub fn decode_ring(ring: &[i32]) -> impl Iterator<Item = [i64; 2]> + '_ {
    ring.chunks_exact(2).scan([0i64, 0i64], |acc, d| {
        acc[0] += i64::from(d[0]);
        acc[1] += i64::from(d[1]);
        Some(*acc)
    })
}

/// Whether `p` lies inside `rings` (delta-encoded), by the even–odd rule: a point in a hole or in an
/// enclave of another county is outside. Closed or open rings both work.
pub fn point_in_rings(p: [i32; 2], rings: &[Vec<i32>]) -> bool {
    let (px, py) = (i64::from(p[0]), i64::from(p[1]));
    let mut inside = false;
    for ring in rings {
        let mut pts = decode_ring(ring);
        let Some(first) = pts.next() else { continue };
        let mut a = first;
        for b in pts.chain(std::iter::once(first)) {
            // Edge a→b crosses the horizontal line through p, to the right of p? Integer arithmetic:
            // compare px·(by−ay) with the crossing's x·(by−ay), minding the sign of by−ay.
            if (a[1] > py) != (b[1] > py) {
                let dy = b[1] - a[1];
                let lhs = (px - a[0]) * dy;
                let rhs = (b[0] - a[0]) * (py - a[1]);
                if (dy > 0 && lhs < rhs) || (dy < 0 && lhs > rhs) {
                    inside = !inside;
                }
            }
            a = b;
        }
    }
    inside
}

/// Whether `p` lies in the box `[min x, min y, max x, max y]`.
pub fn in_bbox(p: [i32; 2], b: &[i32; 4]) -> bool {
    b[0] <= p[0] && p[0] <= b[2] && b[1] <= p[1] && p[1] <= b[3]
}

impl LocateIndex {
    /// The cities whose box holds `p` (GCJ-02 units): the only locate files worth fetching.
    pub fn cities_at(&self, p: [i32; 2]) -> impl Iterator<Item = &LocateCity> {
        self.cities.iter().filter(move |c| in_bbox(p, &c.bbox))
    }
}

impl LocateOutlines {
    /// The code of the county whose outline holds `p` (GCJ-02 units), if any.
    pub fn county_at(&self, p: [i32; 2]) -> Option<&str> {
        self.counties
            .iter()
            .find(|c| in_bbox(p, &c.bbox) && point_in_rings(p, &c.rings))
            .map(|c| c.code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::LocateCounty;

    /// Reference conversions published with the widely used implementations (eviltransform's test
    /// table and coordtransform's example), WGS-84 → GCJ-02, as (lon, lat).
    #[test]
    fn wgs84_to_gcj02_matches_the_published_reference_points() {
        let table = [
            ("上海", (121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
            ("深圳", (113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
            ("北京", (116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
            ("北京（coordtransform）", (116.404, 39.915), (116.41024449916938, 39.91640428150164)),
        ];
        for (name, (lon, lat), (glon, glat)) in table {
            let (x, y) = wgs84_to_gcj02(lon, lat);
            assert!((x - glon).abs() < 1e-9 && (y - glat).abs() < 1e-9, "{name}: got ({x}, {y}), want ({glon}, {glat})");
        }
    }

    #[test]
    fn outside_china_the_point_is_not_shifted() {
        for (lon, lat) in [(0.0, 0.0), (2.3522, 48.8566), (-74.006, 40.7128), (139.69, 35.69)] {
            assert_eq!(wgs84_to_gcj02(lon, lat), (lon, lat));
        }
    }

    #[test]
    fn rings_survive_the_delta_encoding() {
        let pts = [[11_305_709, 2_822_309], [11_305_571, 2_822_840], [11_305_706, 2_823_070]];
        let enc = encode_ring(&pts);
        assert_eq!(enc, vec![11_305_709, 2_822_309, -138, 531, 135, 230]);
        let back: Vec<[i64; 2]> = decode_ring(&enc).collect();
        assert_eq!(back, pts.map(|p| [i64::from(p[0]), i64::from(p[1])]));
    }

    fn square(x0: i32, y0: i32, side: i32) -> Vec<i32> {
        encode_ring(&[[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side]])
    }

    #[test]
    fn point_in_rings_follows_the_even_odd_rule() {
        // A 100-unit square with a 20-unit hole, and a concave L-shape.
        let with_hole = vec![square(0, 0, 100), square(40, 40, 20)];
        let l_shape = vec![encode_ring(&[[0, 0], [100, 0], [100, 40], [40, 40], [40, 100], [0, 100]])];
        // (case, rings, point, inside)
        type Case<'a> = (&'a str, &'a [Vec<i32>], [i32; 2], bool);
        let table: [Case; 8] = [
            ("inside the square", &with_hole, [10, 10], true),
            ("in the hole", &with_hole, [50, 50], false),
            ("between hole and edge", &with_hole, [70, 50], true),
            ("left of the square", &with_hole, [-1, 50], false),
            ("above the square", &with_hole, [50, 101], false),
            ("in the L's foot", &l_shape, [80, 20], true),
            ("in the L's notch", &l_shape, [80, 80], false),
            ("in the L's stem", &l_shape, [20, 80], true),
        ];
        for (what, rings, p, want) in table {
            assert_eq!(point_in_rings(p, rings), want, "{what}: {p:?}");
        }
    }

    #[test]
    fn a_county_is_found_by_its_outline_not_its_box() {
        // Two counties whose boxes overlap: B's box covers A's notch, but only B's outline decides.
        let a = LocateCounty {
            code: "A".into(),
            bbox: [0, 0, 100, 100],
            rings: vec![encode_ring(&[[0, 0], [100, 0], [100, 40], [40, 40], [40, 100], [0, 100]])],
        };
        let b = LocateCounty { code: "B".into(), bbox: [40, 40, 100, 100], rings: vec![square(40, 40, 60)] };
        let outlines = LocateOutlines { format_version: crate::FORMAT_VERSION, city: "C".into(), counties: vec![a, b] };
        assert_eq!(outlines.county_at([80, 80]), Some("B"));
        assert_eq!(outlines.county_at([20, 80]), Some("A"));
        assert_eq!(outlines.county_at([200, 80]), None);
    }
}
