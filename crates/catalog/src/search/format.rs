//! The search files of a bundle. Each struct names the file it is stored in.

use crate::model::ItemId;
use crate::entry_kind::EntryKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `data/search/meta.<hash8>.json`: loaded at the first keystroke, small at any scale.
///
/// The manifest lists only this file. The other search files are listed, with their sizes and
/// hashes, one level down, so that neither the manifest nor this file grows with the number of
/// entries (a 1,000,000-entry province has some 16,000 search files):
///
/// ```text
/// manifest.files ─▶ meta ─ files ─▶ items
///                             ├───▶ towns-<k>                             (a large register's townships)
///                             ├───▶ shards-<p>  ─ files ─▶ postings-<i>   (list page p = i / shard_page;
///                             │                                            with the first docs' fragments)
///                             │             └─ files ─▶ gram-<h>      (a common n-gram's own file, h its
///                             │                                            hash, listed in its shard's page)
///                             └───▶ frags-<p>   ─ files ─▶ frag-<j>       (list page p = j / list_page)
///                   (or, past list_page pages: fragidx-<r> ─ files ─▶ frags-<p>, r = p / list_page)
///                             └───▶ locals-<pp> ─ files ─▶ local-<county>  (本地: a county's docs, pp its province)
///                                               │                └─ files ─▶ place-<code> (a place's newest entries)
///                                               └─ files ─▶ region-<code>  (a city's or province's newest of each item)
/// ```
///
/// Each hop is verified by size and digest before use, so a search file is as trustworthy as the
/// manifest that (transitively) lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchMeta {
    pub format_version: u32,
    /// The search index's own version ([`super::SEARCH_VERSION`]): which of the optional search data
    /// the build wrote (1 when absent: no places, a pinyin table of item characters only).
    #[serde(default = "search_version_1")]
    pub search_version: u32,
    /// Traditional → simplified pairs, as one string of alternating characters (`"農农機机…"`), limited
    /// to characters that fold onto a character the dataset uses. Since search version 11 only those
    /// of characters in the items' texts, the places' names or the entries' titles as published
    /// (none, for a dataset published in simplified characters); the others are in the sounds file
    /// ([`SearchSounds::fold`]), which a query holding one of them loads before it is planned.
    pub fold: String,
    /// Colloquial terms and the catalog terms they stand for (built-in plus the source's thesaurus.csv).
    #[serde(deserialize_with = "crate::object::vec")]
    pub thesaurus: Vec<ThesaurusEntry>,
    /// Key of the [`SearchItems`] file in [`SearchMeta::files`].
    pub items: String,
    /// Number of entry docs.
    pub entries: u32,
    /// Posting shards: shard `i` holds the n-grams whose 32-bit hash has `i` as its top `shard_bits`
    /// bits. It is the file `search/postings-<i>.<hash8>.json`, listed in list page `i / shard_page`
    /// (see [`shard_list_key`], [`shard_key`]); an empty shard has no file. An n-gram whose posting
    /// list is long has a file of its own instead (search version 9: [`own_key`]), listed in the same
    /// page, and is not in its shard.
    pub shard_bits: u8,
    /// Entry docs per fragment file.
    pub fragment_chunk: u32,
    /// Set for a small dataset (at most [`super::SCAN_MAX_ENTRIES`] entries): there are no posting
    /// shards, all entries are in the one fragment file, and entries are matched by scanning their
    /// titles in memory. One download at the first keystroke (some 14 bytes gzip per entry), then
    /// every keystroke is answered without the network.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scan: bool,
    /// Number of fragment files: chunk `j` is `search/frag-<j>.<hash8>.json`, listed in list page
    /// `j / list_page` (see [`fragment_list_key`], [`fragment_key`]).
    pub fragments: u32,
    /// Files per list page ([`SearchFileList`]) of fragment chunks, and of posting shards unless
    /// `shard_page` says otherwise.
    pub list_page: u32,
    /// Posting shards per list page (chosen by the build step for the number of shards); 0 (absent,
    /// before search version 5):
    /// `list_page`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub shard_page: u32,
    /// Set when there are more than `list_page` fragment pages: `files` then lists index pages,
    /// `search/fragidx-<r>.<hash8>.json` ([`SearchFileList`]), each listing the fragment pages
    /// `r·list_page …` ([`FRAGMENT_PAGES`]), instead of the fragment
    /// pages themselves. Search version 5.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub frag_index: bool,
    /// Shard list pages per index page, when there are many pages (a province's or the nation's 512):
    /// `files` then lists index pages, `search/shardidx-<r>.<hash8>.json` ([`SearchFileList`]), each
    /// listing the shard list pages `r·shard_index …` ([`SHARD_PAGES`]),
    /// instead of the pages themselves. 0 (absent): `files` lists the pages. Search version 14.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub shard_index: u32,
    /// The items file, the list pages and the township files, by path relative to the manifest, with
    /// size and hash; written by columns ([`super::listing`], format 8).
    #[serde(with = "super::listing")]
    pub files: BTreeMap<String, crate::FileRef>,
    /// Township files ([`TownFile`]), when the register has more than [`TOWNS_IN_ITEMS_MAX`]
    /// townships: the first syllable each file starts at, ascending. File `k` holds the townships
    /// whose name's first character reads `towns[k]` up to (not including) `towns[k + 1]`, and is
    /// `search/towns-<k>.<hash8>.json` in [`SearchMeta::files`] ([`town_key`]). Empty when every
    /// place is in the items file. Search version 5.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub towns: Vec<String>,
    /// Set when `files` lists the local pages, `search/locals-<pp>.<hash8>.json` ([`SearchFileList`],
    /// `pp` a province's two digits: [`local_list_key`]), each listing the [`LocalDocs`] of the
    /// counties of its province ([`local_key`]). Search version 6.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub local: bool,
    /// Key, in `files`, of the [`SearchSounds`] file: the readings of the common characters the
    /// dataset does not hold, which only a query holding such a character needs (户集 → 户籍). Empty:
    /// the items file carries them ([`SearchItems::sounds`], before search version 8), or none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sounds: String,
}

