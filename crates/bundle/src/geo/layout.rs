//! The schematic layout (示意图): one cell per township inside its county's real outline, when no
//! township boundaries exist.
//!
//! Recursive area bisection: the list of townships is halved, the region is cut across its longer
//! side where the area on the near side equals the first half's share of the weights, and each side
//! is laid out again with its half. Cells therefore tile the region exactly (neighbours share their
//! cut lines), never overlap, and get areas proportional to their weights. The order of the list
//! decides where a township lands: [`order_for_layout`] puts 街道 (urban streets) in the middle of the
//! list, so that they meet along the first cut, near the centre of the county.

use geo::{Area, BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};

/// Weight of a township in the layout: streets are small and urban, towns and xiang large and rural.
pub fn weight(name: &str) -> f64 {
    if name.ends_with("街道") {
        1.0
    } else if name.ends_with('镇') || name.ends_with('乡') {
        2.0
    } else {
        1.0
    }
}

/// Indexes of `names` in layout order: half of the towns, then the streets, then the other towns, each
/// group in register order.
pub fn order_for_layout(names: &[&str]) -> Vec<usize> {
    let streets: Vec<usize> = (0..names.len()).filter(|&i| names[i].ends_with("街道")).collect();
    let others: Vec<usize> = (0..names.len()).filter(|&i| !names[i].ends_with("街道")).collect();
    let half = others.len() / 2;
    others[..half].iter().chain(&streets).chain(&others[half..]).copied().collect()
}

/// Splits `region` into `weights.len()` cells with areas proportional to the weights, in order.
pub fn bisect(region: &MultiPolygon<f64>, weights: &[f64]) -> Vec<MultiPolygon<f64>> {
    let mut out = Vec::with_capacity(weights.len());
    split(region, weights, &mut out);
    out
}

fn split(region: &MultiPolygon<f64>, weights: &[f64], out: &mut Vec<MultiPolygon<f64>>) {
    match weights.len() {
        0 => return,
        1 => {
            out.push(region.clone());
            return;
        }
        _ => {}
    }
    let k = weights.len() / 2;
    let total: f64 = weights.iter().sum();
    let share =
        if total > 0.0 { weights[..k].iter().sum::<f64>() / total } else { k as f64 / weights.len() as f64 };
    let Some(bb) = region.bounding_rect() else {
        out.extend(std::iter::repeat_n(MultiPolygon::new(vec![]), weights.len()));
        return;
    };
    let vertical_cut = bb.width() >= bb.height(); // cut across the longer side
    let (lo, hi) = if vertical_cut { (bb.min().x, bb.max().x) } else { (bb.min().y, bb.max().y) };
    let area = region.unsigned_area();
    let (mut a, mut b) = (lo, hi);
    for _ in 0..48 {
        let mid = 0.5 * (a + b);
        if area_below(region, vertical_cut, mid) < share * area {
            a = mid;
        } else {
            b = mid;
        }
    }
    let cut = 0.5 * (a + b);
    let pad = 1.0 + bb.width().max(bb.height());
    let (near, far) = if vertical_cut {
        (
            Rect::new(Coord { x: lo - pad, y: bb.min().y - pad }, Coord { x: cut, y: bb.max().y + pad }),
            Rect::new(Coord { x: cut, y: bb.min().y - pad }, Coord { x: hi + pad, y: bb.max().y + pad }),
        )
    } else {
        (
            Rect::new(Coord { x: bb.min().x - pad, y: lo - pad }, Coord { x: bb.max().x + pad, y: cut }),
            Rect::new(Coord { x: bb.min().x - pad, y: cut }, Coord { x: bb.max().x + pad, y: hi + pad }),
        )
    };
    let near = region.intersection(&near.to_polygon());
    let far = region.intersection(&far.to_polygon());
    split(&near, &weights[..k], out);
    split(&far, &weights[k..], out);
}

/// Area of the part of `region` below `cut` (x < cut, or y < cut): each ring clipped against the
/// half-plane (Sutherland–Hodgman). For a concave ring the clipped ring may run back along the cut
/// line, but such doubled edges enclose no area, so the shoelace area is exact.
fn area_below(region: &MultiPolygon<f64>, vertical_cut: bool, cut: f64) -> f64 {
    let ring_area = |ring: &LineString<f64>| {
        let clipped = clip_ring(ring, vertical_cut, cut);
        Polygon::new(LineString::new(clipped), vec![]).unsigned_area()
    };
    region.0.iter().map(|p| ring_area(p.exterior()) - p.interiors().iter().map(ring_area).sum::<f64>()).sum()
}

fn clip_ring(ring: &LineString<f64>, vertical_cut: bool, cut: f64) -> Vec<Coord<f64>> {
    let key = |c: &Coord<f64>| if vertical_cut { c.x } else { c.y };
    let pts = &ring.0;
    let mut out = Vec::with_capacity(pts.len());
    for w in pts.windows(2) {
        let (p, q) = (w[0], w[1]);
        let (pin, qin) = (key(&p) < cut, key(&q) < cut);
        if pin {
            out.push(p);
        }
        if pin != qin {
            let t = (cut - key(&p)) / (key(&q) - key(&p));
            out.push(Coord { x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y) });
        }
    }
    if out.len() < 3 {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn a_square_is_cut_into_cells_of_the_weighted_areas() {
        let sq = MultiPolygon::new(vec![
            polygon![(x: 0., y: 0.), (x: 100., y: 0.), (x: 100., y: 100.), (x: 0., y: 100.)],
        ]);
        let cells = bisect(&sq, &[1.0, 1.0, 2.0]);
        assert_eq!(cells.len(), 3);
        let areas: Vec<f64> = cells.iter().map(|c| c.unsigned_area()).collect();
        assert!((areas[0] - 2500.0).abs() < 1.0, "{areas:?}");
        assert!((areas[2] - 5000.0).abs() < 1.0, "{areas:?}");
    }

    #[test]
    fn streets_go_to_the_middle_of_the_order() {
        let names = ["甲镇", "乙街道", "丙乡", "丁街道", "戊镇"];
        let order = order_for_layout(&names);
        assert_eq!(order, vec![0, 1, 3, 2, 4]);
    }
}
