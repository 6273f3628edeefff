//! From longitude/latitude to small SVG path data: a local plane, a fitted view box, simplification,
//! integer quantisation that keeps polygons valid, and relative path encoding.

use geo::{
    Area, BooleanOps, BoundingRect, Coord, LineString, MapCoords, MultiLineString, MultiPolygon, Polygon, Rect,
    Simplify, SimplifyVwPreserve, Validation,
};

/// An equirectangular plane for one city: x = lon·cos(lat₀), y = −lat (so y grows southwards, like SVG).
/// Distortion over a city (≈2°) is under 2 %, far below what a schematic of townships can show.
#[derive(Debug, Clone, Copy)]
pub struct Plane {
    pub kx: f64,
}

impl Plane {
    pub fn at_latitude(lat0: f64) -> Plane {
        Plane { kx: lat0.to_radians().cos() }
    }

    pub fn project(&self, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        mp.map_coords(|c| Coord { x: c.x * self.kx, y: -c.y })
    }
}

/// Maps a rectangle of the plane onto a view box `width` units wide (height to scale), origin at 0.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    min: Coord<f64>,
    scale: f64,
    pub width: f64,
    pub height: f64,
}

impl Frame {
    pub fn fit(bounds: Rect<f64>, width: f64) -> Frame {
        let w = bounds.width().max(1e-12);
        let scale = width / w;
        let height = (bounds.height() * scale).max(1.0).ceil();
        Frame { min: bounds.min(), scale, width, height }
    }

    pub fn apply(&self, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        mp.map_coords(|c| self.apply_coord(c))
    }

    pub fn apply_coord(&self, c: Coord<f64>) -> Coord<f64> {
        Coord { x: (c.x - self.min.x) * self.scale, y: (c.y - self.min.y) * self.scale }
    }

    /// The SVG viewBox with a margin for strokes.
    pub fn view_box(&self, margin: i32) -> [i32; 4] {
        [-margin, -margin, self.width.ceil() as i32 + 2 * margin, self.height as i32 + 2 * margin]
    }
}

/// How far (in view units) a point may lie from the line of its neighbours and still be dropped
/// before the topology-preserving pass of [`simplify`]: a tenth of the unit every point is rounded to.
pub const PRE_SIMPLIFY_UNITS: f64 = 0.1;

/// Visvalingam–Whyatt with the topology-preserving variant (no ring crosses itself), in view units²;
/// parts and holes smaller than `epsilon` vanish but never the largest part.
///
/// Each ring is simplified on its own: geo's preserving variant, given a polygon with holes, can cut
/// away a third of the outline (陕西's two enclaves did, at the national map's scale). A hole that then
/// crosses its outline is re-noded by [`quantise`].
///
/// The preserving variant checks every removal against a spatial index of the ring, which made it
/// most of a national build's map time on source outlines of thousands of points per view unit. A
/// plain Douglas–Peucker pass at [`PRE_SIMPLIFY_UNITS`] first drops the points that lie within a
/// fraction of a unit of their neighbours' line, which rounding to whole units would merge anyway.
pub fn simplify(mp: &MultiPolygon<f64>, epsilon: f64) -> MultiPolygon<f64> {
    let largest = mp.0.iter().map(|p| p.unsigned_area()).fold(0.0, f64::max);
    let ring = |r: &LineString<f64>| {
        let thinned = r.simplify(PRE_SIMPLIFY_UNITS);
        let r = if thinned.0.len() >= 4 { &thinned } else { r };
        let whole = Polygon::new(r.clone(), vec![]);
        let s = whole.simplify_vw_preserve(epsilon);
        if s.exterior().0.len() >= 4 && s.unsigned_area() > 0.0 {
            s.exterior().clone()
        } else {
            r.clone()
        }
    };
    let polys: Vec<Polygon<f64>> = mp
        .0
        .iter()
        .filter(|p| p.unsigned_area() >= epsilon.min(largest))
        .map(|p| {
            let holes = p
                .interiors()
                .iter()
                .filter(|h| Polygon::new((*h).clone(), vec![]).unsigned_area() >= epsilon)
                .map(ring)
                .collect();
            Polygon::new(ring(p.exterior()), holes)
        })
        .collect();
    MultiPolygon::new(polys)
}

/// Rounds to integer view units and cleans what rounding breaks: repeated points, spikes, collinear
/// points, collapsed rings. If the result is still invalid (a narrow neck crossing itself), the
/// polygons are re-noded by a boolean union and rounded again. Never returns an empty geometry for a
/// non-empty input with an area of at least one unit: a collapsed shape becomes a one-unit square at
/// its position.
pub fn quantise(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let mut out = round_clean(mp);
    for _ in 0..3 {
        if out.is_valid() {
            break;
        }
        let renoded = out.union(&MultiPolygon::<f64>::new(vec![]));
        out = round_clean(&renoded);
    }
    if out.0.is_empty() {
        if let Some(r) = mp.bounding_rect() {
            let c = r.center();
            let (x, y) = (c.x.round(), c.y.round());
            out = MultiPolygon::new(vec![
                Rect::new(Coord { x, y }, Coord { x: x + 1.0, y: y + 1.0 }).to_polygon()
            ]);
        }
    }
    out
}