/// `data/search/sounds.<hash8>.json`: the readings of the common characters (GB2312 level 1) that no
/// item, place or thesaurus term holds, grouped by syllable as [`SearchItems::sounds`] was
/// (`"a阿啊ai哀埃…"`). A character typed in error is read by its sound; every character the dataset
/// holds is read by the items file, so only a query with a character outside it waits for this file
/// (search version 8: it was 7.7 kB gzip of the default dataset's 24.6 kB items file, downloaded at
/// every first search).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchSounds {
    pub format_version: u32,
    pub sounds: String,
    /// The traditional → simplified pairs the meta file does not hold ([`SearchMeta::fold`]'s form;
    /// search version 11). No character they fold from is in the dataset's texts or read by the
    /// items file, so a query that holds one loads this file before it is planned, and a query
    /// without one folds the same without it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fold: String,
}

/// `data/search/local-<county>.<hash8>.json`: every entry doc published in one county (the county
/// and the townships below it: the places whose code starts with the county's six digits), by doc
/// id, with its place and its item. A search narrowed to the county or to a place in it (本地) keeps
/// only the candidates listed here, and fetches the fragments of those alone, instead of walking the
/// nationwide results fragment by fragment; a query naming items finds the place's entries of those
/// items here.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LocalDocs {
    pub format_version: u32,
    /// The places of the county that published entries, by code; `place` indexes into them.
    pub places: Vec<String>,
    /// Doc ids, ascending, delta-encoded (first value absolute), as [`PostingShard::grams`].
    pub docs: Vec<u32>,
    /// Per doc, its place.
    pub place: Vec<u32>,
    /// The catalog items the docs are filed under, by id; `item` indexes into them (search version
    /// 17: a place's entries of the items a query names are found whatever the posting lists' cap,
    /// [`crate::search::PlaceDocs`]). Empty in an older file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemId>,
    /// Per doc, its item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<u32>,
    /// The files of the county's places' own newest entries ([`place_key`]: a [`FragmentChunk`] with
    /// its [`FragmentChunk::docs`]), one per place that published any, and the county's newest of
    /// each item ([`region_key`], search version 20). Search version 18: empty in an older file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", with = "super::listing")]
    pub files: BTreeMap<String, crate::FileRef>,
}

impl LocalDocs {
    /// The docs whose place is `within` or below it ([`crate::code_within`]), ascending; a malformed
    /// file gives fewer, never others.
    pub fn docs_within(&self, within: &str) -> Vec<u32> {
        self.docs_where(within, None)
    }

    /// [`LocalDocs::docs_within`] filed under an item `wanted` accepts; none from an older file,
    /// which names no item.
    pub fn docs_of_items(&self, within: &str, wanted: &dyn Fn(&str) -> bool) -> Vec<u32> {
        self.docs_where(within, Some(wanted))
    }

    fn docs_where(&self, within: &str, wanted: Option<&dyn Fn(&str) -> bool>) -> Vec<u32> {
        let ok = |v: &[bool], i: u32| v.get(i as usize).copied().unwrap_or(false);
        let keep: Vec<bool> = self.places.iter().map(|p| crate::code_within(p, within)).collect();
        let item_ok: Option<Vec<bool>> = wanted.map(|w| self.items.iter().map(|i| w(i)).collect());
        let item_ok = |n: usize| item_ok.as_ref().is_none_or(|v| self.item.get(n).is_some_and(|&i| ok(v, i)));
        delta_decode(&self.docs)
            .zip(&self.place)
            .enumerate()
            .filter(|&(n, (_, &p))| ok(&keep, p) && item_ok(n))
            .map(|(_, (d, _))| d)
            .collect()
    }
}

/// The county a place belongs to, for [`LocalDocs`]: the first six digits of its code when they
/// name a county (not a province's or a city's `…00`); none for a province or a city.
pub fn county_of(code: &str) -> Option<&str> {
    let six = code.get(..6)?;
    (six.bytes().all(|b| b.is_ascii_digit()) && crate::code_prefix(six).len() == 6).then_some(six)
}

/// The key, in [`SearchMeta::files`], of the local page listing the [`LocalDocs`] of `county`.
pub fn local_list_key<'a>(meta: &'a SearchMeta, county: &str) -> Option<&'a str> {
    let province: u32 = county.get(..2)?.parse().ok()?;
    key_with_prefix(&meta.files, &format!("search/locals-{province}."))
}

/// The key of the [`LocalDocs`] of `county` in its local page's files.
pub fn local_key<'a>(files: &'a BTreeMap<String, crate::FileRef>, county: &str) -> Option<&'a str> {
    key_with_prefix(files, &format!("search/local-{county}."))
}

/// The key of the file of `place`'s own newest entries ([`PLACE_SCAN_MAX`](super::PLACE_SCAN_MAX)) in
/// its county's [`LocalDocs::files`].
pub fn place_key<'a>(files: &'a BTreeMap<String, crate::FileRef>, place: &str) -> Option<&'a str> {
    key_with_prefix(files, &format!("search/place-{place}."))
}

