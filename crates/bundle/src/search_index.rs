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
    county_of, delta_encode, gram_hash, owners_to_hex, group_sounds, shard_of, shard_of_hash, EntryFragment, LocalDocs, Fold, FragmentChunk, SearchSounds,
    PostingShard, SearchFileList, SearchItem, SearchItems, SearchMeta, ThesaurusEntry, TownFile, TownRow,
    FRAGMENT_CHUNK, LIST_PAGE, OWN_FILE_GRAMS_MAX, PLACE_SCAN_MAX, POSTING_CAP, REGION_PER_ITEM, SCAN_MAX_ENTRIES, SEARCH_VERSION, TOP_DOCS, TOWNS_IN_ITEMS_MAX,
};
use gongkai_catalog::PlaceKind;
use crate::spill::{Record, Records, SpillWriter};
use chrono::NaiveDate;
use gongkai_catalog::{Catalog, PlaceEntries, PublishedEntry, SearchInfo, FORMAT_VERSION};
use pinyin::ToPinyin;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// Aim for posting shards of about this many bytes of postings JSON. Each new n-gram a citizen types
/// fetches the shard it hashes to, with every other n-gram of that shard and their first docs'
/// fragments, which it does not use: small shards waste little. At 24,000 the default dataset's
/// shards were 11.3 kB gzip each, and typing 最低生活保障 fetched five of them (56 kB); at 6,000 they
/// are 3.5 kB (first search's data 96.0 → 58.9 kB, p95 per keystroke 29.0 → 28.8 ms); at 3,000 the
/// five are 8.9 kB instead of 15.1 (data 33.0 → 27.6 kB; 1,500 saves no more: the meta file names
/// more pages); 湖南's the same (52.1 → 52.3 kB), the nation's at `MAX_SHARD_BITS` either way.
pub const TARGET_SHARD_BYTES: usize = 3_000;
/// At most 2^this many posting shards: 16,384.
pub const MAX_SHARD_BITS: u8 = 14;
/// The n-grams whose posting lists a first query fetches, each through a list page of its own
/// (最低生活保障: 5). Shards hash all over the range, so no two of them share a page but by luck.
const QUERY_SHARDS: f64 = 5.0;

/// An n-gram whose posting list takes at least this many bytes of JSON (some 450 docs) has a file of
/// its own ([`gongkai_catalog::search::own_key`], search version 9) instead of a place in its shard:
/// a query of any other n-gram of the shard would fetch it for nothing. In the national index such
/// lists (3,000 docs, 4 kB gzip each) were half of what shards weighed, and a first search fetched
/// two or three of them beside the one it wanted in each of its five shards.
pub const OWN_FILE_BYTES: usize = 2_000;

/// Posting shards per list page for `2^bits` shards and `listed` files in the pages (the shards that
/// exist and the own files). A first search downloads the meta file, which names every page, and one
/// page per n-gram it looks up, each listing costing the same (a digest, which does not compress):
/// `N / p + QUERY_SHARDS · listed · p / N` listings for pages of `p` shards, the least of which is
/// taken over the powers of two (so that pages split the hash range evenly). With every shard listed
/// and no own files, about `√(N / QUERY_SHARDS)`: 8 a page for 512 shards, 64 for 16,384. Until format
/// 7 it was 32 a page, growing past 4,096 shards to keep the meta at 128 pages.
pub fn shard_page(bits: u8, listed: usize) -> u32 {
    let shards = f64::from(1u32 << bits);
    let cost = |p: u32| shards / f64::from(p) + QUERY_SHARDS * listed as f64 * f64::from(p) / shards;
    (0..=bits).map(|k| 1u32 << k).min_by(|a, b| cost(*a).total_cmp(&cost(*b))).unwrap_or(1)
}

/// Past this many shard list pages, the meta file lists index pages of them instead
/// ([`SearchMeta::shard_index`], search version 14): the default dataset's 62 stay listed, a
/// province's or the nation's 512 go in index pages. Every first search downloads the meta file, and
/// its listings are hashes, which gzip does not shrink: the nation's 512 pages were 11 of its 16 kB.
pub const SHARD_INDEX_MIN: usize = 64;

/// Shard list pages per index page, for `pages` of them: the fewest listings a first search reads,
/// `pages / k` in the meta file and `QUERY_SHARDS · k` in the index pages of its shards, least at
/// `k = √(pages / QUERY_SHARDS)`, rounded to a power of two (512 pages: 8 a page, 64 index pages).
pub fn shard_index(pages: usize) -> u32 {
    let pages = pages as f64;
    let cost = |k: u32| pages / f64::from(k) + QUERY_SHARDS * f64::from(k);
    (0..16).map(|b| 1u32 << b).min_by(|a, b| cost(*a).total_cmp(&cost(*b))).unwrap_or(1)
}

/// The bytes of JSON a delta-encoded posting list takes: its numbers and their commas.
fn list_json_bytes(deltas: &[u32]) -> usize {
    deltas.iter().map(|d| d.checked_ilog10().unwrap_or(0) as usize + 2).sum()
}

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
    /// Entry docs per fragment file, and fragment files per list page (tests make them small, to
    /// have many files from few entries).
    pub fragment_chunk: u32,
    pub list_page: u32,
    /// From this many bytes of JSON, an n-gram's posting list has a file of its own ([`OWN_FILE_BYTES`]).
    pub own_file_bytes: usize,
    /// Past this many shard list pages, the meta file lists index pages of them ([`SHARD_INDEX_MIN`]).
    pub shard_index_min: usize,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            scan_max_entries: SCAN_MAX_ENTRIES,
            fragment_chunk: FRAGMENT_CHUNK,
            list_page: LIST_PAGE,
            own_file_bytes: OWN_FILE_BYTES,
            shard_index_min: SHARD_INDEX_MIN,
        }
    }
}

/// [`build_search`] with the layout given, for entries held in memory (tests, small datasets): feeds
/// a [`SearchBuilder`] place by place.
pub fn build_search_with(
    writer: &mut BundleWriter,
    catalogs: &[Catalog],
    entries: &[PlaceEntries],
    places: &[RegisteredPlace],
    source_dir: &Path,
    options: &SearchOptions,
) -> (SearchInfo, Vec<Diagnostic>) {
    let mut dates: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for e in entries.iter().flat_map(|pe| &pe.entries) {
        *dates.entry(e.date).or_default() += 1;
    }
    let mut builder = SearchBuilder::new(catalogs, places, source_dir, &writer.scratch(), &dates, *options);
    let mut sorted: Vec<&PlaceEntries> = entries.iter().collect();
    sorted.sort_by(|a, b| a.place.cmp(&b.place));
    for pe in sorted {
        builder.add_place(&pe.place, &pe.entries);
    }
    builder.finish(writer)
}