fn round_clean(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let polys =
        mp.0.iter()
            .filter_map(|p| {
                let ext = clean_ring(p.exterior())?;
                let ints = p.interiors().iter().filter_map(clean_ring).collect();
                Some(Polygon::new(ext, ints))
            })
            .collect();
    MultiPolygon::new(polys)
}

fn clean_ring(ring: &LineString<f64>) -> Option<LineString<f64>> {
    let mut pts: Vec<Coord<f64>> = ring.0.iter().map(|c| Coord { x: c.x.round(), y: c.y.round() }).collect();
    // Open the ring; it is closed again at the end.
    while pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    loop {
        let n = pts.len();
        if n < 3 {
            return None;
        }
        let mut keep = Vec::with_capacity(n);
        let mut changed = false;
        for i in 0..n {
            let prev = if let Some(&k) = keep.last() { k } else { pts[(i + n - 1) % n] };
            let cur = pts[i];
            let next = pts[(i + 1) % n];
            let cross = (cur.x - prev.x) * (next.y - cur.y) - (cur.y - prev.y) * (next.x - cur.x);
            // Drops duplicates, spikes (prev == next) and collinear points alike.
            if cur == prev || cross == 0.0 {
                changed = true;
                continue;
            }
            keep.push(cur);
        }
        pts = keep;
        if !changed {
            break;
        }
    }
    if pts.len() < 3 {
        return None;
    }
    let ls = LineString::new(pts);
    let mut closed = ls.clone();
    closed.close();
    if Polygon::new(closed.clone(), vec![]).unsigned_area() < 0.5 {
        return None;
    }
    Some(closed)
}

/// SVG path data: an absolute move to each ring's first point, relative lines after it, `z` to close.
/// Holes are rings like any other; draw with `fill-rule="evenodd"`.
pub fn svg_path(mp: &MultiPolygon<f64>) -> String {
    let mut d = String::new();
    for p in &mp.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            let pts = &ring.0[..ring.0.len().saturating_sub(1)];
            let Some(first) = pts.first() else { continue };
            d.push('M');
            push_pair(&mut d, first.x, first.y, true);
            let mut last = *first;
            if pts.len() > 1 {
                d.push('l');
                for (i, c) in pts[1..].iter().enumerate() {
                    push_pair(&mut d, c.x - last.x, c.y - last.y, i == 0);
                    last = *c;
                }
            }
            d.push('z');
        }
    }
    d
}

/// `mp` with every polygon smaller than `size` across (its box's longer side) drawn as an octagon
/// `size` across at its box's centre, merged with what they overlap: islets that would be lost at a
/// map's scale stay visible. Larger polygons are kept as they are.
pub fn at_least(mp: &MultiPolygon<f64>, size: f64) -> MultiPolygon<f64> {
    let (mut kept, mut dots) = (Vec::new(), Vec::new());
    for p in &mp.0 {
        match p.bounding_rect() {
            Some(b) if b.width().max(b.height()) < size => {
                let (c, r) = (b.center(), size / 2.0);
                let ring: Vec<Coord<f64>> = (0..8)
                    .map(|i| {
                        let a = std::f64::consts::PI * (2 * i + 1) as f64 / 8.0;
                        Coord { x: c.x + r * a.cos(), y: c.y + r * a.sin() }
                    })
                    .collect();
                dots.push(Polygon::new(LineString::new(ring), vec![]));
            }
            _ => kept.push(p.clone()),
        }
    }
    if dots.is_empty() {
        return mp.clone();
    }
    // With the kept ones too: a dot over a coast drawn with the even-odd rule would be a hole. One
    // winding for all (the union reads the first ring's; the plane's y flip reverses the outlines').
    use geo::orient::{Direction, Orient};
    let all: Vec<Polygon<f64>> = kept.into_iter().chain(dots).map(|p| p.orient(Direction::Default)).collect();
    geo::unary_union(&all)
}

/// SVG path data of open lines (no `z`), as [`svg_path`] writes rings; points that round to the one
/// before them are left out.
pub fn svg_lines(lines: &MultiLineString<f64>) -> String {
    let mut d = String::new();
    for line in &lines.0 {
        let pts: Vec<(i64, i64)> = line.0.iter().map(|c| (c.x.round() as i64, c.y.round() as i64)).collect();
        let Some(&first) = pts.first() else { continue };
        d.push('M');
        push_pair(&mut d, first.0 as f64, first.1 as f64, true);
        let mut last = first;
        let mut started = false;
        for &p in &pts[1..] {
            if p == last {
                continue;
            }
            if !started {
                d.push('l');
            }
            push_pair(&mut d, (p.0 - last.0) as f64, (p.1 - last.1) as f64, !started);
            started = true;
            last = p;
        }
        if !started {
            // A line shorter than a unit: a dot of one unit, still drawn.
            d.push_str("h1");
        }
    }
    d
}

