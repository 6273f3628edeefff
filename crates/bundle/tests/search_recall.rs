//! Search recall on the default dataset, natively: builds `data/` in memory, loads its search index
//! the way the app does (through the hash-checked lists), runs every query of
//! `scripts/bench-search/queries.json` and prints recall@10 and the misses. The result list is the
//! app's: places first, then items, then entries (`src/search_client.rs`); a result is relevant when
//! its text contains one of the query's `rel` strings, as `scripts/bench-search/bench.mjs` judges in
//! the browser.
//!
//! Ignored by default (it builds the whole dataset): `scripts/bench-search/recall.sh` runs it, or
//! `cargo test --release -p gongkai-bundle --test search_recall -- --ignored --nocapture`.

mod support;

use gongkai_bundle::build::build_source;
use gongkai_catalog::search::{
    arrange_items, county_of, item_text, local_key, local_list_key, place_key, region_key, FragmentChunk, ItemHit, LocalDocs, PlaceDocs, region_entries, SearchFileList, SearchIndex,
    SearchItems, SearchMeta, SHOWN_PLACES,
};
use gongkai_catalog::{decode_listed, Manifest};
use gongkai_view::search::entry_place;
use std::collections::BTreeMap;
use std::path::Path;

/// As the app shows them (`src/search_client.rs`).
const SHOWN_ITEMS: usize = 8;
const SHOWN_ENTRIES: usize = 8;
/// Recall below this fails the run: the benchmark's queries are meant to be found.
const RECALL_FLOOR: f64 = 0.85;

fn load(bundle: &gongkai_bundle::build::Bundle) -> SearchIndex {
    let m: &Manifest = &bundle.whole_manifest();
    let files = bundle.writer.files();
    let file = |k: &str| files.get(k).unwrap_or_else(|| panic!("{k} missing")).as_slice();
    let info = m.search.as_ref().expect("the default dataset has a search index");
    let meta: SearchMeta = m.decode_file(&info.meta, file(&info.meta)).unwrap();
    let items: SearchItems = decode_listed(&meta.files, &meta.items, file(&meta.items)).unwrap();
    let mut ix = support::load_search_index(&meta, &file);
    ix.set_places(items.search_places());
    ix
}

/// The local file of a place's county, as the app loads it for a query naming the place
/// (`src/search_client.rs`, `local_docs`; read once, as the app's loader keeps it).
fn local_file(bundle: &gongkai_bundle::build::Bundle, meta: &SearchMeta, place: &str) -> Option<LocalDocs> {
    let files = bundle.writer.files();
    let county = county_of(place)?;
    let page_key = local_list_key(meta, county)?;
    let page: SearchFileList = decode_listed(&meta.files, page_key, files.get(page_key)?).ok()?;
    let key = local_key(&page.files, county)?;
    decode_listed(&page.files, key, files.get(key)?).ok()
}

/// The file of a city's or a province's newest entries of each item, as the app loads it for a query
/// naming the region (`src/search_client.rs`, `region_file`).
fn region_file(bundle: &gongkai_bundle::build::Bundle, meta: &SearchMeta, region: &str) -> Option<FragmentChunk> {
    let files = bundle.writer.files();
    let page_key = local_list_key(meta, region)?;
    let page: SearchFileList = decode_listed(&meta.files, page_key, files.get(page_key)?).ok()?;
    let key = region_key(&page.files, region)?;
    decode_listed(&page.files, key, files.get(key)?).ok()
}

/// The texts of the first ten results, as the app lists them. `locals`: the local files of the
/// counties of the places queries name, by county; `regions`: the files of the cities and provinces
/// they name.
fn top10(ix: &SearchIndex, m: &Manifest, q: &str, locals: &BTreeMap<String, LocalDocs>, regions: &BTreeMap<String, FragmentChunk>) -> Vec<String> {
    let plan = ix.plan(q);
    let items = ix.items_named(&plan);
    // The place named, or the namesakes together (朝阳区), as the app adds them.
    let named = PlaceDocs::union(plan.place.iter().chain(&plan.namesakes).filter_map(|p| match county_of(p) {
        Some(county) => Some(ix.place_docs(&items, locals.get(county)?, p)),
        None => Some(ix.region_docs(&items, regions.get(p)?)),
    }));
    let mut out: Vec<String> = ix
        .search_places(&plan, SHOWN_PLACES)
        .into_iter()
        .map(|h| {
            let p = &ix.places[h.place];
            format!("地区 {} {}", p.name, p.parents.join(" "))
        })
        .collect();
    // As the app lists them (src/search_client.rs): items before the entries, the entries filling
    // the room items leave, then the partial item matches kept for after them.
    let (before, after) = arrange_items(ix.search_items(&plan, &|_| true, SHOWN_ITEMS));
    let item = |h: &ItemHit| format!("事项 {}", h.text.replace('/', " / "));
    out.extend(before.iter().map(item));
    let room = SHOWN_ENTRIES + SHOWN_ITEMS.saturating_sub(before.len());
    for doc in ix.entry_candidates_named(&plan, None, named.as_ref()).into_iter().take(room) {
        if let Some(hit) = ix.entry_hit(&plan, doc) {
            // As the app names it: a township with its county (淮川街道（浏阳市）).
            let name = |code: &str| m.place(code).map(|p| p.name.clone());
            let place = entry_place(&hit.entry.place, None, &name, false).unwrap_or_default();
            out.push(format!("信息 {} {} · {}", hit.entry.title, place, hit.entry.date));
        }
    }
    out.extend(after.iter().map(item));
    out.truncate(10);
    out
}