/// The part of the search index made from the entries alone ([`SearchBuilder::finish_entries`]): what
/// the meta file says of it and names. Its files depend on nothing else, so a rebuild whose entries
/// did not change takes it, with its files, from the build memo ([`crate::memo`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntryIndex {
    pub docs: u32,
    pub scan: bool,
    pub chunk: u32,
    pub list_page: u32,
    pub bits: u8,
    /// Posting shards per list page ([`shard_page`]).
    #[serde(default)]
    pub shard_page: u32,
    pub fragments: u32,
    pub frag_index: bool,
    /// Shard list pages per index page, when the meta file lists index pages ([`shard_index`]); 0:
    /// it lists the shard list pages.
    #[serde(default)]
    pub shard_index: u32,
    pub local: bool,
    /// The list pages of the shards, fragments and counties' docs, as the meta file lists them.
    pub files: BTreeMap<String, gongkai_catalog::FileRef>,
    /// Every character of the entries' normalised titles (the fold table is cut to the dataset's).
    pub chars: String,
    /// The characters of the titles as published that their normalising changed (traditional ones,
    /// 開 of 公開): the browser folds them from its first keystroke (the meta file's fold pairs).
    #[serde(default)]
    pub raw: String,
}

/// Entry docs per scratch bucket: the docs of a run of dates, read back whole and sorted when the
/// fragments are written, so memory holds one bucket at a time (about 100 MB).
const BUCKET_DOCS: u32 = 500_000;

/// The search index, built place by place with bounded memory.
///
/// Entry docs are ranked newest first, ties by place, item and title, and a doc's id is its rank. The
/// builder is given the places in code order and, up front, how many entries each date has at most
/// ([`crate::entries::ResolvedEntries::dates`]), so each doc gets a *provisional* id as it arrives —
/// the docs of newer dates, plus those of its date already seen — in the same order as its final id;
/// the final id is its rank among the provisional ids used (duplicates dropped later leave gaps).
/// Posting lists keep the lowest [`POSTING_CAP`] ids; the docs themselves go to scratch files by date
/// and are read back one bucket at a time, in rank order, to write the fragments.
pub struct SearchBuilder<'a> {
    options: SearchOptions,
    plain: Fold,
    thesaurus: Vec<ThesaurusEntry>,
    items: Vec<SearchItem>,
    owner_codes: Vec<String>,
    readings: BTreeMap<char, String>,
    sounds: BTreeMap<char, String>,
    /// The places' rows of the items file.
    places: Vec<gongkai_catalog::search::PlaceRow>,
    /// The township files: the syllable each starts at, its townships ([`town_files`]) and the
    /// readings of their characters that the items file does not hold ([`TownFile::pinyin`]).
    towns: Vec<(String, Vec<TownRow>, String)>,
    /// Every character of every normalised text, as bits by code point.
    charset: Vec<u64>,
    /// Every character of the entries' titles as published, as bits by code point.
    raw_titles: Vec<u64>,
    /// Every character of the items' texts and the places' names as published: what the browser
    /// normalises of them from its first keystroke, so the fold pairs of these go in the meta file.
    raw_held: BTreeSet<char>,
    diags: Vec<Diagnostic>,
    /// Per date: the first provisional id, the next one, and its scratch bucket.
    slots: HashMap<NaiveDate, (u32, u32, usize)>,
    /// Provisional ids used, as bits.
    used: Vec<u64>,
    /// Per n-gram (as a number): ids at or above the first are past the cut already; the ids kept.
    postings: HashMap<u64, (u32, Vec<u32>), BuildGramHasher>,
    buckets: Vec<Option<SpillWriter>>,
    /// Per place, its docs' provisional ids (a record each), for the counties' [`LocalDocs`]; and
    /// each county's run of records (places come in code order, so a county's are contiguous).
    local: Option<SpillWriter>,
    local_runs: Vec<(String, u64, u64)>,
    /// Per county, the cities and the province above it in the register, for their files of the
    /// newest entries of each item ([`gongkai_catalog::search::region_key`]).
    regions: HashMap<String, Vec<String>>,
    scratch: std::path::PathBuf,
    docs: u32,
    _catalogs: std::marker::PhantomData<&'a ()>,
}

impl<'a> SearchBuilder<'a> {
    /// Readies the index of `catalogs` and `places`, reading the source folder's optional
    /// `thesaurus.csv`; `dates` bounds the entries per date to come; scratch files go under `scratch`.
    pub fn new(
        catalogs: &[Catalog],
        places: &[RegisteredPlace],
        source_dir: &Path,
        scratch: &Path,
        dates: &BTreeMap<NaiveDate, u32>,
        options: SearchOptions,
    ) -> SearchBuilder<'a> {
        let mut diags = Vec::new();
        let plain = Fold::default();
        let norm = |s: &str| plain.normalize(&fast2s::convert(s));

        // Thesaurus: built-ins, then the county's rows (a county row for a built-in term replaces it).
        let mut thesaurus: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (term, canon) in DEFAULT_THESAURUS {
            let canon: Vec<String> = canon.split('、').map(&norm).collect();
            thesaurus.insert(norm(term), canon);
        }
        // Optional; when present it is read like every CSV source (read::text: size cap, BOM incl.
        // UTF-16, GB18030, a warning for replaced bytes), and a file that cannot be read is an error.
        let csv_path = source_dir.join("thesaurus.csv");
        let text = if csv_path.exists() { crate::read::text::read_text(&csv_path, &mut diags) } else { None };
        if let Some(text) = text {
            let text = fast2s::convert(&text);
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
        // Their pinyin and initials are left empty (search version 12): the browser reads them from
        // the items file's pinyin table, which reads every character of the terms.
        let thesaurus: Vec<ThesaurusEntry> = thesaurus
            .into_iter()
            .map(|(term, canonical)| ThesaurusEntry { term, canonical, pinyin: String::new(), initials: String::new() })
            .collect();

        // Items: distinct by id (the same item has the same id in every catalog), with their owners.
        // An item is 示例 in search only where every catalog holding it marks its row so.
        // 事项类型 and 公开内容标题 are searched too: each distinct text once, in first-seen order.
        // Per item id: the item, the catalogs holding it, whether every one marks it 示例, its other texts.
        type Gathered<'a> = (&'a gongkai_catalog::DisclosureItem, BTreeSet<&'a str>, bool, Vec<String>);
        let mut items: BTreeMap<&str, Gathered> = BTreeMap::new();
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
        let mut sounds: BTreeMap<char, String> = common
            .chars()
            .zip(syllables_of(&common))
            .filter(|(c, s)| !s.is_empty() && !readings.contains_key(c))
            .collect();

        let raw_held: BTreeSet<char> =
            items.iter().flat_map(|it| it.text().chars().collect::<Vec<_>>()).chain(places.iter().flat_map(|p| p.name.chars())).collect();
        let (in_items, towns) = town_files(places, &readings);
        // With township files, the characters only their names hold are read from them, not from the
        // items file (search version 15: 1,580 of the nation's 3,181, some 4 kB gzip of every first
        // search), and from the sounds file, for a query that holds one (a township's name typed).
        if !towns.is_empty() {
            let kept: BTreeSet<char> = items
                .iter()
                .flat_map(|it| it.text().chars().collect::<Vec<_>>())
                .chain(in_items.iter().flat_map(|p| p.name.chars()))
                .chain(thesaurus.iter().flat_map(|t| t.term.chars()))
                .collect();
            let only_towns: Vec<char> = readings.keys().copied().filter(|c| !kept.contains(c)).collect();
            for c in only_towns {
                if let Some(syl) = readings.remove(&c) {
                    sounds.insert(c, syl);
                }
            }
        }
        let towns: Vec<(String, Vec<TownRow>, String)> = towns
            .into_iter()
            .map(|(start, rows)| {
                let own: BTreeMap<char, String> = rows
                    .iter()
                    .flat_map(|r| r.1.chars())
                    .filter(|c| !readings.contains_key(c))
                    .filter_map(|c| Some((c, sounds.get(&c)?.clone())))
                    .collect();
                (start, rows, group_sounds(&own))
            })
            .collect();
        let mut builder = SearchBuilder {
            options,
            plain,
            thesaurus,
            items,
            owner_codes,
            readings,
            sounds,
            places: SearchItems::place_rows(in_items.iter().map(|p| (p.code.as_str(), p.name.as_str(), p.parent.as_deref()))),
            towns,
            charset: vec![0; 0x110000 / 64],
            raw_titles: vec![0; 0x110000 / 64],
            raw_held,
            diags,
            slots: HashMap::new(),
            used: Vec::new(),
            postings: HashMap::default(),
            buckets: Vec::new(),
            local: None,
            local_runs: Vec::new(),
            regions: regions_above_counties(places),
            scratch: scratch.join("search"),
            docs: 0,
            _catalogs: std::marker::PhantomData,
        };
        // Provisional ids: the newest date first; a bucket holds a run of dates of about BUCKET_DOCS.
        let mut next = 0u32;
        let mut bucket = 0usize;
        let mut in_bucket = 0u32;
        for (&date, &n) in dates.iter().rev() {
            if in_bucket > 0 && in_bucket + n > BUCKET_DOCS {
                bucket += 1;
                in_bucket = 0;
            }
            builder.slots.insert(date, (next, next, bucket));
            next += n;
            in_bucket += n;
        }
        builder.used = vec![0; (next as usize).div_ceil(64)];
        builder.buckets = (0..=bucket).map(|_| None).collect();
        builder
    }

