//! The search index as the app reads it: built from a small catalog, decoded through the manifest's
//! hashes, queried like a citizen would.

mod support;

use gongkai_bundle::search_index::{build_search_with, fold_table, syllables_of, SearchOptions};
use gongkai_bundle::register::RegisteredPlace;
use gongkai_bundle::write::BundleWriter;
use gongkai_catalog::search::{
    fragment_key, own_key, shard_list_key, EntryFragment, FragmentChunk, PostingShard, Postings,
    SearchFileList, SearchIndex, SearchItems, SearchMeta, SearchSounds,
};
use gongkai_catalog::*;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;
use tempfile::TempDir;

/// The fixture's items: the short name the tests call each by, its domain and path.
const FIXTURE: [(&str, u8, [&str; 2]); 4] = [
    ("20-1", 20, ["最低生活保障", "审批信息"]),
    ("22-1", 22, ["出生登记", "出生登记"]),
    ("23-1", 23, ["农业生产发展资金", "农机购置补贴"]),
    ("23-2", 23, ["农业生产发展资金", "耕地地力保护补贴"]),
];

/// The id of the fixture's item of this short name: [`item_id`] of its domain and path, as reading a
/// catalog or the search items file gives it (neither file stores ids).
fn id(name: &str) -> String {
    FIXTURE.iter().find(|f| f.0 == name).map(|(_, domain, path)| item_id(*domain, path)).unwrap_or_else(|| name.to_string())
}

