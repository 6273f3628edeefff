//! The search box on any query: `?q=` comes from the URL, so anyone can send a citizen a link with any
//! text in it, and a panic in the app's wasm kills the page. The index is a real one, built once by
//! the build step from a source folder (GONGKAI_FUZZ_SEARCH_SOURCE, default `data/`, else the
//! adversarial base fixture) with every shard and fragment loaded. Checks: no panic; highlight marks
//! fall inside the text they mark; at most the asked number of items.
#![no_main]

use gongkai_bundle::build::build_source;
use gongkai_catalog::decode_listed;
use gongkai_catalog::search::{
    fragment_key, fragment_list_key, mark_segments, shard_key, shard_list_key, FragmentChunk, PostingShard,
    SearchFileList, SearchIndex, SearchItems, SearchMeta, SearchSounds,
};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let wanted = std::env::var("GONGKAI_FUZZ_SEARCH_SOURCE").unwrap_or_else(|_| "data".into());
        let fallback = "crates/bundle/tests/fixtures/adversarial/base";
        let out = [wanted.as_str(), fallback]
            .iter()
            .map(|s| build_source(Path::new(s)))
            .find(|o| {
                o.bundle
                    .as_ref()
                    .is_some_and(|b| b.manifest.search.is_some())
            })
            .expect("a source folder that builds (run from the repository root)");
        let bundle = out.bundle.unwrap();
        let m = &bundle.manifest;
        let files = bundle.writer.files();
        let file = |k: &str| files.get(k).expect("listed files exist");
        let meta: SearchMeta = m
            .decode_file(
                &m.search.as_ref().unwrap().meta,
                file(&m.search.as_ref().unwrap().meta),
            )
            .unwrap();
        let items: SearchItems = decode_listed(&meta.files, &meta.items, file(&meta.items)).unwrap();
        let page = |k: &str| decode_listed::<SearchFileList>(&meta.files, k, file(k)).unwrap();
        let (shards, chunks) = (1u32 << meta.shard_bits, meta.fragments);
        let mut ix = SearchIndex::new(meta.clone(), items);
        // The sounds file, which the app adds for a query with a character the dataset does not hold.
        if !meta.sounds.is_empty() {
            ix.add_sounds(&decode_listed::<SearchSounds>(&meta.files, &meta.sounds, file(&meta.sounds)).unwrap());
        }
        for s in 0..shards {
            // A page range with no shard in it has no list page.
            let Some(list) = shard_list_key(&meta, s).map(page) else { continue };
            if let Some(k) = shard_key(&list.files, s) {
                ix.add_shard(s, decode_listed::<PostingShard>(&list.files, k, file(k)).unwrap());
            }
        }
        for c in 0..chunks {
            let list = page(fragment_list_key(&meta, c).expect("every fragment is listed"));
            if let Some(k) = fragment_key(&list.files, c) {
                ix.add_fragments(c, decode_listed::<FragmentChunk>(&list.files, k, file(k)).unwrap());
            }
        }
        eprintln!("search_query: index of {} items", ix.items.len());
        ix
    })
}

fuzz_target!(init: { index(); }, |data: &[u8]| {
    let ix = index();
    let query = String::from_utf8_lossy(data);
    let plan = ix.plan(&query);
    for hit in ix.search_items(&plan, &|_| true, 20) {
        let n = hit.text.chars().count();
        assert!(hit.marks.iter().all(|&m| m < n), "{query:?}: marks {:?} in {:?}", hit.marks, hit.text);
        let _ = mark_segments(&hit.text, &hit.marks);
        let _ = ix.owners_of(hit.item);
    }
    for doc in ix.entry_candidates(&plan).into_iter().take(50) {
        if let Some(hit) = ix.entry_hit(&plan, doc) {
            let n = hit.entry.title.chars().count();
            assert!(hit.marks.iter().all(|&m| m < n), "{query:?}: marks {:?} in {:?}", hit.marks, hit.entry.title);
            let _ = mark_segments(&hit.entry.title, &hit.marks);
        }
    }
});