    fn norm(&self, s: &str) -> String {
        self.plain.normalize(&fast2s::convert(s))
    }

    fn add_chars(&mut self, text: &str) {
        add_bits(&mut self.charset, text);
    }

    /// Adds the entries of one place (places in code order, each once; entries of a date unique by
    /// item and title, and no more per date than `dates` allowed).
    pub fn add_place(&mut self, place: &str, entries: &[PublishedEntry]) {
        let mut order: Vec<&PublishedEntry> = entries.iter().collect();
        order.sort_by(|a, b| (b.date, &a.item, &a.title).cmp(&(a.date, &b.item, &b.title)));
        let mut keys: Vec<u64> = Vec::new();
        let mut ids: Vec<(u32, &PublishedEntry)> = Vec::new();
        for e in order {
            let Some(slot) = self.slots.get_mut(&e.date) else { continue };
            let id = slot.1;
            slot.1 += 1;
            let bucket = slot.2;
            self.used[id as usize / 64] |= 1 << (id % 64);
            self.docs += 1;
            ids.push((id, e));
            add_bits(&mut self.raw_titles, &e.title);
            let n = self.norm(&e.title);
            self.add_chars(&n);
            keys.clear();
            gram_keys(&n, &mut keys);
            for k in &keys {
                let (past, list) = self.postings.entry(*k).or_insert((u32::MAX, Vec::new()));
                if id >= *past {
                    continue;
                }
                list.push(id);
                if list.len() >= POSTING_CAP + POSTING_CAP / 2 {
                    // Keep the lowest ids only: POSTING_CAP ids below the next one means no id above it
                    // can ever make the cut.
                    list.select_nth_unstable(POSTING_CAP);
                    *past = list[POSTING_CAP];
                    list.truncate(POSTING_CAP);
                }
            }
            let mut r = Record::new();
            r.u32(id).date(e.date).kind(e.kind).u8(u8::from(e.sample)).str(place).str(&e.item).str(&e.title);
            let w = match &mut self.buckets[bucket] {
                Some(w) => w,
                slot @ None => match SpillWriter::create(&self.scratch.join(format!("docs-{bucket}.bin"))) {
                    Ok(w) => slot.insert(w),
                    Err(e) => return self.scratch_failed(&e),
                },
            };
            if let Err(e) = w.push(r.done()) {
                return self.scratch_failed(&e);
            }
        }
        self.add_local(place, &ids);
    }

    /// Records a place's docs and their items for its county's [`LocalDocs`] (none for a province
    /// or a city), and what its newest [`PLACE_SCAN_MAX`] show, for its own file (`gongkai_catalog::search::place_key`).
    /// `ids`: newest first.
    fn add_local(&mut self, place: &str, ids: &[(u32, &PublishedEntry)]) {
        let Some(county) = county_of(place).filter(|_| !ids.is_empty()) else { return };
        let mut r = Record::new();
        r.str(place).u32(ids.len() as u32);
        for &(id, e) in ids {
            r.u32(id).str(&e.item);
        }
        for &(_, e) in ids.iter().take(PLACE_SCAN_MAX) {
            r.date(e.date).kind(e.kind).u8(u8::from(e.sample)).str(&e.title);
        }
        // The newest REGION_PER_ITEM of each item, for its county's file and the regions above: by
        // position, with what they show where the newest PLACE_SCAN_MAX above do not hold it.
        let mut per_item: HashMap<&str, usize> = HashMap::new();
        let picks: Vec<usize> = (0..ids.len())
            .filter(|&i| {
                let n = per_item.entry(ids[i].1.item.as_str()).or_insert(0);
                *n += 1;
                *n <= REGION_PER_ITEM
            })
            .collect();
        r.u32(picks.len() as u32);
        for i in picks {
            r.u32(i as u32);
            if i >= PLACE_SCAN_MAX {
                let e = ids[i].1;
                r.date(e.date).kind(e.kind).u8(u8::from(e.sample)).str(&e.title);
            }
        }
        let w = match &mut self.local {
            Some(w) => w,
            slot @ None => match SpillWriter::create(&self.scratch.join("local.bin")) {
                Ok(w) => slot.insert(w),
                Err(e) => return self.scratch_failed(&e),
            },
        };
        let at = match w.push(r.done()) {
            Ok(at) => at,
            Err(e) => return self.scratch_failed(&e),
        };
        let end = w.len();
        match self.local_runs.last_mut() {
            Some((c, _, e)) if c == county => *e = end,
            _ => self.local_runs.push((county.to_string(), at, end)),
        }
    }

    fn scratch_failed(&mut self, e: &std::io::Error) {
        if self.diags.iter().all(|d| !d.is_error()) {
            self.diags.push(Diagnostic::error(
                &self.scratch,
                format!("无法写入构建的临时文件：{e}"),
                format!("cannot write the build's scratch file: {e}"),
            ));
        }
    }

    /// Writes the index into `writer`; returns what the manifest's `search` field holds, and
    /// warnings about thesaurus lines it could not read.
    pub fn finish(mut self, writer: &mut BundleWriter) -> (SearchInfo, Vec<Diagnostic>) {
        let part = self.finish_entries(writer);
        self.finish_items(part, writer)
    }

