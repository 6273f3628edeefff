//! 用我的位置 on the default dataset's real outlines: the locate files the build step writes, read the
//! way the app reads them (index → the cities whose box holds the point → their outlines), with
//! positions as a phone reports them (WGS-84).

use gongkai_bundle::build::build_source;
use gongkai_catalog::locate::{to_units, wgs84_to_gcj02};
use gongkai_catalog::{decode_listed, LocateIndex, LocateOutlines};
use std::path::Path;

struct Built {
    index: LocateIndex,
    outlines: Vec<LocateOutlines>,
    index_bytes: usize,
    outline_bytes: Vec<usize>,
    manifest_lists_cities: bool,
}

fn built() -> Built {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let bundle = build_source(&data).bundle.expect("data/ builds");
    let m = &bundle.manifest;
    let key = m.locate.clone().expect("the default dataset has outlines, so a locate index");
    let bytes = &bundle.writer.files()[&key];
    let index: LocateIndex = m.decode_file(&key, bytes).expect("the index is listed with its hash");
    let mut outlines = Vec::new();
    let mut outline_bytes = Vec::new();
    for c in &index.cities {
        let b = &bundle.writer.files()[&c.file];
        outlines.push(decode_listed::<LocateOutlines>(&index.files, &c.file, b).expect("listed in the index"));
        outline_bytes.push(b.len());
    }
    let manifest_lists_cities = index.cities.iter().any(|c| m.files.contains_key(&c.file));
    Built { index, outlines, index_bytes: bytes.len(), outline_bytes, manifest_lists_cities }
}

/// The county the app would pick for a WGS-84 position, as the app does it.
fn county_at(b: &Built, lon: f64, lat: f64) -> Option<String> {
    let (x, y) = wgs84_to_gcj02(lon, lat);
    let p = to_units(x, y);
    b.index
        .cities_at(p)
        .filter_map(|c| b.outlines.iter().find(|o| o.city == c.code))
        .find_map(|o| o.county_at(p).map(str::to_string))
}

#[test]
fn a_position_finds_its_county_on_the_real_outlines() {
    let b = built();
    // WGS-84 positions at least a kilometre inside each county (checked against the source outlines).
    let table = [
        ("长沙县", (113.1181, 28.3179), Some("430121")),
        ("芙蓉区", (113.0368, 28.2038), Some("430102")),
        ("天心区", (112.9875, 28.0377), Some("430103")),
        ("岳麓区", (112.8946, 28.1800), Some("430104")),
        ("开福区", (112.9936, 28.3307), Some("430105")),
        ("雨花区", (113.0896, 28.0544), Some("430111")),
        ("望城区", (112.7552, 28.4472), Some("430112")),
        ("浏阳市", (113.3340, 27.9409), Some("430181")),
        ("宁乡市", (111.9796, 28.0503), Some("430182")),
        ("雨湖区", (112.8080, 27.8981), Some("430302")),
        ("岳塘区", (113.0040, 27.8874), Some("430304")),
        ("湘潭县", (112.6551, 27.5679), Some("430321")),
        ("湘乡市", (112.1581, 27.7737), Some("430381")),
        ("韶山市", (112.5114, 27.9223), Some("430382")),
        ("北京天安门（不在本站范围）", (116.3912, 39.9067), None),
        ("巴黎（中国以外）", (2.3522, 48.8566), None),
    ];
    for (what, (lon, lat), want) in table {
        assert_eq!(county_at(&b, lon, lat).as_deref(), want, "{what} ({lon}, {lat})");
    }
}

#[test]
fn the_gcj02_shift_decides_near_a_border() {
    // This WGS-84 position lies in 芙蓉区. Its raw numbers, read as if they were GCJ-02, fall ~600 m
    // away, inside 长沙县: an app that skipped the shift would send this citizen to the wrong county.
    let b = built();
    let (lon, lat) = (113.0615, 28.2190);
    assert_eq!(county_at(&b, lon, lat).as_deref(), Some("430102"));
    let raw = to_units(lon, lat);
    let unshifted = b.index.cities_at(raw).find_map(|c| {
        b.outlines.iter().find(|o| o.city == c.code).and_then(|o| o.county_at(raw)).map(str::to_string)
    });
    assert_eq!(unshifted.as_deref(), Some("430121"));
}

#[test]
fn the_locate_files_are_small_and_only_the_index_is_in_the_manifest() {
    let b = built();
    assert_eq!(b.index.cities.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["430100", "430300"]);
    // Statistical zones have no published boundary: not in the outlines (found in their district).
    let xiangtan = b.outlines.iter().find(|o| o.city == "430300").unwrap();
    assert!(!xiangtan.counties.is_empty() && xiangtan.counties.iter().all(|c| !c.code.starts_with("43037")));
    assert!(!b.manifest_lists_cities, "city outline files are listed by the index, not the manifest");
    assert!(b.index_bytes < 1_000, "index {} bytes", b.index_bytes);
    for (o, n) in b.outlines.iter().zip(&b.outline_bytes) {
        assert!(*n < 60_000, "{}: {n} bytes", o.city);
    }
}
