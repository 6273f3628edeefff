//! The search files of a bundle. Each struct names the file it is stored in.

use crate::model::ItemId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `data/search/meta.<hash8>.json`: loaded at the first keystroke, small at any scale.
///
/// The manifest lists only this file. The other search files are listed, with their sizes and
/// hashes, one level down, so that neither the manifest nor this file grows with the number of
/// entries (a 1,000,000-entry province has some 16,000 search files):
///
/// ```text
/// manifest.files ─▶ meta ─ files ─▶ items
///                             ├───▶ shards-<p>  ─ files ─▶ postings-<i>   (list page p = i / list_page)
///                             └───▶ frags-<p>   ─ files ─▶ frag-<j>       (list page p = j / list_page)
/// ```
///
/// Each hop is verified by size and SHA-256 before use, so a search file is as trustworthy as the
/// manifest that (transitively) lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchMeta {
    pub format_version: u32,
    /// Traditional → simplified pairs, as one string of alternating characters (`"農农機机…"`), limited
    /// to characters that fold onto a character the dataset uses.
    pub fold: String,
    /// Colloquial terms and the catalog terms they stand for (built-in plus the source's thesaurus.csv).
    pub thesaurus: Vec<ThesaurusEntry>,
    /// Key of the [`SearchItems`] file in [`SearchMeta::files`].
    pub items: String,
    /// Number of entry docs.
    pub entries: u32,
    /// Posting shards: shard `i` holds the n-grams whose 32-bit hash has `i` as its top `shard_bits`
    /// bits. It is the file `search/postings-<i>.<hash8>.json`, listed in list page `i / list_page`
    /// (see [`shard_list_key`], [`shard_key`]); an empty shard has no file.
    pub shard_bits: u8,
    /// Entry docs per fragment file.
    pub fragment_chunk: u32,
    /// Number of fragment files: chunk `j` is `search/frag-<j>.<hash8>.json`, listed in list page
    /// `j / list_page` (see [`fragment_list_key`], [`fragment_key`]).
    pub fragments: u32,
    /// Files per list page ([`SearchFileList`]).
    pub list_page: u32,
    /// The items file and the list pages, by path relative to the manifest, with size and hash.
    pub files: BTreeMap<String, crate::FileRef>,
}

/// `data/search/shards-<p>.<hash8>.json` and `data/search/frags-<p>.<hash8>.json`: the posting shards
/// (or fragment chunks) `p·list_page .. (p+1)·list_page` that exist, with size and hash.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchFileList {
    pub format_version: u32,
    pub files: BTreeMap<String, crate::FileRef>,
}

/// The key, in [`SearchMeta::files`], of the list page that lists posting shard `i`.
pub fn shard_list_key(meta: &SearchMeta, i: u32) -> Option<&str> {
    key_with_prefix(&meta.files, &format!("search/shards-{}.", i / meta.list_page.max(1)))
}

/// The key, in [`SearchMeta::files`], of the list page that lists fragment chunk `j`.
pub fn fragment_list_key(meta: &SearchMeta, j: u32) -> Option<&str> {
    key_with_prefix(&meta.files, &format!("search/frags-{}.", j / meta.list_page.max(1)))
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

/// One thesaurus row: what people say and what catalogs call it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThesaurusEntry {
    /// Normalised colloquial term (低保).
    pub term: String,
    /// Normalised catalog terms (最低生活保障).
    pub canonical: Vec<String>,
    /// Pinyin of `term`, syllables joined without spaces (dibao).
    pub pinyin: String,
    /// Initials of `term` (db).
    pub initials: String,
}

/// `data/search/items.<hash8>.json`: every distinct catalog item, loaded at the first keystroke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchItems {
    pub format_version: u32,
    /// Codes of the places that own a catalog, sorted; [`SearchItem::owners`] refers to them.
    pub owners: Vec<String>,
    pub items: Vec<SearchItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchItem {
    pub id: ItemId,
    pub domain: u8,
    /// The item's path, as published; the searched text is the domain name and the path joined by `/`.
    pub path: Vec<String>,
    /// Which catalogs hold the item: a bitset over [`SearchItems::owners`] in hex, hex digit `k`
    /// holding owners `4k..4k+4`, lowest bit first (an item in every catalog of 175 is 44 `f`s,
    /// not 175 codes).
    pub owners: String,
    /// Pinyin of the searched text, one syllable per character separated by spaces, `_` for a character
    /// without one.
    pub pinyin: String,
}

/// `data/search/postings-<i>.<hash8>.json`: the posting lists of the n-grams of one hash range.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PostingShard {
    pub format_version: u32,
    /// N-gram → entry doc ids, ascending, delta-encoded (first value absolute), cut at
    /// [`super::POSTING_CAP`].
    pub grams: BTreeMap<String, Vec<u32>>,
}

/// `data/search/frag-<i>.<hash8>.json`: display data of a run of entry docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FragmentChunk {
    pub format_version: u32,
    /// Doc id of the first fragment.
    pub first: u32,
    pub entries: Vec<EntryFragment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryFragment {
    pub place: String,
    pub item: ItemId,
    pub title: String,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl PostingShard {
    /// The decoded (absolute) doc ids of an n-gram, empty when the shard does not hold it.
    pub fn docs(&self, gram: &str) -> Vec<u32> {
        let mut acc = 0u32;
        self.grams
            .get(gram)
            .map(|d| {
                d.iter()
                    .map(|&x| {
                        acc += x;
                        acc
                    })
                    .collect()
            })
            .unwrap_or_default()
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