    /// The characters of every text added so far.
    fn charset(&self) -> BTreeSet<char> {
        chars_of(&self.charset).collect()
    }

    /// Writes the part of the index made from the entries alone (the posting shards, the fragments,
    /// the counties' docs and their list pages) and returns what the meta file needs of it.
    pub fn finish_entries(&mut self, writer: &mut BundleWriter) -> EntryIndex {
        let docs = self.docs as usize;
        // A small dataset is scanned in the browser: no postings, one fragment file (SCAN_MAX_ENTRIES).
        let scan = docs <= self.options.scan_max_entries;
        let chunk = if scan { docs.max(1) } else { self.options.fragment_chunk.max(1) as usize };
        let list_page = self.options.list_page.max(1);
        let chars: String = self.charset().into_iter().collect();
        // The titles' characters as published that are not as normalised (a title's own characters
        // are in `chars`).
        let raw: String = chars_of(&self.raw_titles).filter(|&c| self.charset[c as usize / 64] >> (c as usize % 64) & 1 == 0).collect();

        // Final ids: a provisional id's rank among those used.
        let mut before: Vec<u32> = Vec::with_capacity(self.used.len());
        let mut n = 0u32;
        for w in &self.used {
            before.push(n);
            n += w.count_ones();
        }
        let rank = |id: u32| before[id as usize / 64] + (self.used[id as usize / 64] & ((1u64 << (id % 64)) - 1)).count_ones();

        // Posting lists, delta-encoded; the common n-grams' apart, for files of their own.
        let mut postings: BTreeMap<String, (Vec<u32>, Vec<u32>)> = BTreeMap::new();
        let mut own_grams: BTreeMap<String, (Vec<u32>, Vec<u32>)> = BTreeMap::new();
        let own_file_bytes = self.options.own_file_bytes;
        if !scan {
            for (k, (_, mut list)) in std::mem::take(&mut self.postings) {
                list.sort_unstable();
                list.truncate(POSTING_CAP);
                let list: Vec<u32> = list.into_iter().map(rank).collect();
                let deltas = delta_encode(&list);
                let to = if list_json_bytes(&deltas) >= own_file_bytes { &mut own_grams } else { &mut postings };
                to.insert(gram_of(k), (list, deltas));
            }
        }
        self.postings = HashMap::default();

        // Shards: the fewest hash ranges that would keep each near TARGET_SHARD_BYTES with every
        // n-gram in them. Counted without the common n-grams, a shard would hold more of the others,
        // and with them more of what their first docs show (the default dataset's first search
        // fetched 40.5 kB of shards instead of 14.8).
        let total: usize = postings.iter().chain(&own_grams).map(|(g, (l, _))| g.len() + 6 + l.len() * 4).sum();
        let mut bits = 0u8;
        while bits < MAX_SHARD_BITS && total >> bits > TARGET_SHARD_BYTES {
            bits += 1;
        }
        let mut shards: Vec<PostingShard> =
            (0..1u32 << bits).map(|_| PostingShard { format_version: FORMAT_VERSION, ..Default::default() }).collect();
        // Per shard, the first docs of its n-grams, whose fragments it carries (written with the
        // fragments' data, below); and all of them, to keep those fragments when they are read back.
        let mut tops: Vec<Vec<u32>> = vec![Vec::new(); shards.len()];
        for (g, (list, deltas)) in postings {
            let s = shard_of(&g, bits) as usize;
            tops[s].extend(list.iter().take(TOP_DOCS));
            shards[s].grams.insert(g, deltas);
        }
        // The own files, by n-gram hash (n-grams of the same hash share one), with their first docs.
        let mut own: BTreeMap<u32, (PostingShard, Vec<u32>)> = BTreeMap::new();
        for (g, (list, deltas)) in own_grams {
            let (file, top) = own
                .entry(gram_hash(&g))
                .or_insert_with(|| (PostingShard { format_version: FORMAT_VERSION, ..Default::default() }, Vec::new()));
            top.extend(list.iter().take(TOP_DOCS));
            file.grams.insert(g, deltas);
        }
        for t in tops.iter_mut().chain(own.values_mut().map(|(_, t)| t)) {
            t.sort_unstable();
            t.dedup();
        }
        let per_page = shard_page(bits, shards.iter().filter(|s| !s.grams.is_empty()).count() + own.len());
        let mut wanted: Vec<u32> = tops.iter().chain(own.values().map(|(_, t)| t)).flatten().copied().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut top_entries: BTreeMap<u32, EntryFragment> = BTreeMap::new();
        // The meta lists the items file and the list pages: shards in pages of `per_page`,
        // fragments of LIST_PAGE.
        let mut meta_files = BTreeMap::new();

        // A township in a township file is not in the items file, whose places give a result its
        // place's name: its entries carry the name (FragmentChunk::names), in the fragments and in
        // its own file.
        let filed: HashMap<String, String> =
            self.towns.iter().flat_map(|(_, rows, _)| rows.iter().map(|TownRow(code, name)| (code.clone(), name.clone()))).collect();

        // Each county's docs (本地), read back a county at a time, in final ids, with the files of its
        // places' own newest entries; listed by province.
        let mut pages: BTreeMap<u32, SearchFileList> = BTreeMap::new();
        // Per city and province, per item, its newest REGION_PER_ITEM docs (the lowest ids).
        let mut regions: BTreeMap<String, BTreeMap<String, Vec<(u32, EntryFragment)>>> = BTreeMap::new();
        let local = self.local.take().filter(|_| !scan).map(|w| w.into_reader());
        match local {
            Some(Ok(reader)) => {
                for (county, start, end) in std::mem::take(&mut self.local_runs) {
                    let bytes = match reader.read_range(start, end) {
                        Ok(b) => b,
                        Err(e) => {
                            self.scratch_failed(&e);
                            break;
                        }
                    };
                    let mut docs: Vec<(u32, String, String)> = Vec::new();
                    let mut files = BTreeMap::new();
                    // The county's newest of each item (its own and its townships'), for its file.
                    let mut newest: BTreeMap<String, Vec<(u32, EntryFragment)>> = BTreeMap::new();
                    for mut f in Records::new(&bytes) {
                        let place = f.str().to_string();
                        let n = f.u32() as usize;
                        let from = docs.len();
                        for _ in 0..n {
                            let id = rank(f.u32());
                            docs.push((id, place.clone(), f.str().to_string()));
                        }
                        // The place's own newest entries, in their file: ids ascending (newest first).
                        let place_name = filed.get(&place).cloned();
                        let mut own: Vec<(u32, EntryFragment)> = docs[from..from + n.min(PLACE_SCAN_MAX)]
                            .iter()
                            .map(|(id, place, item)| {
                                let (date, kind, sample, title) = (f.date(), f.kind(), f.u8() != 0, f.str().to_string());
                                let (place, item, place_name) = (place.clone(), item.clone(), place_name.clone());
                                (*id, EntryFragment { place, item, title, date, kind, sample, place_name })
                            })
                            .collect();
                        // The rows its regions' files may take: the newest of each item.
                        let above = self.regions.get(&county).map_or(&[][..], Vec::as_slice);
                        for _ in 0..f.u32() {
                            let i = f.u32() as usize;
                            let read;
                            let row = match own.get(i) {
                                Some(row) => row,
                                None => {
                                    let (id, place, item) = &docs[from + i];
                                    let (date, kind, sample, title) = (f.date(), f.kind(), f.u8() != 0, f.str().to_string());
                                    let (place, item, place_name) = (place.clone(), item.clone(), place_name.clone());
                                    read = (*id, EntryFragment { place, item, title, date, kind, sample, place_name });
                                    &read
                                }
                            };
                            keep_newest(&mut newest, row);
                            for region in above {
                                if !regions.contains_key(region) {
                                    regions.insert(region.clone(), BTreeMap::new());
                                }
                                keep_newest(regions.get_mut(region).expect("inserted above"), row);
                            }
                        }
                        own.sort_unstable_by_key(|(id, _)| *id);
                        let (ids, rows): (Vec<u32>, Vec<EntryFragment>) = own.into_iter().unzip();
                        let chunk = FragmentChunk { docs: delta_encode(&ids), ..FragmentChunk::from_entries(FORMAT_VERSION, 0, &rows) };
                        let (key, r) = writer.add_nested_json("search", &format!("place-{place}"), &chunk);
                        files.insert(key, r);
                    }
                    // Listed by the county's file, beside its places' own files.
                    if !newest.is_empty() {
                        let (key, r) = write_region(writer, &county, newest);
                        files.insert(key, r);
                    }
                    docs.sort_unstable();
                    let index = |all: &[String], x: &String| all.binary_search(x).unwrap_or(0) as u32;
                    let places: Vec<String> = docs.iter().map(|(_, p, _)| p.clone()).collect::<BTreeSet<_>>().into_iter().collect();
                    let items: Vec<String> = docs.iter().map(|(_, _, i)| i.clone()).collect::<BTreeSet<_>>().into_iter().collect();
                    let ids: Vec<u32> = docs.iter().map(|(d, _, _)| *d).collect();
                    let file = LocalDocs {
                        format_version: FORMAT_VERSION,
                        place: docs.iter().map(|(_, p, _)| index(&places, p)).collect(),
                        item: docs.iter().map(|(_, _, i)| index(&items, i)).collect(),
                        docs: delta_encode(&ids),
                        places,
                        items,
                        files,
                    };
                    let (key, r) = writer.add_nested_json("search", &format!("local-{county}"), &file);
                    let province: u32 = county[..2].parse().unwrap_or(0);
                    pages.entry(province).or_default().files.insert(key, r);
                }
            }
            Some(Err(e)) => self.scratch_failed(&e),
            None => {}
        }
        // Each region's file, listed by its province's page: the newest of each item, the newest
        // PLACE_SCAN_MAX of those.
        for (region, items) in regions {
            let (key, r) = write_region(writer, &region, items);
            let province: u32 = region[..2].parse().unwrap_or(0);
            pages.entry(province).or_default().files.insert(key, r);
        }
        let local = !pages.is_empty();
        add_pages(writer, "locals", pages, &mut meta_files);

        // Fragments: each bucket's docs read back and put in rank order.
        let mut pages: BTreeMap<u32, SearchFileList> = BTreeMap::new();
        let mut fragments = 0u32;
        let mut run: Vec<EntryFragment> = Vec::with_capacity(chunk.min(docs.max(1)));
        let mut first = 0usize;
        let mut flush = |run: &mut Vec<EntryFragment>, first: &mut usize, writer: &mut BundleWriter| {
            let c = FragmentChunk::from_entries(FORMAT_VERSION, *first as u32, run);
            let (key, r) = writer.add_nested_json("search", &format!("frag-{fragments}"), &c);
            pages.entry(fragments / list_page).or_default().files.insert(key, r);
            fragments += 1;
            *first += run.len();
            run.clear();
        };
        for bucket in std::mem::take(&mut self.buckets).into_iter().flatten() {
            let bytes = match bucket.into_reader().and_then(|r| r.read_all()) {
                Ok(b) => b,
                Err(e) => {
                    self.scratch_failed(&e);
                    continue;
                }
            };
            let mut docs: Vec<(u32, EntryFragment)> = Records::new(&bytes)
                .map(|mut f| {
                    let id = f.u32();
                    let date = f.date();
                    let kind = f.kind();
                    let sample = f.u8() != 0;
                    let place = f.str().to_string();
                    let item = f.str().to_string();
                    let title = f.str().to_string();
                    let place_name = filed.get(&place).cloned();
                    (id, EntryFragment { place, item, title, date, kind, sample, place_name })
                })
                .collect();
            drop(bytes);
            docs.sort_unstable_by_key(|(id, _)| *id);
            for (_, d) in docs {
                // Its final id: its rank, the docs before it in rank order.
                let id = (first + run.len()) as u32;
                if wanted.binary_search(&id).is_ok() {
                    top_entries.insert(id, d.clone());
                }
                run.push(d);
                if run.len() == chunk {
                    flush(&mut run, &mut first, writer);
                }
            }
        }
        if !run.is_empty() {
            flush(&mut run, &mut first, writer);
        }
        // Past LIST_PAGE pages (some 1,000,000 entries), the meta file lists index pages that list
        // the fragment pages: at 20,000,000 entries it would list 2,442 pages, 160 kB gzip.
        let frag_index = pages.len() > list_page as usize;
        add_indexed_pages(writer, ("frags", "fragidx"), pages, if frag_index { list_page } else { 0 }, &mut meta_files);
        drop(wanted);
        // The shards and own files, each with what its n-grams' first docs show; an own file is listed
        // in the page of the shard its n-grams hash to.
        let with_top = |mut file: PostingShard, top: Vec<u32>| {
            let rows: Vec<EntryFragment> = top.iter().filter_map(|d| top_entries.get(d).cloned()).collect();
            // Every doc of a posting list was written to the fragments; should one not be, the file
            // carries none rather than rows that do not line up with `top`.
            if rows.len() == top.len() && !rows.is_empty() {
                file.top = delta_encode(&top);
                file.top_entries = Some(FragmentChunk::from_entries(FORMAT_VERSION, 0, &rows));
            }
            file
        };
        let mut pages: BTreeMap<u32, SearchFileList> = BTreeMap::new();
        for (i, (shard, top)) in shards.into_iter().zip(tops).enumerate().filter(|(_, (s, _))| !s.grams.is_empty()) {
            let (key, r) = writer.add_nested_json("search", &format!("postings-{i}"), &with_top(shard, top));
            pages.entry(i as u32 / per_page).or_default().files.insert(key, r);
        }
        for (hashes, (file, top)) in share_own_files(own) {
            let name = hashes.iter().map(|h| format!("{h:08x}")).collect::<Vec<_>>().join("-");
            let (key, r) = writer.add_nested_json("search", &format!("gram-{name}"), &with_top(file, top));
            for hash in hashes {
                pages.entry(shard_of_hash(hash, bits) / per_page).or_default().files.insert(key.clone(), r.clone());
            }
        }
        // Past SHARD_INDEX_MIN pages, the meta file lists index pages of `shard_index` pages each
        // (search version 14).
        let shard_index = if pages.len() > self.options.shard_index_min { shard_index(pages.len()) } else { 0 };
        add_indexed_pages(writer, ("shards", "shardidx"), pages, shard_index, &mut meta_files);
        let _ = std::fs::remove_dir_all(&self.scratch);
        EntryIndex {
            docs: docs as u32,
            scan,
            chunk: chunk as u32,
            list_page,
            bits,
            shard_page: per_page,
            fragments,
            frag_index,
            shard_index,
            local,
            files: meta_files,
            chars,
            raw,
        }
    }