/// The key of the file of a region's newest entries of each item
/// ([`REGION_PER_ITEM`](super::REGION_PER_ITEM)), a [`FragmentChunk`] with its
/// [`FragmentChunk::docs`] like a place's own file: a city's or a province's in its province's local
/// page ([`local_list_key`]), a county's in its [`LocalDocs::files`] (search version 20). None for a
/// township (its own file is its newest), or a region with no entries.
pub fn region_key<'a>(files: &'a BTreeMap<String, crate::FileRef>, region: &str) -> Option<&'a str> {
    key_with_prefix(files, &format!("search/region-{region}."))
}

/// Up to this many townships, every place is in the items file ([`SearchItems::places`]), as for
/// the two cities of the default dataset. Above it (湖南 has 2,008, the nation 41,352: 358 kB gzip
/// as one list), townships are in [`TownFile`]s by the sound of their first character, and a query
/// loads the file its own first character needs: citizens type a place's name from its start (星沙,
/// xingsha), or after a place above it (长沙县星沙).
pub const TOWNS_IN_ITEMS_MAX: usize = 1_000;

/// `data/search/towns-<k>.<hash8>.json`: the townships whose name's first character has a syllable in
/// the file's range of [`SearchMeta::towns`] (`""`, first, for a character without one), each
/// `[code, name]`, by syllable then code. A township's parent is the place of the items file whose
/// code is the township's first six digits (the build keeps in the items file any township for which
/// that is not so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TownFile {
    pub format_version: u32,
    pub towns: Vec<TownRow>,
    /// The readings of the characters of these names that the items file's pinyin table does not
    /// hold (search version 15: only township names hold them), grouped by syllable as
    /// [`SearchSounds::sounds`]; the sounds file holds them too, for a query that types one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pinyin: String,
}

/// A township of a [`TownFile`]: code and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TownRow(pub String, pub String);

/// The key of township file `k` in [`SearchMeta::files`].
pub fn town_key(meta: &SearchMeta, k: usize) -> Option<&str> {
    key_with_prefix(&meta.files, &format!("search/towns-{k}."))
}

/// The township file holding the names whose first character reads `syllable` (`""`: no reading).
/// None when there are no township files.
pub fn town_file_of(towns: &[String], syllable: &str) -> Option<usize> {
    towns.partition_point(|s| s.as_str() <= syllable).checked_sub(1).or((!towns.is_empty()).then_some(0))
}

/// The township files holding every syllable that starts with `letter`: what a name typed in pinyin
/// may start with, whole or by its initial (xingsha, xsjd).
pub fn town_files_of_letter(towns: &[String], letter: char) -> Vec<usize> {
    let Some(first) = town_file_of(towns, &letter.to_string()) else { return Vec::new() };
    let next = char::from_u32(letter as u32 + 1).map(String::from).unwrap_or_default();
    let last = towns.partition_point(|s| *s < next).saturating_sub(1).max(first);
    (first..=last).collect()
}

/// `data/search/shards-<p>.<hash8>.json` and `data/search/frags-<p>.<hash8>.json`: the posting shards
/// (or fragment chunks) `p·list_page .. (p+1)·list_page` that exist, with size and hash.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchFileList {
    pub format_version: u32,
    /// Written by columns ([`super::listing`], format 8).
    #[serde(with = "super::listing")]
    pub files: BTreeMap<String, crate::FileRef>,
}

/// A kind of search file numbered in list pages, and how its pages are found: posting shards
/// ([`SHARD_PAGES`]) or fragment chunks ([`FRAGMENT_PAGES`]). Number `n`'s list page
/// `search/<stem>-<p>` ([`Paged::page_number`]) is listed by the meta file or, when the meta file
/// lists index pages instead ([`Paged::per_index`] not 0; search versions 5 and 14), by index page
/// `search/<index stem>-<p / per_index>`. The build writes them so (`add_indexed_pages`); the app
/// and the verifier find them so.
pub struct Paged {
    pub stem: &'static str,
    pub index_stem: &'static str,
    /// The number of the list page that lists number `n`.
    pub page_number: fn(&SearchMeta, u32) -> u32,
    /// List pages per index page; 0 when the meta file lists the list pages.
    pub per_index: fn(&SearchMeta) -> u32,
}

/// Posting shards: shard `i` (and the own files of its n-grams) in list page `i / shard_page`; index
/// pages past `SHARD_INDEX_MIN` pages ([`SearchMeta::shard_index`]).
pub const SHARD_PAGES: Paged = Paged {
    stem: "shards",
    index_stem: "shardidx",
    page_number: |meta, i| i / (if meta.shard_page > 0 { meta.shard_page } else { meta.list_page }).max(1),
    per_index: |meta| meta.shard_index,
};

/// Fragment chunks: chunk `j` in list page `j / list_page`; index pages of `list_page` pages past
/// that many pages ([`SearchMeta::frag_index`]).
pub const FRAGMENT_PAGES: Paged = Paged {
    stem: "frags",
    index_stem: "fragidx",
    page_number: |meta, j| j / meta.list_page.max(1),
    per_index: |meta| if meta.frag_index { meta.list_page.max(1) } else { 0 },
};

impl Paged {
    /// Whether the meta file lists index pages of these list pages, rather than the pages.
    pub fn indexed(&self, meta: &SearchMeta) -> bool {
        (self.per_index)(meta) > 0
    }

