//! The map's zoom: a scale ≥ 1 and the centre of the visible part, in view-box units. Only the SVG's
//! viewBox changes; the URL keeps the zoom ([`MapZoom`]) so a shared link shows the same part.

/// Zoom state: scale ≥ 1 and the centre of the visible part, in view-box units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zoom {
    pub scale: f64,
    pub cx: f64,
    pub cy: f64,
}

pub const MAX_SCALE: f64 = 8.0;
/// One tap of + or −.
pub const STEP: f64 = 1.5;

impl Zoom {
    /// The whole map.
    pub fn base(vb: [i32; 4]) -> Zoom {
        Zoom { scale: 1.0, cx: vb[0] as f64 + vb[2] as f64 / 2.0, cy: vb[1] as f64 + vb[3] as f64 / 2.0 }
    }

    /// Within the map: scale 1–[`MAX_SCALE`], and the visible part inside the view box.
    pub fn clamp(self, vb: [i32; 4]) -> Zoom {
        let scale = if self.scale.is_finite() { within(self.scale, 1.0, MAX_SCALE) } else { 1.0 };
        // A view box of negative size (a damaged file) counts as empty: the clamp bounds must not cross.
        let (w, h) = (vb[2].max(0) as f64, vb[3].max(0) as f64);
        let (hw, hh) = (w / scale / 2.0, h / scale / 2.0);
        let (x0, y0) = (vb[0] as f64, vb[1] as f64);
        let base = Zoom::base(vb);
        let cx = if self.cx.is_finite() { self.cx } else { base.cx };
        let cy = if self.cy.is_finite() { self.cy } else { base.cy };
        Zoom { scale, cx: within(cx, x0 + hw, x0 + w - hw), cy: within(cy, y0 + hh, y0 + h - hh) }
    }

    /// Scaled by `factor` about the centre (the + and − buttons, a pinch).
    pub fn scaled(self, factor: f64, vb: [i32; 4]) -> Zoom {
        Zoom { scale: self.scale * factor, ..self }.clamp(vb)
    }

    /// Moved by a drag of `dx`, `dy` screen pixels, the drawing being `px_width` pixels wide.
    pub fn panned(self, dx: f64, dy: f64, px_width: f64, vb: [i32; 4]) -> Zoom {
        let k = self.px_per_unit(px_width, vb);
        Zoom { cx: self.cx - dx / k, cy: self.cy - dy / k, ..self }.clamp(vb)
    }

    /// Screen pixels per view-box unit at this scale.
    pub fn px_per_unit(self, px_width: f64, vb: [i32; 4]) -> f64 {
        px_width.max(1.0) / (vb[2].max(1) as f64 / self.scale)
    }

    /// The SVG `viewBox` attribute.
    pub fn view_box(self, vb: [i32; 4]) -> String {
        let (w, h) = (vb[2] as f64 / self.scale, vb[3] as f64 / self.scale);
        [self.cx - w / 2.0, self.cy - h / 2.0, w, h].map(|v| fixed(v, 1)).join(" ")
    }

    /// As the URL keeps it: `None` for the whole map.
    pub fn to_url(self) -> Option<MapZoom> {
        let scale = (self.scale * 100.0).round() as u32;
        (scale > 100).then(|| MapZoom { scale, cx: self.cx.round() as i32, cy: self.cy.round() as i32 })
    }

    /// From the URL, within this map.
    pub fn from_url(z: Option<MapZoom>, vb: [i32; 4]) -> Zoom {
        match z {
            Some(z) => Zoom { scale: z.scale as f64 / 100.0, cx: z.cx as f64, cy: z.cy as f64 }.clamp(vb),
            None => Zoom::base(vb),
        }
    }
}

/// Pointer travel (screen pixels) below which a press is a tap, not a drag.
pub const TAP_SLOP: f64 = 6.0;

/// The scale factor of a pinch: one pointer moved from `before` to `after` while the other stayed at
/// `other`. `None` when the pointers were on one spot.
pub fn pinch_factor(before: (f64, f64), after: (f64, f64), other: (f64, f64)) -> Option<f64> {
    let dist = |a: (f64, f64)| ((a.0 - other.0).powi(2) + (a.1 - other.1).powi(2)).sqrt();
    let (b, a) = (dist(before), dist(after));
    (b > 0.0).then(|| a / b)
}