    /// Writes the rest of the index (the items file, the sounds and township files and the meta file)
    /// around its entry part, made by [`SearchBuilder::finish_entries`] in this build or taken from
    /// the build memo ([`crate::memo`]) of the last one; returns what the manifest's `search` field
    /// holds, and warnings about thesaurus lines it could not read.
    pub fn finish_items(mut self, part: EntryIndex, writer: &mut BundleWriter) -> (SearchInfo, Vec<Diagnostic>) {
        let EntryIndex { docs, scan, chunk, list_page, bits, shard_page, fragments, frag_index, shard_index, local, files: mut meta_files, chars, raw } =
            part;
        self.add_chars(&chars);
        let items_text: Vec<String> = self.items.iter().map(|it| self.norm(&it.text())).collect();
        for t in items_text {
            self.add_chars(&t);
        }
        let thesaurus_text: Vec<String> =
            self.thesaurus.iter().flat_map(|t| std::iter::once(t.term.clone()).chain(t.canonical.iter().cloned())).collect();
        for t in thesaurus_text {
            self.add_chars(&t);
        }
        let charset = self.charset();
        // The fold pairs: those of a character the browser reads in the dataset's texts as published
        // in the meta file, the rest (characters only a query can hold) in the sounds file, which a
        // query holding one loads before it is planned (none of them is read by the items file).
        let (held, rest): (Vec<(char, char)>, Vec<(char, char)>) =
            fold_table(&charset).pairs().partition(|(c, _)| self.raw_held.contains(c) || raw.contains(*c));
        let pairs = |p: Vec<(char, char)>| -> String { p.into_iter().flat_map(|(a, b)| [a, b]).collect() };
        let (fold, rest) = (pairs(held), pairs(rest));

        let mut items_file = SearchItems {
            format_version: FORMAT_VERSION,
            owners: self.owner_codes,
            pinyin: gongkai_catalog::search::group_sounds(&self.readings),
            items: self.items,
            sounds: String::new(),
            place_codes: String::new(),
            place_names: Vec::new(),
            place_parents: String::new(),
        };
        items_file.set_places(&self.places);
        let (items_key, r) = writer.add_nested_json("search", "items", &items_file);
        meta_files.insert(items_key.clone(), r);
        // The common characters the dataset does not hold, read only for a query that holds one.
        let sounds = group_sounds(&self.sounds);
        let sounds_key = if sounds.is_empty() && rest.is_empty() {
            String::new()
        } else {
            let file = SearchSounds { format_version: FORMAT_VERSION, sounds, fold: rest };
            let (key, r) = writer.add_nested_json("search", "sounds", &file);
            meta_files.insert(key.clone(), r);
            key
        };
        let mut town_starts = Vec::new();
        for (k, (start, towns, pinyin)) in std::mem::take(&mut self.towns).into_iter().enumerate() {
            let (key, r) = writer.add_nested_json("search", &format!("towns-{k}"), &TownFile { format_version: FORMAT_VERSION, towns, pinyin });
            meta_files.insert(key, r);
            town_starts.push(start);
        }
        let meta = SearchMeta {
            format_version: FORMAT_VERSION,
            search_version: SEARCH_VERSION,
            fold,
            thesaurus: self.thesaurus,
            items: items_key,
            entries: docs,
            shard_bits: bits,
            fragment_chunk: chunk,
            scan,
            fragments,
            list_page,
            shard_page,
            frag_index,
            shard_index,
            files: meta_files,
            towns: town_starts,
            local,
            sounds: sounds_key,
        };
        let meta_key = writer.add_json("search", "meta", &meta);
        let _ = std::fs::remove_dir_all(&self.scratch);
        (SearchInfo { meta: meta_key }, self.diags)
    }
}