    /// The key, in [`SearchMeta::files`], of the index page that lists number `n`'s list page (when
    /// [`Paged::indexed`]).
    pub fn index_key<'a>(&self, meta: &'a SearchMeta, n: u32) -> Option<&'a str> {
        let r = (self.page_number)(meta, n) / (self.per_index)(meta).max(1);
        key_with_prefix(&meta.files, &format!("search/{}-{r}.", self.index_stem))
    }

    /// The key of number `n`'s list page in `files`: the meta file's, or those of the index page
    /// that lists it ([`Paged::index_key`]).
    pub fn page_key<'a>(&self, meta: &SearchMeta, files: &'a BTreeMap<String, crate::FileRef>, n: u32) -> Option<&'a str> {
        key_with_prefix(files, &format!("search/{}-{}.", self.stem, (self.page_number)(meta, n)))
    }
}

/// The key, in [`SearchMeta::files`], of the list page that lists posting shard `i` (no index pages).
pub fn shard_list_key(meta: &SearchMeta, i: u32) -> Option<&str> {
    SHARD_PAGES.page_key(meta, &meta.files, i)
}

/// The number of the list page that lists posting shard `i` (and the own files of its n-grams).
pub fn shard_page_number(meta: &SearchMeta, i: u32) -> u32 {
    (SHARD_PAGES.page_number)(meta, i)
}

/// The key, in [`SearchMeta::files`], of the list page that lists fragment chunk `j` (no index
/// pages).
pub fn fragment_list_key(meta: &SearchMeta, j: u32) -> Option<&str> {
    FRAGMENT_PAGES.page_key(meta, &meta.files, j)
}

/// The key, in a shard list page's files, of the own file of the n-grams whose hash is `hash`
/// ([`super::ngram::gram_hash`]): `search/gram-<8 hex digits>.<hash8>.json`, a [`PostingShard`] holding
/// only them (search version 9). A common n-gram's list (3,000 docs, 4 kB gzip) used to be fetched by
/// every query of every other n-gram of its shard; on its own, a query fetches it only for itself.
///
/// Since search version 13, n-grams whose lists and first docs are the same (最低, 低生 and 活保, in
/// the entries that say 最低生活保障) share one file, named by all their hashes, ascending:
/// `search/gram-<h1>-<h2>-….<hash8>.json` ([`own_file_hashes`]). It holds each of them, each with
/// the same list (which gzip stores once), and each of their shards' pages lists it: a query of
/// several of them fetches one file, not one per n-gram.
pub fn own_key(files: &BTreeMap<String, crate::FileRef>, hash: u32) -> Option<&str> {
    own_keys(files).find(|k| own_file_hashes(k).any(|h| h == hash))
}

/// The start of an own file's key ([`own_key`]).
pub const OWN_PREFIX: &str = "search/gram-";

/// Most n-grams named by one own file ([`own_key`]): the rest of a larger set of n-grams with the
/// same list share another.
pub const OWN_FILE_GRAMS_MAX: usize = 16;

/// The keys of the own files a list page lists.
fn own_keys(files: &BTreeMap<String, crate::FileRef>) -> impl Iterator<Item = &str> {
    files
        .range::<str, _>((std::ops::Bound::Included(OWN_PREFIX), std::ops::Bound::Unbounded))
        .map(|(k, _)| k.as_str())
        .take_while(|k| k.starts_with(OWN_PREFIX))
}

/// The n-gram hashes an own file's key names ([`own_key`]): one, or (search version 13) those of
/// every n-gram sharing the file.
pub fn own_file_hashes(key: &str) -> impl Iterator<Item = u32> + '_ {
    let names = key.get(OWN_PREFIX.len()..).and_then(|k| k.split('.').next()).unwrap_or("");
    names.split('-').filter_map(|h| u32::from_str_radix(h, 16).ok())
}

/// The n-gram hashes whose own files ([`own_key`]) a shard list page lists, ascending (those of other
/// pages' shards included, where they share a file with one of this page's).
pub fn own_hashes(files: &BTreeMap<String, crate::FileRef>) -> Vec<u32> {
    let mut hashes: Vec<u32> = own_keys(files).flat_map(own_file_hashes).collect();
    crate::order::sort(&mut hashes);
    hashes.dedup();
    hashes
}

/// The key of posting shard `i` in its list page's files.
pub fn shard_key(files: &BTreeMap<String, crate::FileRef>, i: u32) -> Option<&str> {
    key_with_prefix(files, &format!("search/postings-{i}."))
}

/// The key of fragment chunk `j` in its list page's files.
pub fn fragment_key(files: &BTreeMap<String, crate::FileRef>, j: u32) -> Option<&str> {
    key_with_prefix(files, &format!("search/frag-{j}."))
}

fn key_with_prefix<'a>(files: &'a BTreeMap<String, crate::FileRef>, prefix: &str) -> Option<&'a str> {
    files
        .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
        .next()
        .map(|(k, _)| k.as_str())
        .filter(|k| k.starts_with(prefix))
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn search_version_1() -> u32 {
    1
}

/// One thesaurus row: what people say and what catalogs call it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThesaurusEntry {
    /// Normalised colloquial term (低保).
    pub term: String,
    /// Normalised catalog terms (最低生活保障).
    pub canonical: Vec<String>,
    /// Pinyin of `term`, syllables joined without spaces (dibao). Written empty since search version
    /// 12 (1.3 kB gzip of every first search): [`super::SearchIndex::new`] reads it from the items
    /// file's pinyin table, which reads every character of the terms ([`thesaurus_sounds`]).
    pub pinyin: String,
    /// Initials of `term` (db); empty since search version 12, as `pinyin`.
    pub initials: String,
}

