//! Writes the search index (see `gongkai_catalog::search` for the files and why they are split).
//!
//! The build side does what the browser must not carry: traditional → simplified conversion with
//! `fast2s` (its full table stays here; the bundle gets only the pairs that fold onto characters the
//! dataset uses) and pinyin with `pinyin` (each character's reading once, for every item's text).

use crate::diagnostic::Diagnostic;
use crate::register::RegisteredPlace;
use crate::write::BundleWriter;
use gongkai_catalog::search::thesaurus::{parse_thesaurus_csv, DEFAULT_THESAURUS};
use gongkai_catalog::search::{
    delta_encode, grams, owners_to_hex, group_sounds, shard_of, EntryFragment, Fold, FragmentChunk,
    PostingShard, SearchFileList, SearchItem, SearchItems, SearchMeta, ThesaurusEntry, FRAGMENT_CHUNK,
    LIST_PAGE, POSTING_CAP, SCAN_MAX_ENTRIES, SEARCH_VERSION,
};
use gongkai_catalog::{Catalog, PlaceEntries, SearchInfo, FORMAT_VERSION};
use pinyin::ToPinyin;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Aim for posting shards of about this many bytes of JSON (about a third of it gzipped), so a
/// query's few shards stay well under 100 kB on the wire at 100× the default dataset.
pub const TARGET_SHARD_BYTES: usize = 24_000;
/// At most 2^this many posting shards.
pub const MAX_SHARD_BITS: u8 = 12;

/// Builds the search index of the assembled catalogs and entries into `writer`, reading the source
/// folder's optional `thesaurus.csv`; returns what the manifest's `search` field holds, and warnings
/// about thesaurus lines it could not read.
///
/// Places are searched by the names the manifest carries; the index adds the readings of their
/// characters (xingsha → 星沙街道).
pub fn build_search(
    writer: &mut BundleWriter,
    catalogs: &[Catalog],
    entries: &[PlaceEntries],
    places: &[RegisteredPlace],
    source_dir: &Path,
) -> (SearchInfo, Vec<Diagnostic>) {
    build_search_with(writer, catalogs, entries, places, source_dir, &SearchOptions::default())
}

/// How the index is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Up to this many entries, no postings: one fragment file, scanned in the browser.
    pub scan_max_entries: usize,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions { scan_max_entries: SCAN_MAX_ENTRIES }
    }
}

