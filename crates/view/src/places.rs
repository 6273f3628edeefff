//! What a place's page says about the place: the name of its kind, the line of figures under its
//! name, and the heading of the list of its children. Every figure is the manifest's (`PlaceCounts`),
//! never re-derived here.

use gongkai_catalog::{Manifest, Place, PlaceKind};

pub fn kind_label(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::Province => "省（自治区、直辖市）",
        PlaceKind::City => "市",
        PlaceKind::County => "县（市、区）",
        PlaceKind::Township => "乡镇（街道）",
    }
}

/// The line under the place's name: 县（市、区） · 适用 N 项事项 · M 条公开信息. A city with a
/// template counts the template's items (目录范本); a province or a city without one has no items
/// of its own, only its places' entries (not "适用 0 项事项", which reads as if nothing applied there).
pub fn summary(place: &Place) -> String {
    let (kind, c) = (kind_label(place.kind), &place.counts);
    match place.kind {
        PlaceKind::City if place.catalog.is_some() => format!("{kind} · 目录范本 {} 项事项 · {} 条公开信息", c.items, c.entries),
        PlaceKind::Province | PlaceKind::City if place.catalog.is_none() => format!("{kind} · {} 条公开信息", c.entries),
        _ => format!("{kind} · 适用 {} 项事项 · {} 条公开信息", c.items, c.entries),
    }
}

/// What a place's page says where a catalog would be, when the place has none of its own: a
/// province or city publishes no grassroots catalog (基层目录), its counties and townships do.
pub fn no_catalog_note(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::Province => "省级不单独编制基层目录，请选择一个市（州）或县（市、区）查看。",
        _ => "市级不单独编制基层目录，请选择一个县（市、区）查看。",
    }
}

/// What a place's children are called. A city whose children are all townships (a 不设区的市 such
/// as 东莞) has 乡镇（街道）; a province, the counties shown under it in place of the NBS groupings
/// (北京's districts; 河南's 济源市 beside its cities: `PlaceCounts::counties`).
pub fn children_word(manifest: &Manifest, place: &Place) -> &'static str {
    match place.kind {
        PlaceKind::Province => match gongkai_catalog::first_screen::province_children(place, place.counts.places) {
            (0, counties) if counties > 0 => "县（市、区）",
            (_, 0) => "市（州）",
            _ => "市（州）、县（市）",
        },
        PlaceKind::City if place.counts.places > 0 && manifest.children(&place.code).all(|c| c.kind == PlaceKind::Township) => {
            "乡镇（街道）"
        }
        PlaceKind::City => "县（市、区）",
        _ => "乡镇（街道）",
    }
}

/// The heading of the list of a place's children: 下辖 and [`children_word`].
pub fn children_heading(manifest: &Manifest, place: &Place) -> String {
    format!("下辖{}", children_word(manifest, place))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::{manifest, place};
    use gongkai_catalog::PlaceCounts;

    #[test]
    fn every_kind_has_its_label() {
        let cases = [
            (PlaceKind::Province, "省（自治区、直辖市）"),
            (PlaceKind::City, "市"),
            (PlaceKind::County, "县（市、区）"),
            (PlaceKind::Township, "乡镇（街道）"),
        ];
        for (kind, label) in cases {
            assert_eq!(kind_label(kind), label);
        }
    }

    #[test]
    fn the_summary_shows_the_manifest_figures() {
        let counts = PlaceCounts { items: 42, entries: 7, places: 2, ..Default::default() };
        let with = |mut p: Place, catalog: bool| {
            p.counts = counts.clone();
            if !catalog {
                p.catalog = None;
            }
            p
        };
        let cases = [
            (with(place("430100", "长沙市", None), true), "市 · 目录范本 42 项事项 · 7 条公开信息"),
            (with(place("430100", "长沙市", None), false), "市 · 7 条公开信息"),
            (with(place("430121", "长沙县", Some("430100")), true), "县（市、区） · 适用 42 项事项 · 7 条公开信息"),
            (with(place("430121001", "星沙街道", Some("430121")), true), "乡镇（街道） · 适用 42 项事项 · 7 条公开信息"),
            (with(province("430000", "湖南省"), false), "省（自治区、直辖市） · 7 条公开信息"),
            (with(province("430000", "湖南省"), true), "省（自治区、直辖市） · 适用 42 项事项 · 7 条公开信息"),
        ];
        for (p, text) in cases {
            assert_eq!(summary(&p), text, "{}", p.code);
        }
    }

    fn province(code: &str, name: &str) -> Place {
        Place { kind: PlaceKind::Province, ..place(code, name, None) }
    }

    #[test]
    fn a_place_without_a_catalog_says_which_places_have_one() {
        assert!(no_catalog_note(PlaceKind::Province).starts_with("省级"));
        assert!(no_catalog_note(PlaceKind::City).starts_with("市级"));
    }

    #[test]
    fn a_city_of_townships_lists_townships() {
        let mut m = manifest();
        let mut dongguan = place("441900", "东莞市", None);
        dongguan.counts.places = 1;
        m.places.push(dongguan.clone());
        m.places.push(place("441900003", "莞城街道", Some("441900")));
        let mut changsha = m.place("430100").unwrap().clone();
        changsha.counts.places = 2;
        let mut province = place("430000", "湖南省", None);
        province.kind = PlaceKind::Province;
        province.counts.places = 14;
        // The NBS groupings are not shown (gongkai_bundle's `Register::shown`): 北京's 16 districts
        // are directly under it; 河南 has 济源市 beside its 17 cities.
        let mut beijing = Place { kind: PlaceKind::Province, ..place("110000", "北京市", None) };
        (beijing.counts.places, beijing.counts.counties) = (16, 16);
        let mut henan = Place { kind: PlaceKind::Province, ..place("410000", "河南省", None) };
        (henan.counts.places, henan.counts.counties) = (18, 1);
        let cases = [
            (&dongguan, "下辖乡镇（街道）"),
            (&changsha, "下辖县（市、区）"),
            (&province, "下辖市（州）"),
            (&beijing, "下辖县（市、区）"),
            (&henan, "下辖市（州）、县（市）"),
            (m.place("430121").unwrap(), "下辖乡镇（街道）"),
        ];
        for (p, heading) in cases {
            assert_eq!(children_heading(&m, p), heading, "{}", p.code);
        }
    }
}
