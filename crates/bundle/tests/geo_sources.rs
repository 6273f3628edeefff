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
