//! The default dataset (`data/`) as the build step makes it: twice to the same bytes. (Its sizes are
//! measured by scripts/bench-build.sh, not asserted here.)

mod support;

use gongkai_bundle::build::build_source;
use support::place_screens;
use std::path::Path;

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

#[test]
fn the_default_dataset_builds_to_identical_bytes_twice() {
    let one = build_source(&data_dir()).bundle.expect("data/ builds");
    let two = build_source(&data_dir()).bundle.expect("data/ builds");
    assert_eq!(one.manifest_json, two.manifest_json);
    let (one, two) = (one.writer.files(), two.writer.files());
    assert_eq!(one.len(), two.len());
    for (key, bytes) in &one {
        assert!(two.get(key) == Some(bytes), "{key} differs between two builds");
    }
}

#[test]
fn the_default_catalogs_brief_files_leave_out_the_item_pages_texts_and_keep_every_row() {
    let b = build_source(&data_dir()).bundle.expect("data/ builds");
    let files = b.writer.files();
    let read = |path: &str| if path == "manifest.json" { Some(b.manifest_json.clone()) } else { b.writer.file(path) };
    let reached = gongkai_bundle::verify::walk(read).expect("every file verifies through its chain");
    let texts = |i: &gongkai_catalog::DisclosureItem| !(i.content.is_empty() && i.basis.is_empty() && i.time_limit.is_empty() && i.body.is_empty());
    let mut briefs = 0;
    for p in &b.places {
        let Some(whole_key) = &p.catalog else { continue };
        let brief_key = p.brief.as_ref().expect("a catalog with long texts has a brief one");
        let whole: gongkai_catalog::Catalog = b.decode_file(whole_key, &files[whole_key]).unwrap();
        let brief: gongkai_catalog::Catalog = b.decode_file(brief_key, &files[brief_key]).unwrap();
        assert!(whole.items.iter().all(texts), "{whole_key}: every real row has its texts");
        assert!(brief.brief && !brief.items.iter().any(texts) && brief == whole.brief(), "{brief_key}");
        assert!(reached.files.contains_key(brief_key), "{brief_key} is listed beside its catalog, so verified through the chain");
        assert!(files[brief_key].len() < files[whole_key].len() / 2, "{brief_key}: {} of {} bytes", files[brief_key].len(), files[whole_key].len());
        briefs += 1;
    }
    assert!(briefs > 100, "{briefs} places");
}

#[test]
fn every_default_place_screens_files_come_with_the_lists_toward_it() {
    let b = build_source(&data_dir()).bundle.expect("data/ builds");
    let read = |path: &str| if path == "manifest.json" { Some(b.manifest_json.clone()) } else { b.writer.file(path) };
    assert_eq!(place_screens(read), Ok(b.places.len()));
}