/// An item, by the short name the tests call it (its id is the one its domain and path give).
fn item(_name: &str, domain: u8, path: &[&str]) -> DisclosureItem {
    DisclosureItem {
        id: item_id(domain, path),
        domain,
        path: path.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

fn catalog(owner: &str, items: Vec<DisclosureItem>) -> Catalog {
    Catalog {
        format_version: FORMAT_VERSION,
        owner: owner.into(),
        levels: vec![],
        extra_columns: vec![],
        items,
        not_applicable: vec![],
        brief: false,
    }
}

fn entry(item: &str, title: &str, y: i32, m: u32, d: u32) -> PublishedEntry {
    PublishedEntry { item: id(item), title: title.into(), date: NaiveDate::from_ymd_opt(y, m, d).unwrap(), url: None, kind: None, interprets: None, sample: false }
}

/// A source folder holding only the thesaurus given, removed when the returned guard is dropped.
fn source_dir(name: &str, thesaurus: Option<&[u8]>) -> TempDir {
    let dir = tempfile::Builder::new().prefix(&format!("gongkai-search-{name}-")).tempdir().unwrap();
    if let Some(t) = thesaurus {
        std::fs::write(dir.path().join("thesaurus.csv"), t).unwrap();
    }
    dir
}

fn places() -> Vec<RegisteredPlace> {
    let p = |code: &str, name: &str, kind: PlaceKind, parent: Option<&str>| RegisteredPlace {
        code: code.into(),
        name: name.into(),
        kind,
        parent: parent.map(str::to_string),
    };
    vec![
        p("430100", "长沙市", PlaceKind::City, None),
        p("430102", "芙蓉区", PlaceKind::County, Some("430100")),
        p("430121", "长沙县", PlaceKind::County, Some("430100")),
        p("430121001", "星沙街道", PlaceKind::Township, Some("430121")),
        p("430102001", "文艺路街道", PlaceKind::Township, Some("430102")),
    ]
}

fn build_laid_out(
    thesaurus: Option<&str>,
    options: SearchOptions,
) -> (BundleWriter, SearchInfo, Vec<gongkai_bundle::diagnostic::Diagnostic>) {
    build_with_bytes(thesaurus.map(str::as_bytes), options)
}

fn build_with_bytes(
    thesaurus: Option<&[u8]>,
    options: SearchOptions,
) -> (BundleWriter, SearchInfo, Vec<gongkai_bundle::diagnostic::Diagnostic>) {
    let catalogs = vec![
        catalog("430121", vec![
            item("20-1", 20, &["最低生活保障", "审批信息"]),
            item("22-1", 22, &["出生登记", "出生登记"]),
            item("23-1", 23, &["农业生产发展资金", "农机购置补贴"]),
            item("23-2", 23, &["农业生产发展资金", "耕地地力保护补贴"]),
        ]),
        catalog("430102", vec![item("20-1", 20, &["最低生活保障", "审批信息"])]),
    ];
    let entries = vec![
        PlaceEntries {
            format_version: FORMAT_VERSION,
            place: "430121001".into(),
            entries: vec![
                entry("20-1", "2025年第四季度低保对象名单公示", 2025, 12, 30),
                entry("23-2", "2026年耕地地力保护补贴发放结果公示", 2026, 3, 1),
            ],
        },
        PlaceEntries {
            format_version: FORMAT_VERSION,
            place: "430102001".into(),
            entries: vec![entry("20-1", "2026年第一季度低保对象名单公示", 2026, 3, 31)],
        },
    ];
    let dir = source_dir("thesaurus", thesaurus);
    let mut w = BundleWriter::default();
    let (info, diags) = build_search_with(&mut w, &catalogs, &entries, &places(), dir.path(), &options);
    (w, info, diags)
}

/// The fixture as a small dataset is written (scanned: one fragment file, no postings).
fn build(thesaurus: Option<&str>) -> (BundleWriter, SearchInfo, Vec<gongkai_bundle::diagnostic::Diagnostic>) {
    build_laid_out(thesaurus, SearchOptions::default())
}

/// The fixture as a large dataset is written (posting shards and fragment chunks).
fn build_sharded() -> (BundleWriter, SearchInfo, Vec<gongkai_bundle::diagnostic::Diagnostic>) {
    build_laid_out(None, SearchOptions { scan_max_entries: 0, ..Default::default() })
}

/// Loads the index the way the app does: every file through the hash check of the list that names it
/// (manifest → meta → list page → shard or fragment).
fn load(w: &BundleWriter, info: &SearchInfo) -> SearchIndex {
    let m = manifest_of(w, info);
    load_through(w, info, m)
}

/// A manifest listing what `w` lists (the search meta file).
fn manifest_of(w: &BundleWriter, info: &SearchInfo) -> Manifest {
    Manifest {
        format_version: FORMAT_VERSION,
        dataset: DatasetInfo {
            title: "t".into(),
            description: String::new(),
            as_of: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            sample: None,
            credits: vec![],
        },
        domains: vec![],
        places: vec![],
        facets: Facets::default(),
        files: w.file_refs(),
        search: Some(info.clone()),
        hant: None,
        locate: None,
        map: None,
    }
}

fn load_through(w: &BundleWriter, info: &SearchInfo, m: Manifest) -> SearchIndex {
    let files = w.files();
    let file = |k: &str| files.get(k).unwrap().as_slice();
    let meta: SearchMeta = m.decode_file(&info.meta, file(&info.meta)).unwrap();
    support::load_search_index(&meta, &file)
}

#[test]
fn a_small_dataset_is_scanned_and_a_large_one_sharded_with_the_same_results() {
    let (small, small_info, _) = build(None);
    let (large, large_info, _) = build_sharded();
    let (s, l) = (load(&small, &small_info), load(&large, &large_info));
    assert!(s.meta.scan && s.meta.fragments == 1);
    assert!(!l.meta.scan && small.files().keys().all(|k| !k.starts_with("search/postings-")));
    assert!(large.files().keys().any(|k| k.starts_with("search/postings-")));
    for q in ["低保", "低保对象名单公示", "耕地地力", "补贴", "2026年"] {
        let (ps, pl) = (s.plan(q), l.plan(q));
        assert_eq!(s.entry_candidates(&ps), l.entry_candidates(&pl), "{q}");
        assert!(!s.entry_candidates(&ps).is_empty(), "{q}");
    }
}

#[test]
fn common_ngrams_in_files_of_their_own_find_what_shards_find() {
    // Every n-gram in a file of its own, and none: the same entries, in the same order, as scanning.
    let (small, small_info, _) = build(None);
    let s = load(&small, &small_info);
    let own = |bytes: usize| build_laid_out(None, SearchOptions { scan_max_entries: 0, own_file_bytes: bytes, ..Default::default() });
    let ((all, all_info, _), (none, none_info, _)) = (own(0), own(usize::MAX));
    assert!(all.files().keys().any(|k| k.starts_with("search/gram-")));
    assert!(all.files().keys().all(|k| !k.starts_with("search/postings-")), "no n-gram left for a shard");
    assert!(none.files().keys().all(|k| !k.starts_with("search/gram-")));
    let (a, n) = (load(&all, &all_info), load(&none, &none_info));
    for q in ["低保", "低保对象名单公示", "耕地地力", "补贴", "2026年", "低宝名单"] {
        let expected = s.entry_candidates(&s.plan(q));
        assert!(!expected.is_empty(), "{q}");
        assert_eq!(a.entry_candidates(&a.plan(q)), expected, "{q}: own files");
        assert_eq!(n.entry_candidates(&n.plan(q)), expected, "{q}: shards");
    }
    // What a query still needs, as the app asks: the list pages first; once they are known, the own
    // files of its n-grams (not their shards), and nothing once those are loaded.
    let files = all.files();
    let file = |k: &str| files.get(k).unwrap().as_slice();
    let meta = &a.meta;
    let mut ix = SearchIndex::new(meta.clone(), decode_listed(&meta.files, &meta.items, file(&meta.items)).unwrap());
    let plan = ix.plan("低保对象");
    let (pages, wanted) = ix.missing_postings(&plan.grams);
    assert_eq!(pages, plan.shards);
    assert!(wanted.is_empty());
    for &shard in &pages {
        let k = shard_list_key(meta, shard).unwrap();
        ix.add_list_page(shard, &decode_listed::<SearchFileList>(&meta.files, k, file(k)).unwrap().files);
    }
    let (pages, wanted) = ix.missing_postings(&plan.grams);
    assert!(pages.is_empty());
    let mut hashes: Vec<u32> = plan.grams.iter().map(|g| gongkai_catalog::search::gram_hash(g)).collect();
    hashes.sort_unstable();
    hashes.dedup();
    assert_eq!(wanted.iter().map(|w| match w { Postings::Own { hash, .. } => *hash, Postings::Shard(s) => panic!("shard {s}") }).collect::<Vec<_>>(), hashes);
    for w in wanted {
        let Postings::Own { shard, hash } = w else { unreachable!() };
        let page: SearchFileList = { let k = shard_list_key(meta, shard).unwrap(); decode_listed(&meta.files, k, file(k)).unwrap() };
        let k = own_key(&page.files, hash).unwrap();
        ix.add_own(hash, decode_listed::<PostingShard>(&page.files, k, file(k)).unwrap());
    }
    assert_eq!(ix.missing_postings(&plan.grams), (vec![], vec![]));
    assert_eq!(ix.entry_candidates(&plan), s.entry_candidates(&s.plan("低保对象")));
}

#[test]
fn ngrams_with_the_same_list_share_one_own_file_listed_in_each_of_their_pages() {
    use gongkai_catalog::search::{gram_hash, own_file_hashes, shard_of_hash, OWN_PREFIX};
    // Every n-gram in a file of its own: 最低, 低生, 生活, 活保, 保障 are in the same one entry.
    let (w, info, _) = build_laid_out(None, SearchOptions { scan_max_entries: 0, own_file_bytes: 0, ..Default::default() });
    let ix = load(&w, &info);
    let files = w.files();
    let file = |k: &str| files.get(k).unwrap().as_slice();
    let meta = &ix.meta;
    // Each list page, by key, and what every own file holds.
    let pages: Vec<(String, SearchFileList)> = meta.files.keys().filter(|k| k.starts_with("search/shards-"))
        .map(|k| (k.clone(), decode_listed(&meta.files, k, file(k)).unwrap())).collect();
    let own: BTreeSet<&String> = pages.iter().flat_map(|(_, p)| p.files.keys()).filter(|k| k.starts_with(OWN_PREFIX)).collect();
    let mut contents: Vec<(Vec<u32>, Vec<u32>, usize)> = Vec::new();
    let mut shared = 0;
    for key in &own {
        let hashes: Vec<u32> = own_file_hashes(key).collect();
        assert!(hashes.windows(2).all(|p| p[0] < p[1]) && !hashes.is_empty() && hashes.len() <= gongkai_catalog::search::OWN_FILE_GRAMS_MAX, "{key}");
        let (_, page) = pages.iter().find(|(_, p)| p.files.contains_key(*key)).unwrap();
        let f: PostingShard = decode_listed(&page.files, key, file(key)).unwrap();
        // It holds exactly the n-grams of the hashes it is named by, all with one list.
        let mut held: Vec<u32> = f.grams.iter().map(|(g, _)| gram_hash(g)).collect();
        held.sort_unstable();
        held.dedup();
        assert_eq!(held, hashes, "{key}");
        let lists: BTreeSet<&Vec<u32>> = f.grams.values().collect();
        if hashes.len() > 1 {
            shared += 1;
            assert_eq!(lists.len(), 1, "{key}: one list");
        }
        // Listed in the page of every n-gram it holds, which finds it by each hash.
        for h in &hashes {
            let k = shard_list_key(meta, shard_of_hash(*h, meta.shard_bits)).unwrap();
            let (_, p) = pages.iter().find(|(pk, _)| pk == k).unwrap();
            assert_eq!(own_key(&p.files, *h), Some(key.as_str()), "{key} in {k}");
        }
        if f.grams.len() == hashes.len() {
            contents.push((lists.into_iter().next().unwrap().clone(), f.top.clone(), hashes.len()));
        }
    }
    assert!(shared > 0, "the fixture's n-grams of one entry share a file");
    // Two files hold the same list and first docs only when one is full.
    let max = gongkai_catalog::search::OWN_FILE_GRAMS_MAX;
    assert!(contents.iter().any(|c| c.2 == max), "a long title's n-grams fill a file");
    for (list, top, _) in &contents {
        let not_full = contents.iter().filter(|c| (&c.0, &c.1) == (list, top) && c.2 < max).count();
        assert!(not_full <= 1, "{list:?}");
    }
    // 耕地地力保护补贴's n-grams, all in one entry's title only: fewer files than n-grams, as the app
    // fetches them (each n-gram's page, then the file it names).
    let plan = ix.plan("耕地地力保护补贴");
    let keys: BTreeSet<&str> = plan.grams.iter().map(|g| {
        let h = gram_hash(g);
        let k = shard_list_key(meta, shard_of_hash(h, meta.shard_bits)).unwrap();
        own_key(&pages.iter().find(|(pk, _)| pk == k).unwrap().1.files, h).unwrap_or_else(|| panic!("{g}"))
    }).collect();
    assert!(plan.grams.len() >= 3 && keys.len() < plan.grams.len(), "{} n-grams: {keys:?}", plan.grams.len());
    // And the index built through them finds what the shards find.
    let (s, s_info, _) = build_sharded();
    let s = load(&s, &s_info);
    for q in ["耕地地力保护补贴", "低保", "低保对象名单公示", "2026年"] {
        assert_eq!(ix.entry_candidates(&ix.plan(q)), s.entry_candidates(&s.plan(q)), "{q}");
        assert!(!ix.entry_candidates(&ix.plan(q)).is_empty(), "{q}");
    }
}

#[test]
fn past_the_bound_the_meta_file_lists_index_pages_of_the_shard_pages_and_the_index_reads_the_same() {
    use gongkai_bundle::search_index::shard_index;
    use gongkai_catalog::search::{shard_page_number, SHARD_PAGES};
    // Index pages of pages for the few pages of the fixture, and the same layout without them.
    let (w, info, _) = build_laid_out(None, SearchOptions { scan_max_entries: 0, shard_index_min: 0, ..Default::default() });
    let (plain, plain_info, _) = build_sharded();
    let (ix, p) = (load(&w, &info), load(&plain, &plain_info));
    let meta = &ix.meta;
    assert!(meta.shard_index > 0 && p.meta.shard_index == 0);
    assert!(meta.files.keys().any(|k| k.starts_with("search/shardidx-")));
    assert!(meta.files.keys().all(|k| !k.starts_with("search/shards-")), "the pages are listed by the index pages only");
    // The same pages, files and shards, each page listed by the index page of its number.
    let (files, plain_files) = (w.files(), plain.files());
    let file = |k: &str| files.get(k).unwrap().as_slice();
    let mut pages = 0;
    for i in 0..1u32 << meta.shard_bits {
        let Some(plain_key) = shard_list_key(&p.meta, i) else {
            assert!(SHARD_PAGES.index_key(meta, i).and_then(|k| {
                let index: SearchFileList = decode_listed(&meta.files, k, file(k)).unwrap();
                SHARD_PAGES.page_key(meta, &index.files, i).map(str::to_string)
            }).is_none(), "shard {i}: no page in either");
            continue;
        };
        let k = SHARD_PAGES.index_key(meta, i).unwrap_or_else(|| panic!("shard {i}'s index page"));
        assert!(k.starts_with(&format!("search/shardidx-{}.", shard_page_number(meta, i) / meta.shard_index)), "{k}");
        let index: SearchFileList = decode_listed(&meta.files, k, file(k)).unwrap();
        let key = SHARD_PAGES.page_key(meta, &index.files, i).unwrap();
        assert_eq!(key, plain_key, "shard {i}: the same page");
        assert_eq!(file(key), plain_files.get(plain_key).unwrap().as_slice());
        pages += 1;
    }
    assert!(pages > 0);
    for q in ["低保", "低保对象名单公示", "耕地地力保护补贴", "2026年", "低宝名单"] {
        assert_eq!(ix.entry_candidates(&ix.plan(q)), p.entry_candidates(&p.plan(q)), "{q}");
        assert!(!ix.entry_candidates(&ix.plan(q)).is_empty(), "{q}");
    }
    // Pages per index page: the fewest listings for a first search's five n-grams, a power of two.
    for (pages, per) in [(1, 1), (20, 2), (64, 4), (512, 8), (16_384, 64)] {
        assert_eq!(shard_index(pages), per, "{pages} pages");
    }
    // Below the bound (the default dataset's 62 pages), the meta file lists the pages.
    let (d, d_info, _) = build_sharded();
    assert!(d.files().keys().all(|k| !k.starts_with("search/shardidx-")) && d_info.meta.starts_with("search/meta."));
}

#[test]
fn each_county_has_its_docs_with_their_places_and_items_listed_by_its_province_for_local_search() {
    use gongkai_catalog::search::{local_key, local_list_key, place_key, LocalDocs};
    let (w, info, _) = build_sharded();
    let ix = load(&w, &info);
    let files = w.files();
    let file = |k: &str| files.get(k).unwrap().as_slice();
    let meta = &ix.meta;
    assert!(meta.local);
    // Newest first: 2026-03-31 文艺路街道 (doc 0), 2026-03-01 and 2025-12-30 星沙街道 (docs 1, 2).
    let local = |county: &str| -> LocalDocs {
        let pk = local_list_key(meta, county).unwrap_or_else(|| panic!("{county}'s province page"));
        assert!(pk.starts_with("search/locals-43."), "{pk}");
        let page: SearchFileList = decode_listed(&meta.files, pk, file(pk)).unwrap();
        let k = local_key(&page.files, county).unwrap_or_else(|| panic!("{county} listed"));
        decode_listed(&page.files, k, file(k)).unwrap()
    };
    let (changsha, furong) = (local("430121"), local("430102"));
    assert_eq!(changsha.places, ["430121001"]);
    for (docs, within, want) in [
        (&changsha, "430121", vec![1, 2]),
        (&changsha, "430121001", vec![1, 2]),
        (&changsha, "430102001", vec![]),
        (&furong, "430102", vec![0]),
        (&furong, "430102001", vec![0]),
    ] {
        assert_eq!(docs.docs_within(within), want, "{within}");
    }
    // Every doc of a county is the doc of that place in the fragments, filed under the same item.
    for d in changsha.docs_within("430121") {
        assert_eq!(ix.fragment(d).map(|e| e.place), Some("430121001".to_string()), "doc {d}");
    }
    for local in [&changsha, &furong] {
        for d in local.docs_within(&local.places[0]) {
            let item = ix.fragment(d).unwrap().item;
            assert_eq!(local.docs_of_items(&local.places[0], &|i| i == item), [d], "doc {d}, item {item}");
        }
    }
    // Each place's own entries, in the file its county's local file lists: what the fragments show.
    let own = |local: &LocalDocs, place: &str| -> FragmentChunk {
        let k = place_key(&local.files, place).unwrap_or_else(|| panic!("{place}'s own file listed"));
        assert!(k.starts_with(&format!("search/place-{place}.")), "{k}");
        decode_listed(&local.files, k, file(k)).unwrap()
    };
    let xingsha = own(&changsha, "430121001").by_doc();
    assert_eq!(xingsha, [1, 2].map(|d| (d, ix.fragment(d).unwrap())));
    assert_eq!(own(&furong, "430102001").by_doc(), [(0, ix.fragment(0).unwrap())]);
    // A file per place that published, and the county's newest of each item (search version 20).
    let kinds = |l: &LocalDocs| l.files.keys().map(|k| k.split('-').next().unwrap_or("").to_string()).collect::<Vec<_>>();
    assert_eq!((kinds(&changsha), kinds(&furong)), (vec!["search/place".to_string(), "search/region".into()], vec!["search/place".to_string(), "search/region".into()]));
    // No county for the city itself, no file for a county without entries, none when scanned.
    assert!(local_list_key(meta, "430100").is_some_and(|pk| {
        let page: SearchFileList = serde_json::from_slice(file(pk)).unwrap();
        // The two counties' local files and 长沙市's region file.
        page.files.len() == 3 && page.files.keys().any(|k| k.starts_with("search/region-430100."))
    }));
    let (small, small_info, _) = build(None);
    assert!(!load(&small, &small_info).meta.local);
    assert!(small.files().keys().all(|k| !k.starts_with("search/local")));
}

/// The local page of the province `code` is in (its counties' and regions' files), verified.
fn local_page(w: &BundleWriter, meta: &SearchMeta, code: &str) -> SearchFileList {
    let key = gongkai_catalog::search::local_list_key(meta, code).unwrap_or_else(|| panic!("{code}'s province page"));
    decode_listed(&meta.files, key, &w.files()[key]).unwrap()
}

/// These entries built with posting shards and local files (no scan), in a source folder named `dir`.
fn build_sharded_entries(dir: &str, entries: &[PlaceEntries]) -> (BundleWriter, SearchInfo) {
    let options = SearchOptions { scan_max_entries: 0, ..Default::default() };
    let mut w = BundleWriter::default();
    let (info, _) = build_search_with(&mut w, &[], entries, &places(), source_dir(dir, None).path(), &options);
    (w, info)
}

#[test]
fn a_place_s_own_file_holds_its_newest_entries_up_to_the_scan_bound_and_its_local_file_all() {
    use gongkai_catalog::search::{local_key, place_key, LocalDocs, PLACE_SCAN_MAX};
    // 星沙街道 published three more than the bound, one a day, and 文艺路街道 one, older than all.
    let n = PLACE_SCAN_MAX as u32 + 3;
    let day = |i: u32| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(u64::from(i));
    let at = |d: NaiveDate| entry("20-1", &format!("{d}低保名单公示"), d.year(), d.month(), d.day());
    let entries = vec![
        PlaceEntries { format_version: FORMAT_VERSION, place: "430102001".into(), entries: vec![at(day(0))] },
        PlaceEntries { format_version: FORMAT_VERSION, place: "430121001".into(), entries: (1..=n).map(|i| at(day(i))).collect() },
    ];
    let (w, info) = build_sharded_entries("own-bound", &entries);
    let ix = load(&w, &info);
    let page = local_page(&w, &ix.meta, "430121");
    let files = w.files();
    let file = |k: &str| files.get(k).unwrap().as_slice();
    let lk = local_key(&page.files, "430121").unwrap();
    let local: LocalDocs = decode_listed(&page.files, lk, file(lk)).unwrap();
    assert_eq!(local.docs_within("430121001").len(), n as usize, "the local file lists every doc");
    let k = place_key(&local.files, "430121001").unwrap();
    let own: FragmentChunk = decode_listed(&local.files, k, file(k)).unwrap();
    let rows = own.by_doc();
    // Docs 0.. are its newest (doc n is 文艺路街道's, the oldest of all).
    assert_eq!(rows.len(), PLACE_SCAN_MAX);
    assert_eq!(rows.iter().map(|(d, _)| *d).collect::<Vec<_>>(), (0..PLACE_SCAN_MAX as u32).collect::<Vec<_>>());
    assert_eq!(rows[0].1.title, format!("{}低保名单公示", day(n)));
    assert_eq!(rows.last().unwrap().1.date, day(4));
    for (d, e) in &rows {
        assert_eq!(ix.fragment(*d).as_ref(), Some(e), "doc {d}");
    }
}

#[test]
fn a_region_s_file_holds_the_newest_of_each_item_published_below_it() {
    use gongkai_catalog::search::{local_key, region_key, LocalDocs, PLACE_SCAN_MAX, REGION_PER_ITEM};
    // 星沙街道 published past the own file's bound under one item, and its oldest entry under
    // another; 文艺路街道 (in another county of 长沙市) one entry, older than all, under a third.
    let n = PLACE_SCAN_MAX as u32 + 3;
    let day = |i: u32| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(u64::from(i));
    let at = |item: &str, d: NaiveDate| entry(item, &format!("{d}公示"), d.year(), d.month(), d.day());
    let mut xingsha: Vec<_> = (2..=n).map(|i| at("20-1", day(i))).collect();
    xingsha.push(at("23-1", day(1)));
    let entries = vec![
        PlaceEntries { format_version: FORMAT_VERSION, place: "430102001".into(), entries: vec![at("22-1", day(0))] },
        PlaceEntries { format_version: FORMAT_VERSION, place: "430121001".into(), entries: xingsha },
    ];
    let (w, info) = build_sharded_entries("region", &entries);
    let ix = load(&w, &info);
    let page = local_page(&w, &ix.meta, "430100");
    let files = w.files();
    let file = |k: &str| files.get(k).unwrap().as_slice();
    let k = region_key(&page.files, "430100").expect("长沙市's file, listed by 湖南's page");
    let region: FragmentChunk = decode_listed(&page.files, k, file(k)).unwrap();
    let rows = region.by_doc();
    // Docs 0..: 星沙街道's 20-1 entries, newest first; its 23-1 entry (doc n - 1, past its own
    // file's bound) and 文艺路街道's (doc n) are their items' newest.
    let want: Vec<u32> = (0..REGION_PER_ITEM as u32).chain([n - 1, n]).collect();
    assert_eq!(rows.iter().map(|(d, _)| *d).collect::<Vec<_>>(), want);
    assert!(rows[3].1.item.starts_with("23-"), "{}", rows[3].1.item);
    assert_eq!(rows[4].1.place, "430102001");
    for (d, e) in &rows {
        assert_eq!(ix.fragment(*d).as_ref(), Some(e), "doc {d}");
    }
    // A county's file is listed by its local file, not its province's page: 长沙县's holds 星沙街道's
    // newest of each item (search version 20).
    assert_eq!(region_key(&page.files, "430121"), None);
    assert!(page.files.keys().all(|k| !k.starts_with("search/region-4301") || k.starts_with("search/region-430100.")));
    let local_k = local_key(&page.files, "430121").expect("长沙县's local file");
    let local: LocalDocs = decode_listed(&page.files, local_k, file(local_k)).unwrap();
    let k = region_key(&local.files, "430121").expect("长沙县's file, listed by its local file");
    let county: FragmentChunk = decode_listed(&local.files, k, file(k)).unwrap();
    let want: Vec<u32> = (0..REGION_PER_ITEM as u32).chain([n - 1]).collect();
    assert_eq!(county.by_doc().iter().map(|(d, _)| *d).collect::<Vec<_>>(), want);
    // 芙蓉区's, of 文艺路街道's one entry; a township has none.
    let local_k = local_key(&page.files, "430102").expect("芙蓉区's local file");
    let local: LocalDocs = decode_listed(&page.files, local_k, file(local_k)).unwrap();
    let k = region_key(&local.files, "430102").expect("芙蓉区's file");
    let county: FragmentChunk = decode_listed(&local.files, k, file(k)).unwrap();
    assert_eq!(county.by_doc().iter().map(|(d, _)| *d).collect::<Vec<_>>(), [n]);
    assert_eq!(region_key(&local.files, "430102001"), None);
}

#[test]
fn the_manifest_lists_only_the_search_meta_file_which_lists_the_rest() {
    let (w, info, _) = build_sharded();
    let listed: Vec<String> = w.file_refs().into_keys().collect();
    assert_eq!(listed, vec![info.meta.clone()]);
    let meta: SearchMeta = serde_json::from_slice(&w.files()[&info.meta]).unwrap();
    assert!(meta.files.contains_key(&meta.items));
    assert!(meta.files.keys().any(|k| k.starts_with("search/shards-0.")));
    assert!(meta.files.keys().any(|k| k.starts_with("search/frags-0.")));
    // Every file written is reachable from the manifest through the lists.
    let mut reachable: BTreeSet<String> = meta.files.keys().cloned().collect();
    for k in meta.files.keys().filter(|k| !k.starts_with("search/items.") && !k.starts_with("search/sounds.")) {
        let page: SearchFileList = serde_json::from_slice(&w.files()[k]).unwrap();
        reachable.extend(page.files.into_keys());
    }
    // The counties' local files list their places' own newest entries, and their own newest of each
    // item.
    for k in reachable.clone().iter().filter(|k| k.starts_with("search/local-")) {
        let local: gongkai_catalog::search::LocalDocs = serde_json::from_slice(&w.files()[k]).unwrap();
        reachable.extend(local.files.into_keys());
    }
    reachable.insert(info.meta.clone());
    assert_eq!(reachable, w.files().keys().cloned().collect::<BTreeSet<_>>());
}

#[test]
fn a_tampered_shard_is_refused_by_its_list_page() {
    let (w, info, _) = build_sharded();
    let mut files = w.files();
    let meta: SearchMeta = serde_json::from_slice(&files[&info.meta]).unwrap();
    let page_key = meta.files.keys().find(|k| k.starts_with("search/shards-")).unwrap().clone();
    let page: SearchFileList = serde_json::from_slice(&files[&page_key]).unwrap();
    let (shard_key, _) = page.files.iter().next().unwrap();
    let bytes = files.get_mut(shard_key).unwrap();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    let err = decode_listed::<PostingShard>(&page.files, shard_key, &files[shard_key]).unwrap_err();
    assert_eq!(err, BundleError::HashMismatch { path: shard_key.clone() });
}

fn top_item(ix: &SearchIndex, q: &str) -> Option<String> {
    let plan = ix.plan(q);
    ix.search_items(&plan, &|_| true, 10).first().map(|h| ix.items[h.item].id.clone())
}

#[test]
fn the_same_sources_give_the_same_bytes() {
    let (a, ia, _) = build(None);
    let (b, ib, _) = build(None);
    assert_eq!(ia, ib);
    assert_eq!(a.files(), b.files());
    assert!(!a.files().is_empty() && a.files().keys().all(|k| k.starts_with("search/")));
}

#[test]
fn an_item_in_two_catalogs_is_one_result_carrying_both_places() {
    let (w, info, _) = build(None);
    let ix = load(&w, &info);
    let i = ix.items.iter().position(|i| i.id == id("20-1")).unwrap();
    assert_eq!(ix.owners_of(i), vec!["430102", "430121"]);
    assert_eq!(ix.items.iter().filter(|i| i.id == id("20-1")).count(), 1);
}

#[test]
fn citizens_words_find_catalog_items() {
    let (w, info, _) = build(None);
    let ix = load(&w, &info);
    assert_eq!(top_item(&ix, "低保").as_deref(), Some(id("20-1").as_str()));
    assert_eq!(top_item(&ix, "dibao").as_deref(), Some(id("20-1").as_str()));
    assert_eq!(top_item(&ix, "db").as_deref(), Some(id("20-1").as_str()));
    assert_eq!(top_item(&ix, "上户口").as_deref(), Some(id("22-1").as_str()));
    assert_eq!(top_item(&ix, "農機補貼").as_deref(), Some(id("23-1").as_str()));
    assert_eq!(top_item(&ix, "农机补贴").as_deref(), Some(id("23-1").as_str()));
    assert_eq!(top_item(&ix, "gengdi").as_deref(), Some(id("23-2").as_str()));
}

#[test]
fn entries_come_newest_first_with_their_place() {
    let (w, info, _) = build(None);
    let ix = load(&w, &info);
    let plan = ix.plan("低保名单");
    let hits: Vec<_> = ix.entry_candidates(&plan).into_iter().filter_map(|d| ix.entry_hit(&plan, d)).collect();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].entry.place, "430102001");
    assert_eq!(hits[1].entry.place, "430121001");
}