/// `data/search/items.<hash8>.json`: every distinct catalog item, loaded at the first keystroke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchItems {
    pub format_version: u32,
    /// Codes of the places that own a catalog, sorted; [`SearchItem::owners`] refers to them. Written
    /// as one string, each code as the digits it shares with the one before and the rest
    /// ([`shared_codes`]; search version 10: 3.3 → 1.8 kB gzip of the national 1,315 owners).
    #[serde(with = "shared_codes")]
    pub owners: Vec<String>,
    /// The pinyin of every character of the items' texts, the place names and the thesaurus terms,
    /// once, grouped by syllable as the sounds are ([`group_sounds`]: `"a阿ai爱安…"`; a character
    /// without a reading is not listed). Syllables are per character, as the build step reads them,
    /// ü written v. Search version 10: until then two columns, the characters ascending
    /// (`pinyin_chars`) and their syllables, space-separated (12.1 kB gzip of the national first
    /// search; grouped, 8.1 kB: each syllable written once, not a syllable per character in
    /// character order, which does not compress).
    pub pinyin: String,
    #[serde(deserialize_with = "items_with_ids")]
    pub items: Vec<SearchItem>,
    /// The readings of the common characters (GB2312 level 1) not in `pinyin`, grouped by
    /// syllable (`"a阿啊ai哀埃…"`), so that a character typed in error is read by its sound (户集 →
    /// hu ji → 户籍). Search version 2; about 8 kB gzip.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sounds: String,
    /// Every place of the register the items file holds, so that search finds places the app has
    /// not loaded (the manifest holds only the top places; search version 4), parents before their
    /// children, as three columns ([`SearchItems::set_places`], search version 9; until then
    /// `[code, name, parent]` rows: the national 3,348 places were 27.2 kB gzip, now 19.4): each
    /// code as the number of leading digits it shares with the code before it and its other digits
    /// (`110000,3100,51` for 110000, 110100, 110101), comma-separated; the names; and, for each place,
    /// how many rows before it its parent's row is (empty for none), comma-separated.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place_codes: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub place_names: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place_parents: String,
}

/// A place of [`SearchItems::place_codes`]: code, name, and the index of its parent's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceRow(pub String, pub String, pub Option<u32>);

/// Place codes as one string: each code as the number of leading digits it shares with the code
/// before it (at most 9, and never the whole code) and its other digits, comma-separated
/// (`110000,3100,51` for 110000, 110100, 110101): [`SearchItems::place_codes`] and
/// [`SearchItems::owners`].
pub fn encode_codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = Vec::new();
    let mut before = "";
    for code in codes {
        let shared = code.bytes().zip(before.bytes()).take_while(|(a, b)| a == b).count().min(code.len().saturating_sub(1)).min(9);
        out.push(format!("{shared}{}", &code[shared..]));
        before = code;
    }
    out.join(",")
}

/// The codes of [`encode_codes`]; a malformed entry ends them.
pub fn decode_codes(text: &str) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for entry in text.split(',') {
        let mut digits = entry.chars();
        let Some(shared) = digits.next().and_then(|d| d.to_digit(10)).map(|d| d as usize) else { break };
        let Some(head) = codes.last().map_or(Some(""), |b| b.get(..shared)).filter(|h| h.len() == shared) else { break };
        codes.push(format!("{head}{}", digits.as_str()));
    }
    codes
}

/// For `#[serde(with = "shared_codes")]`: a list of codes written as [`encode_codes`] does.
mod shared_codes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(codes: &[String], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::encode_codes(codes.iter().map(String::as_str)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        String::deserialize(d).map(|text| super::decode_codes(&text))
    }
}

impl SearchItems {
    /// Writes these places, parents first, as the items file's columns.
    pub fn set_places(&mut self, rows: &[PlaceRow]) {
        let parents: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, PlaceRow(_, _, parent))| parent.filter(|&p| (p as usize) < i).map(|p| (i - p as usize).to_string()).unwrap_or_default())
            .collect();
        self.place_codes = encode_codes(rows.iter().map(|r| r.0.as_str()));
        self.place_names = rows.iter().map(|r| r.1.clone()).collect();
        self.place_parents = parents.join(",");
    }

    /// The places of the items file's columns ([`SearchItems::set_places`]). A malformed code ends
    /// the list; a parent out of range is taken as none.
    pub fn places(&self) -> Vec<PlaceRow> {
        let codes = decode_codes(&self.place_codes);
        let mut parents = self.place_parents.split(',');
        let mut rows: Vec<PlaceRow> = Vec::with_capacity(codes.len().min(self.place_names.len()));
        for (i, (code, name)) in codes.into_iter().zip(&self.place_names).enumerate() {
            let back: Option<usize> = parents.next().and_then(|p| p.parse().ok());
            let parent = back.filter(|&b| b >= 1 && b <= i).map(|b| (i - b) as u32);
            rows.push(PlaceRow(code, name.clone(), parent));
        }
        rows
    }

    /// The places of the items file as search finds them.
    pub fn search_places(&self) -> Vec<SearchPlace> {
        let rows = &self.places();
        SearchPlace::from_places(rows.iter().map(|PlaceRow(code, name, parent)| {
            let parent = parent.and_then(|i| rows.get(i as usize)).map(|r| r.0.as_str());
            (code.as_str(), name.as_str(), parent)
        }))
    }

    /// The rows of [`SearchItems::places`] for places given as (code, name, parent code), parents first.
    pub fn place_rows<'a>(places: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>) -> Vec<PlaceRow> {
        let mut at: BTreeMap<&str, u32> = BTreeMap::new();
        let mut rows = Vec::new();
        for (code, name, parent) in places {
            rows.push(PlaceRow(code.to_string(), name.to_string(), parent.and_then(|p| at.get(p).copied())));
            at.insert(code, rows.len() as u32 - 1);
        }
        rows
    }

    /// The pinyin table as (characters, their syllables), ascending by character, for
    /// [`syllables_in`]: `pinyin` with the `sounds` merged in (a character read in both keeps its
    /// reading in `pinyin`).
    pub fn pinyin_table(&self) -> (Vec<char>, Vec<String>) {
        let mut table = (Vec::new(), Vec::new());
        add_sounds(&mut table, &self.pinyin);
        add_sounds(&mut table, &self.sounds);
        table
    }
}

