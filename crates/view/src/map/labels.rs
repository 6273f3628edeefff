//! Which place names fit on the map: placed largest shape first (the build step's order), each hidden
//! when it would overlap one already placed, at a size that reads the same at every zoom and width.

/// The font size in view-box units for `px` screen pixels, the drawing being `px_width` pixels wide
/// and showing `vb_width / scale` units.
pub fn font_size(px: f64, vb_width: i32, scale: f64, px_width: f64) -> f64 {
    px * (vb_width as f64 / scale) / px_width.max(1.0)
}

/// A label's drawn width in ems: a Chinese character is one em, a digit, a Latin letter or `%`
/// (half-width) at most 0.6 of one in the system fonts. The label is a name and its figure
/// (`星沙街道 82.0%`), so the figure counts by its own, narrower width.
pub fn width_em(text: &str) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum()
}

/// The labels that fit, by index, each with where it is drawn: each label is `(anchor, width in ems)`
/// ([`width_em`]), centred on its anchor, `width × font` wide and 1.2 `font` high, and moved inside
/// the view box `[x, y, width, height]` where it would cross its edge (恩施土家族苗族自治州, on 湖北's west
/// edge, lost its first characters off the map), or centred on it when wider.
pub fn fitting(labels: &[([i32; 2], f64)], font: f64, view_box: [i32; 4]) -> Vec<(usize, [f64; 2])> {
    let [vx, vy, vw, vh] = view_box.map(f64::from);
    let inside = |at: f64, half: f64, lo: f64, len: f64| if 2.0 * half >= len { lo + len / 2.0 } else { at.clamp(lo + half, lo + len - half) };
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut kept = Vec::new();
    for (i, &([x, y], ems)) in labels.iter().enumerate() {
        let (w, h) = (ems * font, font * 1.2);
        let (x, y) = (inside(x as f64, w / 2.0, vx, vw), inside(y as f64, h / 2.0, vy, vh));
        let b = (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0);
        if placed.iter().any(|o| b.0 < o.2 && o.0 < b.2 && b.1 < o.3 && o.1 < b.3) {
            continue;
        }
        placed.push(b);
        kept.push((i, [x, y]));
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_keeps_its_screen_size() {
        // 12 px on a 360 px drawing of 3600 units: 120 units; at 2× half of that.
        assert_eq!(font_size(12.0, 3600, 1.0, 360.0), 120.0);
        assert_eq!(font_size(12.0, 3600, 2.0, 360.0), 60.0);
        assert_eq!(font_size(16.0, 3600, 1.0, 720.0), 80.0);
        // Before the drawing is measured (width 0) the size stays finite.
        assert!(font_size(12.0, 3600, 1.0, 0.0).is_finite());
    }

    #[test]
    fn labels_that_would_overlap_a_larger_shapes_label_are_hidden() {
        // Font 10: a 3-character label is 30 × 12 around its anchor.
        let labels = [([100, 100], 3.0), ([120, 100], 3.0), ([100, 111], 2.0), ([100, 116], 2.0), ([400, 100], 4.0), ([131, 100], 3.0)];
        let cases = [
            (10.0, vec![0, 3, 4, 5]),
            // Zoomed in (a smaller font in view-box units) they all fit.
            (1.0, vec![0, 1, 2, 3, 4, 5]),
            // Zoomed out, only the largest shape's label and the one far away.
            (40.0, vec![0, 4]),
        ];
        for (font, kept) in cases {
            assert_eq!(indexes(&fitting(&labels, font, WIDE)), kept, "font {font}");
        }
        assert!(fitting(&[], 10.0, WIDE).is_empty());
    }

    #[test]
    fn a_label_is_as_wide_as_its_name_and_figure_are_drawn() {
        let cases = [("星沙街道", 4.0), ("星沙街道 82.0%", 4.0 + 0.6 * 6.0), ("12 条", 0.6 * 3.0 + 1.0), ("", 0.0)];
        for (text, ems) in cases {
            assert!((width_em(text) - ems).abs() < 1e-9, "{text}: {}", width_em(text));
        }
        // The figure makes a label wider: two names that fit side by side no longer do with it.
        let font = 10.0;
        let bare = [([100, 100], width_em("星沙街道")), ([150, 100], width_em("黄花镇"))];
        let with_figures = [([100, 100], width_em("星沙街道 82.0%")), ([150, 100], width_em("黄花镇 100.0%"))];
        assert_eq!(indexes(&fitting(&bare, font, WIDE)), vec![0, 1]);
        assert_eq!(indexes(&fitting(&with_figures, font, WIDE)), vec![0]);
    }

    #[test]
    fn a_label_at_the_edge_is_moved_inside_the_map() {
        // Font 10 on a map 1000 × 600 from (-4, -4): a 10-character label is 100 wide, 12 high.
        let vb = [-4, -4, 1000, 600];
        let cases = [
            ([20, 300], [46.0, 300.0]),   // its left half would be off the west edge
            ([980, 300], [946.0, 300.0]), // off the east edge
            ([500, 0], [500.0, 2.0]),     // off the top
            ([500, 596], [500.0, 590.0]), // off the bottom
            ([500, 300], [500.0, 300.0]), // inside: where its shape puts it
        ];
        for (anchor, at) in cases {
            assert_eq!(fitting(&[(anchor, 10.0)], 10.0, vb), vec![(0, at)], "{anchor:?}");
        }
        // Wider than the map: centred on it.
        assert_eq!(fitting(&[([20, 300], 120.0)], 10.0, vb), vec![(0, [496.0, 300.0])]);
        // Moved inside, it may now overlap a label placed before it, and is hidden.
        assert_eq!(indexes(&fitting(&[([50, 300], 4.0), ([0, 300], 10.0)], 10.0, vb)), vec![0]);
    }

    const WIDE: [i32; 4] = [-1000, -1000, 3000, 3000];

    fn indexes(kept: &[(usize, [f64; 2])]) -> Vec<usize> {
        kept.iter().map(|(i, _)| *i).collect()
    }
}