/// The zoom as the URL keeps it (`zoom=2.25,1200,845`): the scale in hundredths, the centre in whole
/// view-box units — precise enough for the eye, and comparable, so the URL changes only when the view
/// does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapZoom {
    /// Hundredths: 101–800.
    pub scale: u32,
    pub cx: i32,
    pub cy: i32,
}

impl MapZoom {
    pub fn from_param(s: &str) -> Option<MapZoom> {
        let mut parts = s.split(',').map(str::trim);
        let scale = hundredths(parts.next()?)?;
        let cx: i32 = parts.next()?.parse().ok()?;
        let cy: i32 = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        let scale = scale.min(MAX_SCALE as u32 * 100);
        (scale > 100).then_some(MapZoom { scale, cx, cy })
    }

    pub fn to_param(&self) -> String {
        let whole = self.scale / 100;
        let frac = self.scale % 100;
        let scale = match frac {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        };
        format!("{scale},{},{}", self.cx, self.cy)
    }
}

/// `v` kept within `lo..=hi` (`lo ≤ hi`), like `f64::clamp`, whose assertion message formats floats
/// (see [`fixed`]).
fn within(v: f64, lo: f64, hi: f64) -> f64 {
    v.max(lo).min(hi)
}

/// `v` with `decimals` (at most 6) digits after the point, as `format!("{v:.decimals$}")` writes the
/// numbers a map uses (ties may round the other way; a non-finite or huge `v` is 0). By integer
/// formatting: the standard float formatting brings about 12 kB of tables and code into the wasm.
pub fn fixed(v: f64, decimals: u32) -> String {
    let unit = 10u64.pow(decimals.min(6));
    let scaled = (v * unit as f64).round();
    let n = if scaled.is_finite() && scaled.abs() < 1e15 { scaled as i64 } else { 0 };
    let (sign, n) = (if n < 0 { "-" } else { "" }, n.unsigned_abs());
    match decimals.min(6) {
        0 => format!("{sign}{n}"),
        d => format!("{sign}{}.{:0width$}", n / unit, n % unit, width = d as usize),
    }
}