fn push_pair(d: &mut String, x: f64, y: f64, first: bool) {
    push_num(d, x, first);
    push_num(d, y, false);
}

fn push_num(d: &mut String, v: f64, first: bool) {
    let v = v.round() as i64;
    if !first && v >= 0 {
        d.push(' ');
    }
    d.push_str(&v.to_string());
}

/// The point inside a shape farthest from its edges (pole of inaccessibility), found on a grid and
/// refined around the best cell: where a label sits most comfortably. Falls back to the largest part's
/// bounding-box centre for degenerate input.
pub fn label_point(mp: &MultiPolygon<f64>) -> Coord<f64> {
    use geo::Contains;
    let Some(poly) = mp.0.iter().max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area())) else {
        return Coord { x: 0.0, y: 0.0 };
    };
    let Some(bb) = poly.bounding_rect() else { return Coord { x: 0.0, y: 0.0 } };
    let mut best = (bb.center(), f64::NEG_INFINITY);
    let mut search = bb;
    for _ in 0..3 {
        let steps = 16;
        let (dx, dy) = (search.width() / steps as f64, search.height() / steps as f64);
        for i in 0..=steps {
            for j in 0..=steps {
                let c = Coord { x: search.min().x + dx * i as f64, y: search.min().y + dy * j as f64 };
                if !poly.contains(&geo::Point(c)) {
                    continue;
                }
                let dist = edge_distance(poly, c);
                if dist > best.1 {
                    best = (c, dist);
                }
            }
        }
        let c = best.0;
        search = Rect::new(
            Coord { x: c.x - dx * 1.5, y: c.y - dy * 1.5 },
            Coord { x: c.x + dx * 1.5, y: c.y + dy * 1.5 },
        );
    }
    if best.1 == f64::NEG_INFINITY {
        use geo::InteriorPoint;
        return poly.interior_point().map(|p| p.0).unwrap_or(bb.center());
    }
    best.0
}

fn edge_distance(poly: &Polygon<f64>, c: Coord<f64>) -> f64 {
    let mut best = f64::INFINITY;
    for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
        for l in ring.lines() {
            let (a, b) = (l.start, l.end);
            let (vx, vy) = (b.x - a.x, b.y - a.y);
            let len2 = vx * vx + vy * vy;
            let t = if len2 == 0.0 {
                0.0
            } else {
                (((c.x - a.x) * vx + (c.y - a.y) * vy) / len2).clamp(0.0, 1.0)
            };
            let (px, py) = (a.x + t * vx - c.x, a.y + t * vy - c.y);
            best = best.min((px * px + py * py).sqrt());
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn path_data_is_relative_and_compact() {
        let mp = MultiPolygon::new(vec![polygon![(x: 10., y: 10.), (x: 20., y: 10.), (x: 20., y: 5.)]]);
        assert_eq!(svg_path(&mp), "M10 10l10 0 0-5z");
    }

    #[test]
    fn a_sliver_thinner_than_a_unit_collapses_without_panicking() {
        let mp = MultiPolygon::new(vec![polygon![(x: 0., y: 0.), (x: 100., y: 0.2), (x: 0., y: 0.3)]]);
        let q = quantise(&mp);
        assert!(!q.0.is_empty());
        assert!(q.is_valid());
    }

    #[test]
    fn islets_smaller_than_a_dot_are_drawn_as_one_merged_with_what_they_touch() {
        // A coast (clockwise, as the plane's y flip leaves the outlines), an islet off it and one far.
        let coast = polygon![(x: 0., y: 0.), (x: 0., y: 10.), (x: 10., y: 10.), (x: 10., y: 0.)];
        let near = polygon![(x: 10.2, y: 5.), (x: 10.3, y: 5.), (x: 10.3, y: 5.1)];
        let far = polygon![(x: 30., y: 5.), (x: 30.1, y: 5.), (x: 30.1, y: 5.1)];
        let out = at_least(&MultiPolygon::new(vec![coast.clone(), near, far]), 2.0);
        // The coast with the near islet's dot on it (no hole where they overlap), and the far one's.
        assert_eq!(out.0.len(), 2, "{out:?}");
        assert!(out.0.iter().any(|p| p.unsigned_area() > 100.5 && p.interiors().is_empty()));
        let dot = out.0.iter().find(|p| p.unsigned_area() < 100.0).unwrap();
        let b = dot.bounding_rect().unwrap();
        assert!((b.width() - 2.0 * (std::f64::consts::PI / 8.0).cos()).abs() < 1e-6 && b.center().x > 29.0, "{b:?}");
        // Nothing smaller than the dot: unchanged.
        assert_eq!(at_least(&MultiPolygon::new(vec![coast.clone()]), 2.0), MultiPolygon::new(vec![coast]));
    }
}