/// The own files to write, each with the hashes of the n-grams it holds, ascending: n-grams whose
/// lists and first docs are the same share one file (search version 13, [`own_key`]), at most
/// [`OWN_FILE_GRAMS_MAX`] a file; in the order of their first hash.
///
/// In the entries that say 最低生活保障, 最低, 低生 and 活保 have the same first 3,000 docs: a first
/// search fetched the same list three times (5 kB gzip each, at province scale).
fn share_own_files(mut own: BTreeMap<u32, (PostingShard, Vec<u32>)>) -> Vec<(Vec<u32>, (PostingShard, Vec<u32>))> {
    // Ascending by hash, so each group is, and the groups are in the order of their first hash.
    let mut groups: Vec<Vec<u32>> = Vec::new();
    {
        // The open group of each content: an n-gram's list and first docs.
        let mut by_list: BTreeMap<(&[u32], &[u32]), usize> = BTreeMap::new();
        for (&hash, (file, top)) in &own {
            // (A file of two n-grams of one hash stays alone.)
            let single = file.grams.iter().next().map(|(_, deltas)| (deltas.as_slice(), top.as_slice())).filter(|_| file.grams.len() == 1);
            match single.map(|content| (content, by_list.get(&content).copied())) {
                Some((_, Some(g))) if groups[g].len() < OWN_FILE_GRAMS_MAX => groups[g].push(hash),
                Some((content, _)) => {
                    by_list.insert(content, groups.len());
                    groups.push(vec![hash]);
                }
                None => groups.push(vec![hash]),
            }
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    for hashes in groups {
        let mut members = hashes.iter().filter_map(|h| own.remove(h));
        let Some((mut file, top)) = members.next() else { continue };
        for (other, _) in members {
            file.grams.merge(other.grams.iter().map(|(g, l)| (g.clone(), l.clone())).collect());
        }
        out.push((hashes, (file, top)));
    }
    out
}

/// Keeps `row` among its item's newest [`REGION_PER_ITEM`] (the lowest ids) in a region's rows.
fn keep_newest(items: &mut BTreeMap<String, Vec<(u32, EntryFragment)>>, row: &(u32, EntryFragment)) {
    if !items.contains_key(&row.1.item) {
        items.insert(row.1.item.clone(), Vec::new());
    }
    let kept = items.get_mut(&row.1.item).expect("inserted above");
    let at = kept.partition_point(|(id, _)| *id < row.0);
    if at < REGION_PER_ITEM {
        kept.insert(at, row.clone());
        kept.truncate(REGION_PER_ITEM);
    }
}

/// Writes a region's file (`gongkai_catalog::search::region_key`): its newest of each item, the
/// newest [`PLACE_SCAN_MAX`] of those, newest first, with their doc ids; its key and reference.
fn write_region(writer: &mut BundleWriter, region: &str, items: BTreeMap<String, Vec<(u32, EntryFragment)>>) -> (String, gongkai_catalog::FileRef) {
    let mut rows: Vec<(u32, EntryFragment)> = items.into_values().flatten().collect();
    rows.sort_unstable_by_key(|(id, _)| *id);
    rows.truncate(PLACE_SCAN_MAX);
    let (ids, rows): (Vec<u32>, Vec<EntryFragment>) = rows.into_iter().unzip();
    let chunk = FragmentChunk { docs: delta_encode(&ids), ..FragmentChunk::from_entries(FORMAT_VERSION, 0, &rows) };
    writer.add_nested_json("search", &format!("region-{region}"), &chunk)
}

/// Per county of the register, the places above it that are not counties (its city, its province:
/// [`gongkai_catalog::search::county_of`] names none of them), nearest first.
fn regions_above_counties(places: &[RegisteredPlace]) -> HashMap<String, Vec<String>> {
    let parent: HashMap<&str, Option<&str>> = places.iter().map(|p| (p.code.as_str(), p.parent.as_deref())).collect();
    places
        .iter()
        .filter(|p| county_of(&p.code) == Some(p.code.as_str()))
        .map(|p| {
            let mut above = Vec::new();
            let mut at = p.parent.as_deref();
            // Bounded: a register is at most province > city > county; a cycle stops here too.
            while let Some(code) = at.filter(|_| above.len() < 4) {
                if county_of(code).is_none() {
                    above.push(code.to_string());
                }
                at = parent.get(code).copied().flatten();
            }
            (p.code.clone(), above)
        })
        .collect()
}

/// The places of the items file, and the township files: all in the items file up to
/// [`TOWNS_IN_ITEMS_MAX`] townships; above it, the townships whose parent is the place their code's
/// first six digits name go to files by the syllable of their name's first character (`""` for none,
/// as `readings` give it, which is what the browser reads them by), whole syllables per file, files
/// cut at about `√(8·n)` townships: a query loads one file, and the meta file lists every file (some
/// 65 bytes gzip each against some 8 per township), so this size makes the two about equal.
fn town_files<'p>(
    places: &'p [RegisteredPlace],
    readings: &BTreeMap<char, String>,
) -> (Vec<&'p RegisteredPlace>, Vec<(String, Vec<TownRow>)>) {
    let codes: BTreeSet<&str> = places.iter().filter(|p| p.kind != PlaceKind::Township).map(|p| p.code.as_str()).collect();
    let filed = |p: &RegisteredPlace| {
        p.kind == PlaceKind::Township && p.code.get(..6).is_some_and(|c| codes.contains(c) && p.parent.as_deref() == Some(c))
    };
    let n = places.iter().filter(|p| filed(p)).count();
    if n <= TOWNS_IN_ITEMS_MAX {
        return (places.iter().collect(), Vec::new());
    }
    let mut by_sound: BTreeMap<&str, Vec<TownRow>> = BTreeMap::new();
    for p in places.iter().filter(|p| filed(p)) {
        let syllable = p.name.chars().next().and_then(|c| readings.get(&c)).map_or("", String::as_str);
        by_sound.entry(syllable).or_default().push(TownRow(p.code.clone(), p.name.clone()));
    }
    let per_file = (8 * n).isqrt().max(64);
    let mut files: Vec<(String, Vec<TownRow>)> = Vec::new();
    for (syllable, mut rows) in by_sound {
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        match files.last_mut() {
            Some((_, f)) if f.len() < per_file => f.extend(rows),
            // The first file starts at "", so that every syllable has a file.
            _ => files.push((if files.is_empty() { String::new() } else { syllable.to_string() }, rows)),
        }
    }
    (places.iter().filter(|p| !filed(p)).collect(), files)
}

/// Sets the bit of each character of `text` in `bits` (by code point).
fn add_bits(bits: &mut [u64], text: &str) {
    for c in text.chars() {
        bits[c as usize / 64] |= 1 << (c as usize % 64);
    }
}

/// The characters whose bits are set, ascending.
fn chars_of(bits: &[u64]) -> impl Iterator<Item = char> + '_ {
    bits.iter()
        .enumerate()
        .flat_map(|(w, b)| (0..64).filter(move |i| b >> i & 1 == 1).map(move |i| w * 64 + i))
        .filter_map(|c| char::from_u32(c as u32))
}