/// Merges readings grouped by syllable ([`SearchSounds::sounds`]) into a pinyin table of
/// [`SearchItems::pinyin_table`]: a character the table reads already keeps its reading.
pub fn add_sounds(table: &mut (Vec<char>, Vec<String>), sounds: &str) {
    let mut syllable = String::new();
    let mut extra = Vec::new();
    let mut in_chars = false;
    for c in sounds.chars() {
        if c.is_ascii_lowercase() {
            if in_chars {
                syllable.clear();
                in_chars = false;
            }
            syllable.push(c);
        } else if !syllable.is_empty() {
            in_chars = true;
            extra.push((c, syllable.clone()));
        }
    }
    if extra.is_empty() {
        return;
    }
    let (chars, syllables) = std::mem::take(table);
    let mut pairs: Vec<(char, String)> = chars.into_iter().zip(syllables).collect();
    pairs.extend(extra);
    crate::order::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
    pairs.dedup_by(|a, b| a.0 == b.0);
    *table = pairs.into_iter().unzip();
}

/// The syllable of each character of `text` ("" for none) in a [`SearchItems::pinyin_table`].
pub fn syllables_in(table: &(Vec<char>, Vec<String>), text: &str) -> Vec<String> {
    text.chars().map(|c| table.0.binary_search(&c).map(|i| table.1[i].clone()).unwrap_or_default()).collect()
}

/// Fills in the pinyin and initials of the thesaurus terms that have none (search version 12 writes
/// none) from a pinyin table: a term's syllables, as the build reads them, joined (dibao), and their
/// first letters (db).
pub fn thesaurus_sounds(table: &(Vec<char>, Vec<String>), entries: &mut [ThesaurusEntry]) {
    for e in entries.iter_mut().filter(|e| e.pinyin.is_empty()) {
        let syl = syllables_in(table, &e.term);
        e.pinyin = syl.concat();
        e.initials = syl.iter().filter_map(|s| s.chars().next()).collect();
    }
}

/// Readings grouped by syllable, as [`SearchItems::sounds`] holds them.
pub fn group_sounds(readings: &BTreeMap<char, String>) -> String {
    let mut by: BTreeMap<&str, String> = BTreeMap::new();
    for (c, s) in readings {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase()) {
            by.entry(s.as_str()).or_default().push(*c);
        }
    }
    by.into_iter().flat_map(|(s, cs)| [s.to_string(), cs]).collect()
}

/// A place as search finds it: 星沙 finds 星沙街道 (长沙县). Not a file: made from the items file's
/// [`SearchItems::places`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPlace {
    pub code: String,
    pub name: String,
    /// Names of the places above it, nearest first (长沙县, 长沙市): shown with the result, and a
    /// query may start with one (长沙县星沙).
    pub parents: Vec<String>,
    /// Other names it is searched by: the name without its suffix (星沙 for 星沙街道, 浏阳 for 浏阳市;
    /// [`place_aliases`]). A county adds more through its thesaurus (`县城,星沙街道`).
    pub aliases: Vec<String>,
}

impl SearchPlace {
    /// The places of a register or manifest, as (code, name, parent code).
    pub fn from_places<'a>(places: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>) -> Vec<SearchPlace> {
        let all: Vec<(&str, &str, Option<&str>)> = places.into_iter().collect();
        let by_code = crate::order::map_of(all.iter().map(|(c, n, p)| (*c, (*n, *p))));
        all.iter()
            .map(|(code, name, parent)| {
                let mut parents = Vec::new();
                let mut up = *parent;
                // Bounded: a register is at most city > county > township; a cycle stops here too.
                while let Some((n, p)) = up.and_then(|c| by_code.get(c)).filter(|_| parents.len() < 4) {
                    parents.push(n.to_string());
                    up = *p;
                }
                SearchPlace { code: code.to_string(), name: name.to_string(), parents, aliases: place_aliases(name) }
            })
            .collect()
    }
}

