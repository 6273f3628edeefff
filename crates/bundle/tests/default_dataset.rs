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

#[test]
fn the_default_sounds_file_reads_only_characters_no_item_place_or_thesaurus_term_holds() {
    use gongkai_catalog::search::{SearchItems, SearchMeta, SearchSounds};
    use gongkai_catalog::decode_listed;
    let b = build_source(&data_dir()).bundle.expect("data/ builds");
    let files = b.writer.files();
    let info = b.manifest.search.as_ref().expect("a search index");
    let meta: SearchMeta = b.decode_file(&info.meta, &files[&info.meta]).unwrap();
    let items: SearchItems = decode_listed(&meta.files, &meta.items, &files[&meta.items]).unwrap();
    assert!(items.sounds.is_empty(), "the items file carries no sounds (search version 8)");
    assert!(!meta.sounds.is_empty(), "the default dataset leaves common characters out");
    let sounds: SearchSounds = decode_listed(&meta.files, &meta.sounds, &files[&meta.sounds]).unwrap();
    let read: std::collections::BTreeSet<char> = items.pinyin.chars().filter(|c| !c.is_ascii_lowercase()).collect();
    assert!(read.len() > 500, "the items file reads its own characters, grouped by syllable");
    let outside: Vec<char> = sounds.sounds.chars().filter(|c| !c.is_ascii_lowercase()).collect();
    assert!(outside.len() > 1000, "most of the 3,755 common characters are outside a two-city dataset");
    assert!(outside.iter().all(|c| !read.contains(c)), "a character the items file reads is not in the sounds file");
    // Every place name and thesaurus term is read without it, so a query of them never waits for it.
    let table = items.pinyin_table();
    let texts = b.places.iter().map(|p| p.name.clone()).chain(meta.thesaurus.iter().map(|t| t.term.clone()));
    for text in texts {
        for c in text.chars().filter(|c| gongkai_catalog::search::syllables_in(&table, &c.to_string())[0].is_empty()) {
            assert!(!outside.contains(&c), "{text}: {c} is read only by the sounds file");
        }
    }
}