/// The n-grams of [`gongkai_catalog::search::grams`] as numbers (a character, or two, by code point),
/// sorted and distinct: no string is made per gram while indexing millions of titles.
fn gram_keys(normalized: &str, out: &mut Vec<u64>) {
    for run in normalized.split(' ') {
        let mut prev: Option<char> = None;
        for c in run.chars() {
            out.push((c as u64) << 32 | u64::from(u32::MAX));
            if let Some(p) = prev {
                out.push((p as u64) << 32 | c as u64);
            }
            prev = Some(c);
        }
    }
    out.sort_unstable();
    out.dedup();
}

fn gram_of(key: u64) -> String {
    let a = char::from_u32((key >> 32) as u32).unwrap_or('\u{FFFD}');
    match key as u32 {
        u32::MAX => a.to_string(),
        b => [a, char::from_u32(b).unwrap_or('\u{FFFD}')].iter().collect(),
    }
}

/// A multiplicative hash for the gram numbers (the default SipHash costs more than the indexing).
#[derive(Default, Clone, Copy)]
struct GramHasher(u64);

impl std::hash::Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ n >> 29).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 ^= self.0 >> 32;
    }
}

type BuildGramHasher = std::hash::BuildHasherDefault<GramHasher>;

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

/// Writes list pages `<stem>-<p>` ([`add_pages`]), listed in `meta_files`; or, when `per_index` is
/// not 0, listed by index pages `<index stem>-<r>` of `per_index` pages each, which `meta_files`
/// lists (page `p` in index page `p / per_index`), as the app finds them ([`gongkai_catalog::search::Paged`]).
fn add_indexed_pages(
    writer: &mut BundleWriter,
    (stem, index_stem): (&str, &str),
    pages: BTreeMap<u32, SearchFileList>,
    per_index: u32,
    meta_files: &mut BTreeMap<String, gongkai_catalog::FileRef>,
) {
    if per_index == 0 {
        return add_pages(writer, stem, pages, meta_files);
    }
    let mut index: BTreeMap<u32, SearchFileList> = BTreeMap::new();
    for (p, list) in pages {
        let mut one = BTreeMap::new();
        add_pages(writer, stem, BTreeMap::from([(p, list)]), &mut one);
        index.entry(p / per_index).or_default().files.extend(one);
    }
    add_pages(writer, index_stem, index, meta_files);
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

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_catalog::PlaceKind;

    fn entry(item: &str, title: &str, day: u32) -> PublishedEntry {
        let date = NaiveDate::from_ymd_opt(2024, 3, day).unwrap();
        PublishedEntry { item: item.into(), title: title.into(), date, url: None, kind: None, interprets: None, sample: false }
    }

    #[test]
    fn shard_list_pages_hold_about_the_square_root_of_a_fifth_of_the_listed_files() {
        // Every shard listed, no own files: (shard bits, shards per page, pages the meta names).
        for (bits, per_page, pages) in
            [(0, 1, 1), (2, 1, 4), (5, 2, 16), (9, 8, 64), (12, 32, 128), (13, 32, 256), (14, 64, 256)]
        {
            assert_eq!(shard_page(bits, 1 << bits), per_page, "{bits} bits");
            assert_eq!((1u32 << bits).div_ceil(shard_page(bits, 1 << bits)), pages, "{bits} bits");
        }
        // More files listed than shards (own files): smaller pages, more of them.
        assert_eq!(shard_page(13, 8_192 + 16_000), 32);
        assert_eq!(shard_page(14, 16_384 * 4), 32);
        // Fewer (empty shards have no file): larger pages.
        assert_eq!(shard_page(14, 4_096), 128);
        // The listings a first search fetches are the fewest any power of two gives.
        for bits in 0..=MAX_SHARD_BITS {
            for listed in [1usize << bits, 3 << bits, (1 << bits) / 3 + 1] {
                let n = f64::from(1u32 << bits);
                let cost = |p: u32| n / f64::from(p) + QUERY_SHARDS * listed as f64 * f64::from(p) / n;
                let best = (0..=bits).map(|b| cost(1 << b)).fold(f64::INFINITY, f64::min);
                assert_eq!(cost(shard_page(bits, listed)), best, "{bits} bits, {listed} listed");
            }
        }
    }

    #[test]
    fn a_posting_lists_json_bytes_are_its_digits_and_commas() {
        assert_eq!(list_json_bytes(&[]), 0);
        assert_eq!(list_json_bytes(&[0, 7, 10, 123_456]), 2 + 2 + 3 + 7);
        let list = [3u32, 1, 40, 1_000_000, 9];
        assert_eq!(list_json_bytes(&list), serde_json::to_string(&list).unwrap().len() - 1);
    }

    /// An empty source folder (no thesaurus.csv), removed when the returned guard is dropped.
    fn no_thesaurus() -> tempfile::TempDir {
        tempfile::Builder::new().prefix("gongkai-no-thesaurus-").tempdir().unwrap()
    }

    /// The index of three places' entries, with `extra` more entries announced per date than come
    /// (as when duplicates are dropped after the dates were counted), in buckets of `bucket` docs.
    fn index(extra: u32) -> BTreeMap<String, Vec<u8>> {
        let places: Vec<(&str, Vec<PublishedEntry>)> = vec![
            ("430102001", vec![entry("20-1", "低保名单公示", 5), entry("20-1", "低保对象名单", 3), entry("22-1", "出生登记指南", 5)]),
            ("430121", vec![entry("20-1", "低保资金发放", 5), entry("20-1", "低保名单公示", 4)]),
            ("430121001", vec![entry("22-1", "出生登记办事指南", 3), entry("20-1", "低保名单公示", 5)]),
        ];
        let mut dates: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        for e in places.iter().flat_map(|(_, l)| l) {
            *dates.entry(e.date).or_default() += 1;
        }
        dates.values_mut().for_each(|n| *n += extra);
        let registered: Vec<RegisteredPlace> = places
            .iter()
            .map(|(c, _)| RegisteredPlace { code: c.to_string(), name: format!("地方{c}"), kind: PlaceKind::Township, parent: None })
            .collect();
        let mut writer = BundleWriter::default();
        let options = SearchOptions { scan_max_entries: 0, ..Default::default() };
        let source = no_thesaurus();
        let mut b = SearchBuilder::new(&[], &registered, source.path(), &writer.scratch(), &dates, options);
        for (code, list) in &places {
            b.add_place(code, list);
        }
        b.finish(&mut writer);
        writer.files()
    }

    #[test]
    fn entries_announced_but_dropped_leave_no_gap_in_the_doc_ids() {
        let exact = index(0);
        assert!(exact.keys().any(|k| k.starts_with("search/postings-")), "sharded, not scanned");
        for extra in [1, 3, 1000] {
            assert_eq!(index(extra), exact, "{extra} more per date announced");
        }
        // Ranked newest first, ties by place, item, title.
        let frag = exact.iter().find(|(k, _)| k.starts_with("search/frag-0.")).unwrap().1;
        let chunk: FragmentChunk = serde_json::from_slice(frag).unwrap();
        let titles = chunk.title;
        assert_eq!(titles, ["低保名单公示", "出生登记指南", "低保资金发放", "低保名单公示", "低保名单公示", "低保对象名单", "出生登记办事指南"]);
    }

    #[test]
    fn a_common_gram_keeps_the_newest_docs_whatever_order_the_places_come_in() {
        // Three places of 2,000 entries over 100 days, so ids arrive far out of order and every
        // title's 公示 is in all 6,000 docs: the posting must be the newest POSTING_CAP docs, 0..3000.
        let places: Vec<(String, Vec<PublishedEntry>)> = (0..3)
            .map(|p| {
                let list = (0..2000u32)
                    .map(|i| {
                        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(i % 100));
                        PublishedEntry { item: "20-1".into(), title: format!("第{i}号公示"), date, url: None, kind: None, interprets: None, sample: false }
                    })
                    .collect();
                (format!("43012100{p}"), list)
            })
            .collect();
        let mut dates: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        for e in places.iter().flat_map(|(_, l)| l) {
            *dates.entry(e.date).or_default() += 1;
        }
        let mut writer = BundleWriter::default();
        let source = no_thesaurus();
        let mut b = SearchBuilder::new(&[], &[], source.path(), &writer.scratch(), &dates, SearchOptions { scan_max_entries: 0, ..Default::default() });
        for (code, list) in &places {
            b.add_place(code, list);
        }
        b.finish(&mut writer);
        let files = writer.files();
        let read = |prefix: &str| -> Vec<PostingShard> {
            files.iter().filter(|(k, _)| k.starts_with(prefix)).map(|(_, v)| serde_json::from_slice(v).unwrap()).collect()
        };
        let (shards, own) = (read("search/postings-"), read("search/gram-"));
        // 公示, in every doc, has a file of its own, and no shard holds it.
        assert!(shards.iter().all(|s| s.docs("公示").is_empty()));
        let docs: Vec<u32> = own.iter().map(|s| s.docs("公示")).find(|d| !d.is_empty()).expect("公示 is indexed");
        assert_eq!(docs, (0..POSTING_CAP as u32).collect::<Vec<_>>());
        let rare: Vec<u32> = shards.iter().map(|s| s.docs("99")).find(|d| !d.is_empty()).expect("99 is in its shard");
        let with_99 = (0..2000).filter(|i| i.to_string().contains("99")).count();
        assert_eq!(rare.len(), 3 * with_99, "a gram in fewer than POSTING_CAP docs keeps them all");
    }

    #[test]
    fn gram_numbers_are_the_grams_of_the_shared_tokenizer() {
        for text in ["低保名单", "a 低保 2024", "", "x", "户籍  管理"] {
            let mut keys = Vec::new();
            gram_keys(text, &mut keys);
            let mut ours: Vec<String> = keys.into_iter().map(gram_of).collect();
            ours.sort();
            let mut theirs = gongkai_catalog::search::grams(text);
            theirs.sort();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}