/// [`build_search`] with the layout given.
pub fn build_search_with(
    writer: &mut BundleWriter,
    catalogs: &[Catalog],
    entries: &[PlaceEntries],
    places: &[RegisteredPlace],
    source_dir: &Path,
    options: &SearchOptions,
) -> (SearchInfo, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let plain = Fold::default();
    let norm = |s: &str| plain.normalize(&fast2s::convert(s));

    // Thesaurus: built-ins, then the county's rows (a county row for a built-in term replaces it).
    let mut thesaurus: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (term, canon) in DEFAULT_THESAURUS {
        let canon: Vec<String> = canon.split('、').map(&norm).collect();
        thesaurus.insert(norm(term), canon);
    }
    let csv_path = source_dir.join("thesaurus.csv");
    if let Ok(bytes) = std::fs::read(&csv_path) {
        let text = fast2s::convert(&decode(&bytes));
        let (rows, bad) = parse_thesaurus_csv(&text, &plain);
        for (term, canon) in rows {
            thesaurus.insert(term, canon);
        }
        for line in bad {
            diags.push(
                Diagnostic::warning(
                    &csv_path,
                    "同义词行需要「俗称,规范用语」两列，已跳过",
                    "a thesaurus line needs two columns, 俗称,规范用语; skipped",
                )
                .at_row(line),
            );
        }
    }
    let thesaurus: Vec<ThesaurusEntry> = thesaurus
        .into_iter()
        .map(|(term, canonical)| {
            let syl = syllables_of(&term);
            ThesaurusEntry {
                pinyin: syl.concat(),
                initials: syl.iter().filter_map(|s| s.chars().next()).collect(),
                term,
                canonical,
            }
        })
        .collect();

    // Items: distinct by id (the same item has the same id in every catalog), with their owners.
    // An item is 示例 in search only where every catalog holding it marks its row so.
    // 事项类型 and 公开内容标题 are searched too: each distinct text once, in first-seen order.
    let mut items: BTreeMap<&str, (&gongkai_catalog::DisclosureItem, BTreeSet<&str>, bool, Vec<String>)> = BTreeMap::new();
    for c in catalogs {
        for it in &c.items {
            let e = items.entry(it.id.as_str()).or_insert((it, BTreeSet::new(), true, Vec::new()));
            e.1.insert(c.owner.as_str());
            e.2 &= it.sample;
            for t in it.item_type.iter().chain(&it.content_titles) {
                if !t.is_empty() && !e.3.contains(t) {
                    e.3.push(t.clone());
                }
            }
        }
    }
    let owner_codes: Vec<String> = catalogs.iter().map(|c| c.owner.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    // Each character's reading once, for the whole items file.
    let mut readings: BTreeMap<char, String> = BTreeMap::new();
    let items: Vec<SearchItem> = items
        .into_values()
        .map(|(it, owners, sample, also)| {
            let owners: Vec<usize> =
                owners.iter().filter_map(|o| owner_codes.binary_search_by(|c| c.as_str().cmp(o)).ok()).collect();
            let search_item = SearchItem {
                id: it.id.clone(),
                domain: it.domain,
                path: it.path.clone(),
                owners: owners_to_hex(&owners, owner_codes.len()),
                sample,
                also,
            };
            let text = search_item.text();
            for (c, syl) in text.chars().zip(syllables_of(&text)) {
                if !syl.is_empty() {
                    readings.insert(c, syl);
                }
            }
            search_item
        })
        .collect();

    // Readings of the place names and the thesaurus terms too (星沙 → xingsha); the common
    // characters' readings go, grouped by sound, into `sounds`: a character typed in error is read
    // by its sound.
    let more = places.iter().map(|p| p.name.as_str()).chain(thesaurus.iter().map(|t| t.term.as_str()));
    for text in more {
        for (c, syl) in text.chars().zip(syllables_of(text)) {
            if !syl.is_empty() {
                readings.entry(c).or_insert(syl);
            }
        }
    }
    let common = common_characters();
    let sounds: BTreeMap<char, String> = common
        .chars()
        .zip(syllables_of(&common))
        .filter(|(c, s)| !s.is_empty() && !readings.contains_key(c))
        .collect();

    // Entry docs in rank order: newest first, ties by place, item, title.
    let mut docs: Vec<EntryFragment> = entries
        .iter()
        .flat_map(|pe| {
            pe.entries.iter().map(|e| EntryFragment {
                place: pe.place.clone(),
                item: e.item.clone(),
                title: e.title.clone(),
                date: e.date,
                kind: e.kind,
                sample: e.sample,
            })
        })
        .collect();
    docs.sort_by(|a, b| {
        (b.date, &a.place, &a.item, &a.title).cmp(&(a.date, &b.place, &b.item, &b.title))
    });

    // A small dataset is scanned in the browser: no postings, one fragment file (SCAN_MAX_ENTRIES).
    let scan = docs.len() <= options.scan_max_entries;
    let chunk = if scan { docs.len().max(1) } else { FRAGMENT_CHUNK as usize };
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut charset: BTreeSet<char> = BTreeSet::new();
    for (doc, d) in docs.iter().enumerate() {
        let n = norm(&d.title);
        charset.extend(n.chars());
        if scan {
            continue;
        }
        for g in grams(&n) {
            let list = postings.entry(g).or_default();
            if list.len() < POSTING_CAP {
                list.push(doc as u32);
            }
        }
    }
    for it in &items {
        charset.extend(norm(&it.text()).chars());
    }
    for t in &thesaurus {
        charset.extend(t.term.chars());
        t.canonical.iter().for_each(|c| charset.extend(c.chars()));
    }

    // Shards: the fewest hash ranges that keep each near TARGET_SHARD_BYTES.
    let total: usize = postings.iter().map(|(g, l)| g.len() + 6 + l.len() * 4).sum();
    let mut bits = 0u8;
    while bits < MAX_SHARD_BITS && total >> bits > TARGET_SHARD_BYTES {
        bits += 1;
    }
    let mut shards: Vec<PostingShard> =
        (0..1u32 << bits).map(|_| PostingShard { format_version: FORMAT_VERSION, ..Default::default() }).collect();
    for (g, list) in postings {
        let s = shard_of(&g, bits) as usize;
        shards[s].grams.insert(g, delta_encode(&list));
    }
    // Shards and fragments are listed in pages of LIST_PAGE, the pages and the items file in the meta.
    let mut meta_files = BTreeMap::new();
    let mut pages: BTreeMap<u32, SearchFileList> = BTreeMap::new();
    for (i, s) in shards.iter().enumerate().filter(|(_, s)| !s.grams.is_empty()) {
        let (key, r) = writer.add_nested_json("search", &format!("postings-{i}"), s);
        pages.entry(i as u32 / LIST_PAGE).or_default().files.insert(key, r);
    }
    add_pages(writer, "shards", pages, &mut meta_files);
    let mut pages: BTreeMap<u32, SearchFileList> = BTreeMap::new();
    let mut fragments = 0;
    for (i, run) in docs.chunks(chunk).enumerate() {
        let c = FragmentChunk::from_entries(FORMAT_VERSION, (i * chunk) as u32, run);
        let (key, r) = writer.add_nested_json("search", &format!("frag-{i}"), &c);
        pages.entry(i as u32 / LIST_PAGE).or_default().files.insert(key, r);
        fragments += 1;
    }
    add_pages(writer, "frags", pages, &mut meta_files);

    let (items_key, r) = writer.add_nested_json(
        "search",
        "items",
        &SearchItems {
            format_version: FORMAT_VERSION,
            owners: owner_codes,
            pinyin_chars: readings.keys().collect(),
            pinyin: readings.values().map(String::as_str).collect::<Vec<_>>().join(" "),
            items,
            sounds: group_sounds(&sounds),
            places: SearchItems::place_rows(places.iter().map(|p| (p.code.as_str(), p.name.as_str(), p.parent.as_deref()))),
        },
    );
    meta_files.insert(items_key.clone(), r);
    let meta = SearchMeta {
        format_version: FORMAT_VERSION,
        search_version: SEARCH_VERSION,
        fold: fold_table(&charset).to_pairs(),
        thesaurus,
        items: items_key,
        entries: docs.len() as u32,
        shard_bits: bits,
        fragment_chunk: chunk as u32,
        scan,
        fragments,
        list_page: LIST_PAGE,
        files: meta_files,
    };
    let meta_key = writer.add_json("search", "meta", &meta);
    (SearchInfo { meta: meta_key }, diags)
}

/// Writes list pages `<stem>-<p>` and records them in the meta's files.
fn add_pages(
    writer: &mut BundleWriter,
    stem: &str,
    pages: BTreeMap<u32, SearchFileList>,
    meta_files: &mut BTreeMap<String, gongkai_catalog::FileRef>,
) {
    for (p, mut list) in pages {
        list.format_version = FORMAT_VERSION;
        let (key, r) = writer.add_nested_json("search", &format!("{stem}-{p}"), &list);
        meta_files.insert(key, r);
    }
}

/// Traditional → simplified pairs for every ideograph whose simplified form is in `charset`: the
/// browser folds what people type onto the dataset's characters without carrying the whole table.
pub fn fold_table(charset: &BTreeSet<char>) -> Fold {
    let mut map = BTreeMap::new();
    let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        if charset.contains(&c) {
            continue;
        }
        let simplified = fast2s::convert(&c.to_string());
        let mut s = simplified.chars();
        if let (Some(d), None) = (s.next(), s.next()) {
            if d != c && charset.contains(&d) {
                map.insert(c, d);
            }
        }
    }
    Fold::from_map(map)
}

/// The 3,755 common characters of GB2312 level 1 (rows 16–55), the ones people's input methods
/// offer first, so the ones typed in error.
pub fn common_characters() -> String {
    let mut bytes = Vec::new();
    for row in 0xB0u8..=0xD7 {
        for col in 0xA1u8..=0xFE {
            if row == 0xD7 && col > 0xF9 {
                break; // level 1 ends at 座 (0xD7F9)
            }
            bytes.extend([row, col]);
        }
    }
    encoding_rs::GBK.decode_without_bom_handling(&bytes).0.into_owned()
}

/// Plain pinyin of each character of `text` (after simplification), empty where there is none; ü is
/// written v, as people type it (lv for 绿).
pub fn syllables_of(text: &str) -> Vec<String> {
    text.chars()
        .map(|c| {
            let simplified = fast2s::convert(&c.to_string());
            let c = simplified.chars().next().unwrap_or(c);
            c.to_pinyin().map(|p| p.plain().replace('ü', "v")).unwrap_or_default()
        })
        .collect()
}

/// UTF-8 (BOM dropped), else GB18030 (covers GBK), as Excel on Chinese Windows saves CSV.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}
