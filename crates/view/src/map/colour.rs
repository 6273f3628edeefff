//! What the map's shapes are coloured by, the 5 colour classes and the legend's labels.

use gongkai_catalog::Measures;

/// What the shapes are coloured by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MapMeasure {
    #[default]
    Coverage,
    Recent,
    Overdue,
}

impl MapMeasure {
    pub const ALL: [MapMeasure; 3] = [MapMeasure::Coverage, MapMeasure::Recent, MapMeasure::Overdue];

    /// The URL's and the `<select>`'s value.
    pub fn key(self) -> &'static str {
        match self {
            MapMeasure::Coverage => "coverage",
            MapMeasure::Recent => "recent",
            MapMeasure::Overdue => "overdue",
        }
    }

    pub fn from_key(key: &str) -> Option<MapMeasure> {
        MapMeasure::ALL.into_iter().find(|m| m.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            MapMeasure::Coverage => "目录覆盖率",
            MapMeasure::Recent => "近90天发布条数",
            MapMeasure::Overdue => "逾期事项数",
        }
    }

    pub fn value(self, m: &Measures) -> u32 {
        match self {
            MapMeasure::Coverage => u32::from(m.coverage_permille),
            MapMeasure::Recent => m.recent_entries,
            MapMeasure::Overdue => m.overdue_items,
        }
    }

    /// A value as the info line and the list show it.
    pub fn format(self, v: u32) -> String {
        match self {
            MapMeasure::Coverage => format!("{}.{}%", v / 10, v % 10),
            MapMeasure::Recent => format!("{v} 条"),
            MapMeasure::Overdue => format!("{v} 项"),
        }
    }
}

/// Cividis in 5 steps (dark blue → yellow): readable with every common colour-vision deficiency.
pub const CIVIDIS: [&str; 5] = ["#00224e", "#434e6c", "#7d7c78", "#bcaf6f", "#fee838"];
/// Text colour that contrasts with each step.
pub const ON_CIVIDIS: [&str; 5] = ["#ffffff", "#ffffff", "#ffffff", "#111111", "#111111"];

/// The 4 class thresholds (a value ≥ t[i] is in class i+1 or above) for the values on show.
pub fn thresholds(measure: MapMeasure, values: &[u32]) -> [u32; 4] {
    let max = values.iter().copied().max().unwrap_or(0);
    if measure == MapMeasure::Coverage {
        // Per mille, in steps of whole percents: 0–20 … 80–100 % when coverage is high, finer when
        // every place is low (sample data, a catalog just published), so differences still show.
        let step = [10, 20, 50, 100, 200].into_iter().find(|s| s * 5 >= max).unwrap_or(200);
        return [step, 2 * step, 3 * step, 4 * step];
    }
    if max <= 5 {
        return [1, 2, 3, 4];
    }
    // A "nice" step (1, 2, 5 × 10^k) so that 5 classes cover the maximum.
    let raw = max.div_ceil(5);
    let mut pow = 1u32;
    while pow * 10 <= raw {
        pow *= 10;
    }
    let step = [1, 2, 5, 10].iter().map(|m| m * pow).find(|s| *s >= raw).unwrap_or(raw);
    [step, 2 * step, 3 * step, 4 * step]
}

/// The class (0–4) of a value: an index into [`CIVIDIS`] and [`ON_CIVIDIS`].
pub fn class_of(v: u32, t: &[u32; 4]) -> usize {
    t.iter().filter(|&&x| v >= x).count()
}

/// The fill of a value and the text colour on it.
pub fn colours(v: u32, t: &[u32; 4]) -> (&'static str, &'static str) {
    let c = class_of(v, t);
    (CIVIDIS[c], ON_CIVIDIS[c])
}