/// [`SearchItems::items`] as read, each item with its id given back: [`crate::item_id`] of its domain
/// and path, as a catalog's items get theirs.
fn items_with_ids<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<SearchItem>, D::Error> {
    let mut items: Vec<SearchItem> = crate::object::vec(d)?;
    for it in items.iter_mut().filter(|i| i.id.is_empty()) {
        it.id = crate::item_id(it.domain, &it.path);
    }
    Ok(items)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchItem {
    /// [`crate::item_id`] of the domain and path: not stored (search version 9; 8 hex digits an item
    /// that gzip cannot shrink, 3.4 kB of the items file's 16.6), given back when the items file is
    /// read.
    #[serde(default, skip_serializing)]
    pub id: ItemId,
    pub domain: u8,
    /// The item's path, as published; the searched text is the domain name and the path joined by `/`.
    pub path: Vec<String>,
    /// Which catalogs hold the item: a bitset over [`SearchItems::owners`] in hex, hex digit `k`
    /// holding owners `4k..4k+4`, lowest bit first (an item in every catalog of 175 is 44 `f`s,
    /// not 175 codes).
    pub owners: String,
    /// True when every catalog holding the item marks its row 示例 (invented for a sample dataset):
    /// the result is labelled 示例, as its item page is.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
    /// More text the item is found by, after its path: its 事项类型 and 公开内容标题 (湘潭's template),
    /// each once over every catalog that holds it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

impl SearchItem {
    /// The searched and shown text: [`item_text`], then [`SearchItem::also`], `/`-separated.
    pub fn text(&self) -> String {
        let mut s = item_text(self.domain, &self.path);
        for a in &self.also {
            s.push('/');
            s.push_str(a);
        }
        s
    }
}

/// Suffixes a place is also searched without (星沙街道 → 星沙), longest first.
pub const PLACE_SUFFIXES: &[&str] = &["街道办事处", "街道", "民族乡", "自治县", "镇", "乡", "区", "县", "市"];

/// The names a place is also searched by: its name without the suffix of its kind (星沙 for 星沙街道,
/// 长沙 for 长沙县), when at least two characters remain.
pub fn place_aliases(name: &str) -> Vec<String> {
    PLACE_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .filter(|rest| rest.chars().count() >= 2)
        .map(|rest| vec![rest.to_string()])
        .unwrap_or_default()
}

/// A posting file's lists by n-gram, as a JSON object, read into a sorted vector (the browser only
/// looks them up).
pub type Grams = crate::order::SortedMap<String, Vec<u32>>;

/// `data/search/postings-<i>.<hash8>.json`: the posting lists of the n-grams of one hash range, and
/// what the first docs of each show; and `data/search/gram-<h>.<hash8>.json` ([`own_key`]): the same
/// for the common n-grams of hash `h`, which their shard leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PostingShard {
    pub format_version: u32,
    /// N-gram → entry doc ids, ascending, delta-encoded (first value absolute), cut at
    /// [`super::POSTING_CAP`].
    pub grams: Grams,
    /// The docs that are among the first [`super::TOP_DOCS`] of any of these n-grams, ascending,
    /// delta-encoded: the results a query of these n-grams shows first, so that showing them needs
    /// no fragment file (a keystroke's fragments were a round of downloads after its shard, one file
    /// per result). Search version 7.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top: Vec<u32>,
    /// What each of `top` shows, row `i` for its `i`-th doc (the chunk's `first` is unused, 0).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::object::option")]
    pub top_entries: Option<FragmentChunk>,
}

/// `data/search/frag-<j>.<hash8>.json`: display data of a run of entry docs, by column (a chunk of
/// the default dataset's 11,581 entries was 130 kB gzip this way, 220 kB as one object per entry).
/// Build with [`FragmentChunk::from_entries`]; read with [`FragmentChunk::entry`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FragmentChunk {
    pub format_version: u32,
    /// Doc id of the first entry.
    pub first: u32,
    /// The place codes and item ids of the chunk; `place` and `item` index into them.
    pub places: Vec<String>,
    pub items: Vec<ItemId>,
    /// Per entry, from `first` on.
    pub place: Vec<u32>,
    pub item: Vec<u32>,
    pub title: Vec<String>,
    /// The first entry's date, and per entry the days since the entry before (docs are newest first,
    /// so these are small and never negative; the first is 0).
    #[serde(deserialize_with = "crate::date::deserialize")]
    pub date: NaiveDate,
    pub days_before: Vec<u32>,
    /// Per entry, its type as [`EntryKind::code`] (0: none), so that search can narrow by type without
    /// the item pages; left out when no entry of the chunk has a type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kind: Vec<u8>,
    /// Offsets in the chunk of the entries marked 示例 in their source, ascending (a result shows 示例
    /// as the item page does); left out when none is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sample: Vec<u32>,
    /// The names of `places`, in order, where the items file does not hold them (a large register's
    /// townships, which are in township files found by name, not by code), `""` for the others;
    /// left out when it holds them all. Search version 16: a result showed such a township's code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// The doc id of each entry, ascending, delta-encoded, when they are not `first` on (`first` is
    /// then 0): a place's own newest entries ([`place_key`], search version 18), or what a posting
    /// shard's first docs show ([`PostingShard::top`] holds their ids there).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<u32>,
}