#[derive(serde::Deserialize)]
struct Query {
    q: String,
    rel: Vec<String>,
    /// What the query tests (exact, colloquial, former, pinyin, spaced, mixed, homophone, traditional,
    /// partial, place): recall is printed per kind too.
    #[serde(default)]
    kind: String,
}

#[test]
#[ignore = "builds the default dataset; run by scripts/bench-search/recall.sh"]
fn recall_on_the_default_dataset() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let queries: Vec<Query> =
        serde_json::from_slice(&std::fs::read(root.join("scripts/bench-search/queries.json")).unwrap()).unwrap();
    let bundle = build_source(&root.join("data")).bundle.expect("data/ builds");
    let mut ix = load(&bundle);
    let m = &bundle.whole_manifest();
    // Everything a result could be, to count how many relevant results exist (as bench.mjs does).
    let mut records: Vec<String> = ix.items.iter().map(|it| item_text(it.domain, &it.path).replace('/', " / ")).collect();
    // A place stands for its name (a township's result shows its county too, which is not what it is).
    records.extend(ix.places.iter().map(|p| p.name.clone()));
    for doc in 0..ix.meta.entries {
        if let Some(e) = ix.fragment(doc) {
            records.push(e.title);
        }
    }
    let relevant = |rel: &[String], text: &str| rel.iter().any(|r| text.contains(r.as_str()));
    let started = std::time::Instant::now();
    let (mut sum, mut counted, mut misses) = (0.0, 0usize, Vec::new());
    let mut times: Vec<(f64, String)> = Vec::new();
    let mut by_kind: std::collections::BTreeMap<&str, (f64, usize)> = Default::default();
    let mut locals: BTreeMap<String, LocalDocs> = Default::default();
    let mut regions: BTreeMap<String, FragmentChunk> = Default::default();
    for Query { q, rel, kind } in &queries {
        let total = records.iter().filter(|r| relevant(rel, r)).count();
        assert!(total > 0, "{q}: no record is relevant, fix its rel {rel:?}");
        // The counties' files, read before the clock starts (the app reads each once).
        let plan = ix.plan(q);
        for place in plan.place.into_iter().chain(plan.namesakes) {
            if let (Some(county), Some(file)) = (county_of(&place), local_file(&bundle, &ix.meta, &place)) {
                // And the place's own newest entries, when a list the query looks up is cut
                // (search version 18; the app fetches the file then).
                let files = bundle.writer.files();
                // A county's newest of each item too (search version 20).
                if ix.needs_place_entries(&plan.grams) || ix.needs_place_entries(&plan.fallback) {
                    for (name, key) in [(place.clone(), place_key(&file.files, &place)), (region_entries(&place), region_key(&file.files, &place))] {
                        if let Some(own) = key.and_then(|k| decode_listed::<FragmentChunk>(&file.files, k, files.get(k)?).ok()) {
                            ix.add_place_entries(&name, &own);
                        }
                    }
                }
                locals.entry(county.to_string()).or_insert(file);
            } else if let Some(file) = region_file(&bundle, &ix.meta, &place).filter(|_| county_of(&place).is_none()) {
                // A region's file, its rows added as the app adds them.
                ix.add_place_entries(&region_entries(&place), &file);
                regions.entry(place.clone()).or_insert(file);
            }
        }
        let t0 = std::time::Instant::now();
        let top = top10(&ix, m, q, &locals, &regions);
        times.push((t0.elapsed().as_secs_f64() * 1000.0, q.clone()));
        let hits = top.iter().filter(|t| relevant(rel, t)).count();
        let recall = hits as f64 / total.min(10) as f64;
        sum += recall;
        counted += 1;
        let k = by_kind.entry(kind.as_str()).or_default();
        k.0 += recall;
        k.1 += 1;
        if recall < 1.0 {
            let mut line = format!("  {q:<14} recall {recall:.2} ({hits}/{})", total.min(10));
            if std::env::var_os("RECALL_VERBOSE").is_some() {
                for t in &top {
                    line.push_str(&format!("\n      {} {t}", if relevant(rel, t) { '+' } else { '-' }));
                }
            } else {
                line.push_str(&format!(" first: {}", top.first().map_or("(nothing)", |s| s.as_str())));
            }
            misses.push(line);
        }
    }
    let recall = sum / counted as f64;
    println!(
        "{} queries on the default dataset ({} items, {} entries, {} places): recall@10 {recall:.3}, {} ms for all",
        counted,
        ix.items.len(),
        ix.meta.entries,
        ix.places.len(),
        started.elapsed().as_millis()
    );
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize].0;
    println!(
        "search time per query (native, whole query): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({})",
        pct(0.5),
        pct(0.95),
        times.last().unwrap().0,
        times.last().unwrap().1
    );
    let kinds: Vec<String> = by_kind.iter().map(|(k, (s, n))| format!("{k} {:.3} ({n})", s / *n as f64)).collect();
    println!("by kind: {}", kinds.join(", "));
    println!("misses ({}):\n{}", misses.len(), misses.join("\n"));
    assert!(recall >= RECALL_FLOOR, "recall@10 {recall:.3} is under {RECALL_FLOOR}");
}