/// A decimal like `2.25` in hundredths (225), rounded at the third decimal. Parsed by hand: the
/// standard float parser brings about 16 kB of tables and code into the main module.
fn hundredths(s: &str) -> Option<u32> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || whole.len() > 4 || frac.len() > 6 || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digit = |i: usize| frac.as_bytes().get(i).map_or(0, |b| u32::from(b - b'0'));
    let whole: u32 = whole.parse().ok()?;
    Some(whole * 100 + digit(0) * 10 + digit(1) + u32::from(digit(2) >= 5))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VB: [i32; 4] = [0, 0, 1000, 600];

    fn z(scale: f64, cx: f64, cy: f64) -> Zoom {
        Zoom { scale, cx, cy }
    }

    #[test]
    fn zoom_stays_inside_the_map() {
        let cases = [
            (z(1.0, 500.0, 300.0), z(1.0, 500.0, 300.0)),
            // Never smaller than the whole map, never past 8×.
            (z(0.5, 0.0, 0.0), z(1.0, 500.0, 300.0)),
            (z(20.0, 500.0, 300.0), z(8.0, 500.0, 300.0)),
            // At 2× the centre keeps a quarter of the map from each edge.
            (z(2.0, 0.0, 0.0), z(2.0, 250.0, 150.0)),
            (z(2.0, 990.0, 590.0), z(2.0, 750.0, 450.0)),
            (z(f64::NAN, f64::INFINITY, 1.0), z(1.0, 500.0, 300.0)),
        ];
        for (given, want) in cases {
            assert_eq!(given.clamp(VB), want, "{given:?}");
        }
        // A damaged view box never panics.
        for vb in [[0, 0, -100, -50], [0, 0, 0, 0], [10, 10, -1, 5]] {
            let z = Zoom::base(vb).scaled(3.0, vb).panned(50.0, 50.0, 360.0, vb);
            assert!(z.scale >= 1.0 && !z.view_box(vb).is_empty(), "{vb:?}");
        }
    }

    #[test]
    fn fixed_writes_what_the_float_formatting_writes() {
        let cases: [(f64, u32); 14] = [
            (0.0, 1), (1000.0, 1), (250.04, 1), (249.96, 1), (-12.34, 1), (-0.96, 1), (3.14259, 2),
            (26.666666, 2), (0.004, 2), (1234567.891, 2), (7.0, 0), (7.6, 0), (-7.6, 0), (0.1234567, 6),
        ];
        for (v, d) in cases {
            assert_eq!(fixed(v, d), format!("{v:.prec$}", prec = d as usize), "{v} to {d} places");
        }
        for v in [f64::NAN, f64::INFINITY, 1e300] {
            assert_eq!(fixed(v, 1), "0.0");
        }
    }

    #[test]
    fn buttons_drags_and_the_view_box() {
        let base = Zoom::base([100, 50, 1000, 600]);
        assert_eq!(base, z(1.0, 600.0, 350.0));
        assert_eq!(Zoom::base(VB).view_box(VB), "0.0 0.0 1000.0 600.0");
        let two = Zoom::base(VB).scaled(2.0, VB);
        assert_eq!(two.view_box(VB), "250.0 150.0 500.0 300.0");
        assert_eq!(two.scaled(1.0 / 2.0, VB), Zoom::base(VB));
        // At 2× on a 500 px wide drawing one unit is one pixel: a 100 px drag to the right shows what
        // lies 100 units to the left.
        assert_eq!(two.px_per_unit(500.0, VB), 1.0);
        assert_eq!(two.panned(100.0, -50.0, 500.0, VB), z(2.0, 400.0, 350.0));
        // A drag at the whole map moves nothing.
        assert_eq!(Zoom::base(VB).panned(100.0, 100.0, 500.0, VB), Zoom::base(VB));
    }

    #[test]
    fn a_pinch_scales_by_the_change_of_distance() {
        let cases = [
            ((10.0, 0.0), (20.0, 0.0), (0.0, 0.0), Some(2.0)),
            ((0.0, 40.0), (0.0, 10.0), (0.0, 0.0), Some(0.25)),
            ((3.0, 4.0), (6.0, 8.0), (0.0, 0.0), Some(2.0)),
            ((5.0, 5.0), (9.0, 9.0), (5.0, 5.0), None),
        ];
        for (before, after, other, want) in cases {
            assert_eq!(pinch_factor(before, after, other), want, "{before:?} → {after:?} about {other:?}");
        }
    }

    #[test]
    fn the_url_keeps_the_zoom_to_the_hundredth() {
        let cases = [
            ("2,500,300", Some(MapZoom { scale: 200, cx: 500, cy: 300 }), "2,500,300"),
            ("2.25,-3,7", Some(MapZoom { scale: 225, cx: -3, cy: 7 }), "2.25,-3,7"),
            ("1.5,1,1", Some(MapZoom { scale: 150, cx: 1, cy: 1 }), "1.5,1,1"),
            ("1.05,1,1", Some(MapZoom { scale: 105, cx: 1, cy: 1 }), "1.05,1,1"),
            ("99,0,0", Some(MapZoom { scale: 800, cx: 0, cy: 0 }), "8,0,0"),
            ("1,0,0", None, ""),
            ("0.5,0,0", None, ""),
            ("2,0", None, ""),
            ("2,0,0,0", None, ""),
            ("NaN,0,0", None, ""),
            ("inf,0,0", None, ""),
            ("-2,0,0", None, ""),
            ("2.,0,0", Some(MapZoom { scale: 200, cx: 0, cy: 0 }), "2,0,0"),
            (".5,0,0", None, ""),
            ("1.999,0,0", Some(MapZoom { scale: 200, cx: 0, cy: 0 }), "2,0,0"),
            ("3.141,0,0", Some(MapZoom { scale: 314, cx: 0, cy: 0 }), "3.14,0,0"),
            ("2e2,0,0", None, ""),
            ("2,x,0", None, ""),
        ];
        for (param, zoom, back) in cases {
            assert_eq!(MapZoom::from_param(param), zoom, "{param}");
            if let Some(zoom) = zoom {
                assert_eq!(zoom.to_param(), back);
            }
        }
        let shown = Zoom::base(VB).scaled(STEP * STEP, VB);
        let kept = shown.to_url().unwrap();
        assert_eq!(kept, MapZoom { scale: 225, cx: 500, cy: 300 });
        assert_eq!(Zoom::from_url(Some(kept), VB), shown);
        assert_eq!(Zoom::base(VB).to_url(), None);
        assert_eq!(Zoom::from_url(None, VB), Zoom::base(VB));
        // A zoom from another map's link is pulled inside this one.
        assert_eq!(Zoom::from_url(Some(MapZoom { scale: 200, cx: 5000, cy: -5000 }), VB), z(2.0, 750.0, 150.0));
    }
}