impl FragmentChunk {
    /// The chunk of these entries (newest first), the first being doc `first`.
    pub fn from_entries(format_version: u32, first: u32, entries: &[EntryFragment]) -> FragmentChunk {
        let places: Vec<String> =
            entries.iter().map(|e| e.place.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let items: Vec<ItemId> = entries.iter().map(|e| e.item.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let index = |list: &[String], v: &str| list.binary_search_by(|x| x.as_str().cmp(v)).unwrap_or(0) as u32;
        let date = entries.first().map(|e| e.date).unwrap_or_default();
        let mut prev = date;
        let days_before = entries
            .iter()
            .map(|e| {
                let d = (prev - e.date).num_days().max(0) as u32;
                prev = e.date;
                d
            })
            .collect();
        let kind: Vec<u8> = entries.iter().map(|e| EntryKind::code(e.kind)).collect();
        let mut names = vec![String::new(); places.len()];
        for e in entries {
            if let Some(name) = &e.place_name {
                names[index(&places, &e.place) as usize] = name.clone();
            }
        }
        FragmentChunk {
            docs: Vec::new(),
            names: if names.iter().all(String::is_empty) { Vec::new() } else { names },
            sample: (0u32..).zip(entries).filter(|(_, e)| e.sample).map(|(i, _)| i).collect(),
            kind: if kind.iter().all(|&k| k == 0) { Vec::new() } else { kind },
            format_version,
            first,
            place: entries.iter().map(|e| index(&places, &e.place)).collect(),
            item: entries.iter().map(|e| index(&items, &e.item)).collect(),
            title: entries.iter().map(|e| e.title.clone()).collect(),
            places,
            items,
            date,
            days_before,
        }
    }

    /// Its entries by doc id ([`FragmentChunk::docs`]); a row the columns do not hold is left out.
    pub fn by_doc(&self) -> Vec<(u32, EntryFragment)> {
        self.rows_of(&self.docs)
    }

    /// Row `i` as doc `i` of these delta-encoded ids ([`FragmentChunk::docs`], [`PostingShard::top`]);
    /// a row the columns do not hold is left out.
    fn rows_of(&self, ids: &[u32]) -> Vec<(u32, EntryFragment)> {
        delta_decode(ids).enumerate().filter_map(|(i, doc)| Some((doc, self.entry(i)?))).collect()
    }

    /// The doc ids of its rows ([`FragmentChunk::docs`]), ascending, those filed under an item
    /// `wanted` accepts only, when given: a region's docs, and those of the items a query names
    /// ([`region_key`], [`crate::search::SearchIndex::region_docs`]).
    pub fn docs_where(&self, wanted: Option<&dyn Fn(&str) -> bool>) -> Vec<u32> {
        let ok: Option<Vec<bool>> = wanted.map(|w| self.items.iter().map(|i| w(i)).collect());
        delta_decode(&self.docs)
            .zip(&self.item)
            .filter(|(_, &i)| ok.as_ref().is_none_or(|v| v.get(i as usize).copied().unwrap_or(false)))
            .map(|(d, _)| d)
            .collect()
    }

    /// Entries in the chunk.
    pub fn len(&self) -> usize {
        self.title.len()
    }

    pub fn is_empty(&self) -> bool {
        self.title.is_empty()
    }

    /// Entry `i` of the chunk (doc `first + i`); none when out of range or when the columns disagree
    /// (a malformed file shows fewer results, never wrong ones).
    pub fn entry(&self, i: usize) -> Option<EntryFragment> {
        let at = *self.place.get(i)? as usize;
        let place = self.places.get(at)?.clone();
        let place_name = self.names.get(at).filter(|n| !n.is_empty()).cloned();
        let item = self.items.get(*self.item.get(i)? as usize)?.clone();
        let title = self.title.get(i)?.clone();
        let back: u64 = self.days_before.get(..=i)?.iter().map(|&d| u64::from(d)).sum();
        let date = self.date.checked_sub_days(chrono::Days::new(back))?;
        // A short or missing column reads as untyped: the entry still shows, unnarrowed.
        let kind = EntryKind::from_code(self.kind.get(i).copied().unwrap_or(0));
        let sample = self.sample.binary_search(&(i as u32)).is_ok();
        Some(EntryFragment { place, item, title, date, kind, sample, place_name })
    }
}

/// What a search result shows of an entry, and where it leads (the item page at the place). The
/// entry's own link is on the item page, not here: results need only this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryFragment {
    pub place: String,
    pub item: ItemId,
    pub title: String,
    #[serde(deserialize_with = "crate::date::deserialize")]
    pub date: NaiveDate,
    /// The entry's type (类型), where its source gives one.
    pub kind: Option<EntryKind>,
    /// Marked 示例 in its source.
    pub sample: bool,
    /// The name of its place where the items file does not hold it ([`FragmentChunk::names`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_name: Option<String>,
}

impl PostingShard {
    /// The decoded (absolute) doc ids of an n-gram, empty when the shard does not hold it.
    pub fn docs(&self, gram: &str) -> Vec<u32> {
        self.grams.get(gram).map(|d| delta_decode(d).collect()).unwrap_or_default()
    }

    /// The [`PostingShard::top`] docs with what each shows; a row the columns do not hold is left
    /// out (its fragment file is fetched instead).
    pub fn top_entries(&self) -> Vec<(u32, EntryFragment)> {
        self.top_entries.as_ref().map_or_else(Vec::new, |rows| rows.rows_of(&self.top))
    }
}

/// Delta-encodes ascending doc ids for [`PostingShard::grams`].
pub fn delta_encode(docs: &[u32]) -> Vec<u32> {
    let mut prev = 0;
    docs.iter()
        .map(|&d| {
            let x = d - prev;
            prev = d;
            x
        })
        .collect()
}

/// The doc ids of a [`delta_encode`]d list (a malformed list saturates rather than wraps).
pub fn delta_decode(deltas: &[u32]) -> impl Iterator<Item = u32> + '_ {
    deltas.iter().scan(0u32, |acc, &d| {
        *acc = acc.saturating_add(d);
        Some(*acc)
    })
}

/// The text an item is searched and shown by: its domain's name and its path, joined by `/`
/// (社会救助/最低生活保障/审批信息). Item pinyin and highlight positions are per character of it.
pub fn item_text(domain: u8, path: &[String]) -> String {
    let mut s = crate::domain::Domain::by_id(domain).map(|d| d.name.to_string()).unwrap_or_default();
    for p in path {
        s.push('/');
        s.push_str(p);
    }
    s
}

/// Encodes owner indexes as the hex bitset of [`SearchItem::owners`].
pub fn owners_to_hex(indexes: &[usize], total: usize) -> String {
    let mut digits = vec![0u8; total.div_ceil(4)];
    for &i in indexes {
        digits[i / 4] |= 1 << (i % 4);
    }
    digits.iter().map(|d| char::from_digit(*d as u32, 16).unwrap()).collect()
}

/// Decodes the hex bitset of [`SearchItem::owners`] into owner indexes.
pub fn owners_from_hex(hex: &str) -> Vec<u16> {
    let mut out = Vec::new();
    for (k, c) in hex.chars().enumerate() {
        let d = c.to_digit(16).unwrap_or(0);
        for b in 0..4 {
            if d & (1 << b) != 0 {
                out.push((k * 4 + b) as u16);
            }
        }
    }
    out
}