/// The legend's 5 labels, one per class.
pub fn legend_labels(measure: MapMeasure, t: &[u32; 4]) -> [String; 5] {
    let f = |v: u32| match measure {
        MapMeasure::Coverage => format!("{}%", v / 10),
        _ => v.to_string(),
    };
    let range = |a: u32, b: u32| match measure {
        MapMeasure::Coverage => format!("{}–{}", f(a), f(b)),
        _ if b <= a + 1 => f(a),
        _ => format!("{}–{}", f(a), f(b - 1)),
    };
    let last = match measure {
        MapMeasure::Coverage if t[3] >= 800 => format!("{}–100%", f(t[3])),
        _ => format!("≥{}", f(t[3])),
    };
    [range(0, t[0]), range(t[0], t[1]), range(t[1], t[2]), range(t[2], t[3]), last]
}

#[cfg(test)]
mod tests {
    use super::*;
    use MapMeasure::*;

    #[test]
    fn thresholds_cover_the_values_on_show_in_nice_steps() {
        let cases: [(MapMeasure, &[u32], [u32; 4]); 10] = [
            // Coverage in per mille: whole-percent steps, finer when every place is low.
            (Coverage, &[1000, 950, 400], [200, 400, 600, 800]),
            (Coverage, &[90, 30], [20, 40, 60, 80]),
            (Coverage, &[40, 12], [10, 20, 30, 40]),
            (Coverage, &[], [10, 20, 30, 40]),
            (Coverage, &[450], [100, 200, 300, 400]),
            // Counts: one class per value up to 5, then 1–2–5 steps.
            (Recent, &[0, 3, 5], [1, 2, 3, 4]),
            (Recent, &[], [1, 2, 3, 4]),
            (Recent, &[6], [2, 4, 6, 8]),
            (Overdue, &[0, 47], [10, 20, 30, 40]),
            (Overdue, &[1234], [500, 1000, 1500, 2000]),
        ];
        for (m, values, t) in cases {
            assert_eq!(thresholds(m, values), t, "{m:?} {values:?}");
            // The largest value always falls in a class, and five classes reach it.
            let max = values.iter().copied().max().unwrap_or(0);
            assert!(class_of(max, &t) <= 4);
        }
    }

    #[test]
    fn values_fall_in_the_class_of_their_threshold() {
        let t = [10, 20, 30, 40];
        let cases = [(0, 0, "#00224e", "#ffffff"), (9, 0, "#00224e", "#ffffff"), (10, 1, "#434e6c", "#ffffff"),
            (29, 2, "#7d7c78", "#ffffff"), (30, 3, "#bcaf6f", "#111111"), (40, 4, "#fee838", "#111111"), (u32::MAX, 4, "#fee838", "#111111")];
        for (v, class, fill, text) in cases {
            assert_eq!(class_of(v, &t), class, "{v}");
            assert_eq!(colours(v, &t), (fill, text), "{v}");
        }
    }

    #[test]
    fn legend_labels_name_each_class() {
        let cases = [
            (Coverage, [200, 400, 600, 800], ["0%–20%", "20%–40%", "40%–60%", "60%–80%", "80%–100%"]),
            (Coverage, [10, 20, 30, 40], ["0%–1%", "1%–2%", "2%–3%", "3%–4%", "≥4%"]),
            (Recent, [1, 2, 3, 4], ["0", "1", "2", "3", "≥4"]),
            (Overdue, [10, 20, 30, 40], ["0–9", "10–19", "20–29", "30–39", "≥40"]),
        ];
        for (m, t, labels) in cases {
            assert_eq!(legend_labels(m, &t), labels.map(String::from), "{m:?}");
        }
    }

    #[test]
    fn measures_have_keys_labels_and_formats() {
        let m = Measures { coverage_permille: 875, recent_entries: 12, overdue_items: 3 };
        let cases = [(Coverage, "coverage", 875, "87.5%"), (Recent, "recent", 12, "12 条"), (Overdue, "overdue", 3, "3 项")];
        for (measure, key, value, shown) in cases {
            assert_eq!(MapMeasure::from_key(key), Some(measure));
            assert_eq!(measure.value(&m), value);
            assert_eq!(measure.format(value), shown);
        }
        assert_eq!(MapMeasure::from_key("Coverage"), None);
    }
}