#[test]
fn a_county_thesaurus_extends_the_built_in_one_and_bad_lines_are_reported() {
    let (w, info, diags) = build(Some("俗称,规范用语\n种地补贴、地力补贴,耕地地力保护补贴\n只有一列\n"));
    let ix = load(&w, &info);
    assert_eq!(top_item(&ix, "种地补贴").as_deref(), Some(id("23-2").as_str()));
    assert_eq!(top_item(&ix, "低保").as_deref(), Some(id("20-1").as_str()));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].row, Some(3));
}

#[test]
fn the_thesaurus_is_read_by_the_bounded_decoder_of_every_csv_source() {
    let text = "俗称,规范用语\n种地补贴,耕地地力保护补贴\n";
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let mut bad = text.as_bytes().to_vec();
    bad.extend(b"\xFF\xFE\xFD,x\n");
    bad.splice(0..0, *b"\xEF\xBB\xBF");
    // (what, bytes, warning expected about replaced bytes)
    let cases: &[(&str, Vec<u8>, bool)] = &[
        ("UTF-8", text.as_bytes().to_vec(), false),
        ("UTF-16 LE with BOM", utf16, false),
        ("GBK", gbk.into_owned(), false),
        ("UTF-8 BOM with undecodable bytes", bad, true),
    ];
    for (what, bytes, replaced) in cases {
        let (w, info, diags) = build_with_bytes(Some(bytes), SearchOptions::default());
        let ix = load(&w, &info);
        assert_eq!(top_item(&ix, "种地补贴").as_deref(), Some(id("23-2").as_str()), "{what}");
        assert!(diags.iter().all(|d| !d.is_error()), "{what}: {diags:#?}");
        assert_eq!(diags.iter().any(|d| d.message.contains('�')), *replaced, "{what}: {diags:#?}");
    }
}

#[test]
fn an_oversize_thesaurus_is_an_error_not_read_into_memory() {
    let dir = source_dir("oversize", None);
    // Sparse: refused on its size alone, so the test costs no memory.
    let f = std::fs::File::create(dir.path().join("thesaurus.csv")).unwrap();
    f.set_len(gongkai_bundle::read::MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let mut w = BundleWriter::default();
    let (_, diags) = build_search_with(&mut w, &[], &[], &places(), dir.path(), &SearchOptions::default());
    let e: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(e.len(), 1, "{diags:#?}");
    assert!(e[0].message.contains("文件过大") && e[0].file.ends_with("thesaurus.csv"), "{}", e[0].message);
}

#[test]
fn the_fold_table_holds_only_characters_the_dataset_uses() {
    let charset: BTreeSet<char> = "农机补贴".chars().collect();
    let f = fold_table(&charset);
    assert_eq!(f.normalize("農機補貼"), "农机补贴");
    assert!(f.len() < 20, "{}", f.len());
    assert_eq!(f.normalize("發"), "發");
}

/// The items file and the index as the app has them before any query needed the sounds file.
fn without_sounds(w: &BundleWriter, info: &SearchInfo) -> (SearchMeta, SearchIndex) {
    let files = w.files();
    let meta: SearchMeta = serde_json::from_slice(&files[&info.meta]).unwrap();
    let items: SearchItems = serde_json::from_slice(&files[&meta.items]).unwrap();
    let mut ix = SearchIndex::new(meta.clone(), items.clone());
    ix.set_places(items.search_places());
    (meta, ix)
}

#[test]
fn fold_pairs_wait_in_the_sounds_file_unless_the_dataset_itself_holds_their_characters() {
    use gongkai_catalog::search::Fold;
    // Published in simplified characters: the meta file holds no pair, the sounds file all of them.
    let (w, info, _) = build(None);
    let (meta, ix) = without_sounds(&w, &info);
    assert!(meta.fold.is_empty(), "{}", meta.fold);
    let sounds: SearchSounds = serde_json::from_slice(&w.files()[&meta.sounds]).unwrap();
    let rest = Fold::from_pairs(&sounds.fold);
    assert_eq!(rest.normalize("農機補貼"), "农机补贴");
    // No character they fold from is read by the items file, so a query holding one waits for the
    // sounds file, and one without needs none.
    let items: SearchItems = serde_json::from_slice(&w.files()[&meta.items]).unwrap();
    let table = items.pinyin_table();
    assert!(rest.pairs().all(|(c, _)| table.0.binary_search(&c).is_err()));
    assert!(ix.needs_sounds("農機補貼") && ix.needs_sounds("低保 補"));
    assert!(!ix.needs_sounds("农机补贴") && !ix.needs_sounds("低保"));

    // Published with traditional characters (公開 in an item, 農業 in a title): theirs are in the
    // meta file, so the item is found by its simplified words before any sounds file.
    let catalogs = vec![catalog("430121", vec![
        item("x", 1, &["政务公開", "公開目录"]),
        item("23-1", 23, &["农业生产发展资金", "农机购置补贴"]),
    ])];
    let entries = vec![PlaceEntries {
        format_version: FORMAT_VERSION,
        place: "430121001".into(),
        entries: vec![entry("23-1", "2026年農業补贴公示", 2026, 3, 1)],
    }];
    let dir = source_dir("fold", None);
    let mut w = BundleWriter::default();
    let (info, _) = build_search_with(&mut w, &catalogs, &entries, &places(), dir.path(), &SearchOptions::default());
    let (meta, ix) = without_sounds(&w, &info);
    let held = Fold::from_pairs(&meta.fold);
    assert_eq!(held.normalize("公開農業機"), "公开农业機", "the title's and the item's, not 機: {}", meta.fold);
    assert!(!ix.needs_sounds("公开目录"));
    assert_eq!(top_item(&ix, "公开目录").as_deref(), Some(item_id(1, &["政务公開", "公開目录"]).as_str()));
    let sounds: SearchSounds = serde_json::from_slice(&w.files()[&meta.sounds]).unwrap();
    assert_eq!(Fold::from_pairs(&sounds.fold).normalize("農機"), "農机", "the rest: {}", sounds.fold);
    // Once the sounds file is added, a query folds through both.
    let mut ix = ix;
    assert!(ix.needs_sounds("公開農機"));
    ix.add_sounds(&sounds);
    assert_eq!(ix.plan("公開農機").normalized, "公开农机");
}

#[test]
fn thesaurus_terms_are_spelled_from_the_items_files_pinyin_table_as_the_build_reads_them() {
    let (w, info, _) = build(Some("俗称,规范用语\n社保卡,社会保障卡\n"));
    let (meta, ix) = without_sounds(&w, &info);
    // Written without their pinyin (search version 12)...
    assert!(meta.thesaurus.len() > 20 && meta.thesaurus.iter().all(|t| t.pinyin.is_empty() && t.initials.is_empty()));
    // ...and read with the very syllables the build gives each term, built-in or the county's.
    assert_eq!(ix.thesaurus.entries.len(), meta.thesaurus.len());
    for t in &ix.thesaurus.entries {
        let syl = syllables_of(&t.term);
        assert_eq!(t.pinyin, syl.concat(), "{}", t.term);
        assert_eq!(t.initials, syl.iter().filter_map(|s| s.chars().next()).collect::<String>(), "{}", t.term);
    }
    let spelled = |q: &str| ix.thesaurus.spelled(q).map(|t| t.term.clone()).collect::<Vec<_>>();
    assert!(spelled("dibao").contains(&"低保".to_string()) && spelled("sbk").contains(&"社保卡".to_string()));
    assert_eq!(top_item(&ix, "dibao").as_deref(), Some(id("20-1").as_str()));
}

#[test]
fn pinyin_is_per_character_and_empty_for_separators() {
    assert_eq!(syllables_of("低保/A"), vec!["di", "bao", "", ""]);
    assert_eq!(syllables_of("農機"), vec!["nong", "ji"]);
    assert_eq!(syllables_of("绿化"), vec!["lv", "hua"]);
}

#[test]
fn the_items_file_reads_place_names_and_common_characters_by_sound() {
    let (w, info, _) = build(None);
    let meta: SearchMeta = serde_json::from_slice(&w.files()[&info.meta]).unwrap();
    assert_eq!(meta.search_version, gongkai_catalog::search::SEARCH_VERSION);
    let items: SearchItems = serde_json::from_slice(&w.files()[&meta.items]).unwrap();
    let sounds: SearchSounds = serde_json::from_slice(&w.files()[&meta.sounds]).unwrap();
    let mut table = items.pinyin_table();
    // The items file reads the dataset's own characters; the sounds file the other common ones.
    assert!(gongkai_catalog::search::syllables_in(&table, "宝")[0].is_empty());
    gongkai_catalog::search::add_sounds(&mut table, &sounds.sounds);
    // Ascending, one syllable per character: binary search needs it.
    assert!(table.0.len() > 1 && table.0.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(table.0.len(), table.1.len());
    let read = |s: &str| gongkai_catalog::search::syllables_in(&table, s);
    // Place names (星沙), characters typed in error (宝, 抵, 集) and the items' own.
    assert_eq!(read("星沙"), vec!["xing", "sha"]);
    assert_eq!(read("宝抵集"), vec!["bao", "di", "ji"]);
    assert_eq!(read("最低"), vec!["zui", "di"]);
    // The common characters are grouped by sound, not listed one by one.
    assert!(items.sounds.is_empty() && sounds.sounds.starts_with('a') && sounds.sounds.contains("bao"));
    assert_eq!(gongkai_bundle::search_index::common_characters().chars().count(), 3755);
}

#[test]
fn homophones_and_pinyin_find_items_and_entries_through_the_built_index() {
    let (w, info, _) = build(None);
    let ix = load(&w, &info);
    for (q, name) in [("低宝", "20-1"), ("抵保", "20-1"), ("出生登计", "22-1"), ("di bao", "20-1"), ("chu生登记", "22-1")] {
        assert_eq!(top_item(&ix, q).as_deref(), Some(id(name).as_str()), "{q}");
    }
    let plan = ix.plan("低宝名单");
    assert_eq!(ix.entry_candidates(&plan).len(), 2);
}

/// 1,200 townships under 长沙县 and 芙蓉区 (more than the items file holds), named by two common
/// characters each, so that their first syllables vary.
fn many_townships() -> Vec<RegisteredPlace> {
    let common: Vec<char> = gongkai_bundle::search_index::common_characters().chars().collect();
    let mut all = places();
    for i in 0..1200usize {
        let county = if i < 600 { "430121" } else { "430102" };
        let name: String = [common[i * 7 % common.len()], common[i * 13 % common.len()], '镇'].iter().collect();
        all.push(RegisteredPlace { code: format!("{county}{:03}", 100 + i % 600), name, kind: PlaceKind::Township, parent: Some(county.into()) });
    }
    all
}

#[test]
fn a_large_register_puts_its_townships_in_files_by_first_sound_found_as_before() {
    use gongkai_catalog::search::{town_file_of, town_key, TownFile, TOWNS_IN_ITEMS_MAX};
    let registered = many_townships();
    assert!(registered.len() > TOWNS_IN_ITEMS_MAX);
    let build = || {
        let mut w = BundleWriter::default();
        let dir = source_dir("many-townships", None);
        let (info, _) = build_search_with(&mut w, &[], &[], &registered, dir.path(), &SearchOptions::default());
        (w, info)
    };
    let (w, info) = build();
    assert_eq!(w.files(), build().0.files(), "the same register gives the same bytes");
    let files = w.files();
    let meta: SearchMeta = serde_json::from_slice(&files[&info.meta]).unwrap();
    let items: SearchItems = decode_listed(&meta.files, &meta.items, &files[&meta.items]).unwrap();
    // The items file keeps the city and the counties; every township is in one file, the one of
    // its first character's syllable as the browser reads it.
    let places = items.places();
    let kept: Vec<&str> = places.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(kept, ["430100", "430102", "430121"]);
    assert_eq!(meta.towns.first().map(String::as_str), Some(""));
    assert!(meta.towns.windows(2).all(|w| w[0] < w[1]), "ascending: {:?}", meta.towns);
    assert!(meta.towns.len() >= 8 && meta.towns.len() <= 20, "about √(8·n)·n files: {}", meta.towns.len());
    // The characters only township names hold are read from their files and the sounds file, not
    // the items file (search version 15): a name typed loads the sounds file, then its file.
    let items_table = items.pinyin_table();
    let sounds: SearchSounds = decode_listed(&meta.files, &meta.sounds, &files[&meta.sounds]).unwrap();
    let mut table = items_table.clone();
    gongkai_catalog::search::add_sounds(&mut table, &sounds.sounds);
    let held: BTreeSet<char> = items.search_places().iter().flat_map(|p| p.name.chars().collect::<Vec<_>>())
        .chain(meta.thesaurus.iter().flat_map(|t| t.term.chars().collect::<Vec<_>>())).collect();
    assert!(items_table.0.iter().all(|c| held.contains(c)), "the items file reads only what it or the meta file holds");
    let mut seen = BTreeSet::new();
    let mut only_towns = 0;
    for (k, _) in meta.towns.iter().enumerate() {
        let key = town_key(&meta, k).expect("every file is listed in the meta file");
        let file: TownFile = decode_listed(&meta.files, key, &files[key]).unwrap();
        let mut own = (Vec::new(), Vec::new());
        gongkai_catalog::search::add_sounds(&mut own, &file.pinyin);
        for row in &file.towns {
            let syllable = gongkai_catalog::search::syllables_in(&table, &row.1).swap_remove(0);
            assert_eq!(town_file_of(&meta.towns, &syllable), Some(k), "{} ({syllable})", row.1);
            assert!(seen.insert(row.0.clone()), "{} once", row.0);
            // Each character the items file does not read, the file reads, as the sounds file does.
            for c in row.1.chars().filter(|c| items_table.0.binary_search(c).is_err()) {
                let read = |t: &(Vec<char>, Vec<String>)| t.0.binary_search(&c).ok().map(|i| t.1[i].clone());
                assert_eq!(read(&own), read(&table), "{c} of {}", row.1);
                assert!(read(&own).is_some(), "{c} of {}", row.1);
                only_towns += 1;
            }
        }
        // And no other.
        assert!(own.0.iter().all(|c| items_table.0.binary_search(c).is_err() && file.towns.iter().any(|r| r.1.contains(*c))));
    }
    assert!(only_towns > 100, "the fixture's names hold characters no other text does: {only_towns}");
    assert_eq!(seen.len(), 1200 + 2, "the fixture's two townships too");
    // Every file is reachable from the meta file.
    assert!(files.keys().all(|k| *k == info.meta || meta.files.contains_key(k)));

    // Found as the app finds them: the file of the query's first sound, loaded on demand.
    let mut ix = SearchIndex::new(meta.clone(), items.clone());
    ix.set_places(items.search_places());
    for town in registered.iter().filter(|p| p.kind == PlaceKind::Township).step_by(97) {
        if ix.needs_sounds(&town.name) {
            ix.add_sounds(&sounds);
        }
        let plan = ix.plan(&town.name);
        for k in ix.missing_town_files(&plan) {
            let key = town_key(&meta, k).unwrap();
            ix.add_towns(k, &decode_listed::<TownFile>(&meta.files, key, &files[key]).unwrap());
        }
        let plan = ix.plan(&town.name);
        let hit = ix.search_places(&plan, 3).into_iter().next().map(|h| ix.places[h.place].clone());
        let hit = hit.unwrap_or_else(|| panic!("{} is found", town.name));
        assert_eq!((hit.code.as_str(), hit.parents.len()), (town.code.as_str(), 2), "{}", town.name);
    }
    // By its pinyin too, in an index that has not read the sounds file: the township file's readings
    // spell the names it adds.
    let mut ix = SearchIndex::new(meta.clone(), items.clone());
    ix.set_places(items.search_places());
    for town in registered.iter().filter(|p| p.kind == PlaceKind::Township).step_by(211) {
        let spelled: String = gongkai_catalog::search::syllables_in(&table, &town.name).concat();
        let plan = ix.plan(&spelled);
        assert!(!ix.needs_sounds(&spelled));
        for k in ix.missing_town_files(&plan) {
            let key = town_key(&meta, k).unwrap();
            ix.add_towns(k, &decode_listed::<TownFile>(&meta.files, key, &files[key]).unwrap());
        }
        let plan = ix.plan(&spelled);
        let found = ix.search_places(&plan, 20).into_iter().any(|h| ix.places[h.place].code == town.code);
        assert!(found, "{} by {spelled}", town.name);
    }
}

#[test]
fn with_township_files_a_townships_entries_name_it_where_the_items_file_does_not() {
    // Search version 16: a result of such a township's entry showed its code (430121001).
    let registered = many_townships();
    let published = |place: &str, title: &str| PlaceEntries {
        format_version: FORMAT_VERSION,
        place: place.into(),
        entries: (1..=6).map(|d| entry("20-1", &format!("{title}第{d}期低保名单公示"), 2026, 3, d)).collect(),
    };
    let entries = vec![published("430121", "长沙县"), published("430121001", "星沙街道")];
    let options = SearchOptions { scan_max_entries: 0, fragment_chunk: 4, ..Default::default() };
    let mut w = BundleWriter::default();
    let dir = source_dir("town-names", None);
    build_search_with(&mut w, &[], &entries, &registered, dir.path(), &options);
    let files = w.files();
    let (mut in_fragments, mut in_firsts) = (0, 0);
    let mut check = |e: EntryFragment| {
        let want = (e.place == "430121001").then(|| "星沙街道".to_string());
        assert_eq!(e.place_name, want, "{} of {}", e.title, e.place);
    };
    for (key, bytes) in files.iter() {
        if key.starts_with("search/frag-") {
            let chunk: FragmentChunk = serde_json::from_slice(bytes).unwrap();
            (0..chunk.len()).map(|i| chunk.entry(i).unwrap()).for_each(&mut check);
            in_fragments += chunk.len();
        } else if key.starts_with("search/postings-") || key.starts_with("search/gram-") {
            let file: PostingShard = serde_json::from_slice(bytes).unwrap();
            let top = file.top_entries();
            in_firsts += top.len();
            top.into_iter().for_each(|(_, e)| check(e));
        }
    }
    assert_eq!(in_fragments, 12, "every entry in a fragment");
    assert!(in_firsts > 0, "and first docs shown from the posting files");
    // The county is in the items file, which names it: its entries carry no name.
    assert!(files.iter().filter(|(k, _)| k.starts_with("search/frag-")).all(|(_, b)| !String::from_utf8_lossy(b).contains("长沙县\"")));
}

/// 12 entries of one township and a layout of one entry per fragment, two fragments a page: 6 pages,
/// more than a page of them.
fn twelve_fragments() -> (Vec<PlaceEntries>, SearchOptions) {
    let entries = vec![PlaceEntries {
        format_version: FORMAT_VERSION,
        place: "430121001".into(),
        entries: (1..=12).map(|d| entry("20-1", &format!("第{d}期低保名单公示"), 2026, 3, d)).collect(),
    }];
    (entries, SearchOptions { scan_max_entries: 0, fragment_chunk: 1, list_page: 2, ..Default::default() })
}

#[test]
fn past_a_page_of_fragment_pages_the_meta_file_lists_index_pages_and_every_entry_is_reached() {
    use gongkai_catalog::search::FRAGMENT_PAGES;
    let (entries, options) = twelve_fragments();
    let mut w = BundleWriter::default();
    let dir = source_dir("fragidx", None);
    let (info, _) = build_search_with(&mut w, &[], &entries, &places(), dir.path(), &options);
    let files = w.files();
    let file = |k: &str| files.get(k).unwrap_or_else(|| panic!("{k} is written")).as_slice();
    let meta: SearchMeta = serde_json::from_slice(file(&info.meta)).unwrap();
    assert!(meta.frag_index && meta.fragments == 12);
    let listed = |prefix: &str| meta.files.keys().filter(|k| k.starts_with(prefix)).count();
    assert_eq!((listed("search/frags-"), listed("search/fragidx-")), (0, 3), "6 pages in 3 index pages");
    // Each chunk through its chain, newest first: meta → index page → fragment page → chunk.
    let mut reached: BTreeSet<String> = meta.files.keys().cloned().collect();
    let titles: Vec<String> = (0..meta.fragments)
        .map(|j| {
            let ik = FRAGMENT_PAGES.index_key(&meta, j).unwrap();
            let index: SearchFileList = decode_listed(&meta.files, ik, file(ik)).unwrap();
            let pk = FRAGMENT_PAGES.page_key(&meta, &index.files, j).unwrap();
            let page: SearchFileList = decode_listed(&index.files, pk, file(pk)).unwrap();
            let fk = fragment_key(&page.files, j).unwrap();
            let chunk: FragmentChunk = decode_listed(&page.files, fk, file(fk)).unwrap();
            reached.extend([pk.to_string(), fk.to_string()]);
            chunk.title[0].clone()
        })
        .collect();
    assert_eq!(titles, (1..=12).rev().map(|d| format!("第{d}期低保名单公示")).collect::<Vec<_>>());
    for k in meta.files.keys().filter(|k| k.starts_with("search/shards-") || k.starts_with("search/locals-")) {
        let page: SearchFileList = serde_json::from_slice(file(k)).unwrap();
        reached.extend(page.files.into_keys());
    }
    for k in reached.clone().iter().filter(|k| k.starts_with("search/local-")) {
        let local: gongkai_catalog::search::LocalDocs = serde_json::from_slice(file(k)).unwrap();
        reached.extend(local.files.into_keys());
    }
    reached.insert(info.meta.clone());
    assert_eq!(reached, files.keys().cloned().collect::<BTreeSet<_>>(), "every file is reached through the lists");
}

#[test]
fn the_chain_from_the_manifest_reaches_every_township_file_and_fragment_and_shard_index_page() {
    let (entries, options) = twelve_fragments();
    // Shard list pages through index pages too (search version 14), and the common n-grams' own files.
    let options = SearchOptions { shard_index_min: 0, own_file_bytes: 4, ..options };
    let mut w = BundleWriter::default();
    let dir = source_dir("walk-towns", None);
    let (info, _) = build_search_with(&mut w, &[], &entries, &many_townships(), dir.path(), &options);
    let m = manifest_of(&w, &info);
    let manifest = serde_json::to_vec(&m).unwrap();
    let files = w.files();
    let read = |k: &str| if k == "manifest.json" { Some(manifest.clone()) } else { files.get(k).cloned() };
    let reached = gongkai_bundle::verify::walk(read).expect("every search file verifies through its chain");
    let written: BTreeSet<&String> = files.keys().collect();
    assert_eq!(reached.files.keys().collect::<BTreeSet<_>>(), written);
    for prefix in [
        "search/towns-", "search/fragidx-", "search/frags-", "search/frag-", "search/items.", "search/locals-", "search/local-",
        "search/place-", "search/region-", "search/shardidx-", "search/shards-", "search/postings-", "search/gram-",
    ] {
        assert!(written.iter().any(|k| k.starts_with(prefix)), "{prefix} written and reached");
    }
}

#[test]
fn each_shard_carries_what_the_first_docs_of_its_ngrams_show_as_their_fragments_do() {
    use gongkai_catalog::search::{delta_decode, TOP_DOCS};
    // 20 entries of one item: 低保 is in every title, 第20期 in one.
    let entries = vec![PlaceEntries {
        format_version: FORMAT_VERSION,
        place: "430121001".into(),
        entries: (1..=20).map(|d| entry("20-1", &format!("第{d}期低保名单公示"), 2026, 3, d)).collect(),
    }];
    let options = SearchOptions { scan_max_entries: 0, fragment_chunk: 3, list_page: 4, ..Default::default() };
    let mut w = BundleWriter::default();
    let (info, _) = build_search_with(&mut w, &[], &entries, &places(), source_dir("top-docs", None).path(), &options);
    let ix = load_through(&w, &info, manifest_of(&w, &info));
    let files = w.files();
    let mut shown = BTreeSet::new();
    for (k, bytes) in files.iter().filter(|(k, _)| k.starts_with("search/postings-")) {
        let shard: PostingShard = serde_json::from_slice(bytes).unwrap();
        let mut want: Vec<u32> = shard.grams.values().flat_map(|l| delta_decode(l).take(TOP_DOCS).collect::<Vec<_>>()).collect();
        want.sort_unstable();
        want.dedup();
        assert_eq!(delta_decode(&shard.top).collect::<Vec<_>>(), want, "{k}: the first docs of each n-gram, once");
        let rows = shard.top_entries();
        assert_eq!(rows.len(), want.len(), "{k}: a row per doc");
        for (doc, entry) in rows {
            assert_eq!(Some(entry), ix.fragment(doc), "{k}: doc {doc} as its fragment chunk has it");
            shown.insert(doc);
        }
    }
    let low: PostingShard = files
        .iter()
        .filter(|(k, _)| k.starts_with("search/postings-"))
        .map(|(_, b)| serde_json::from_slice::<PostingShard>(b).unwrap())
        .find(|s| s.grams.contains_key("低保"))
        .unwrap();
    assert_eq!(low.docs("低保").len(), 20);
    assert!(delta_decode(&low.top).count() >= TOP_DOCS, "低保's first 16 at least");
    // The newest (doc 0, 第20期) and the oldest (doc 19, 第1期, among the 11 holding 第1) are shown.
    assert!(shown.contains(&0) && shown.contains(&19));
}
