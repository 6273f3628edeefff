//! The search files of a bundle. Each struct names the file it is stored in.

use crate::model::ItemId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `data/search/meta.<hash8>.json`: loaded at the first keystroke, small.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchMeta {
    pub format_version: u32,
    /// Traditional → simplified pairs, as one string of alternating characters (`"農农機机…"`), limited
    /// to characters that fold onto a character the dataset uses.
    pub fold: String,
    /// Colloquial terms and the catalog terms they stand for (built-in plus the source's thesaurus.csv).
    pub thesaurus: Vec<ThesaurusEntry>,
    /// Key of the [`SearchItems`] file.
    pub items: String,
    /// Number of entry docs.
    pub entries: u32,
    /// Posting shards: shard `i` holds the n-grams whose 32-bit hash has `i` as its top `shard_bits`
    /// bits. Shard `i` is the file `search/postings-<i>.<hash8>.json` of the manifest (see
    /// [`shard_key`]); an empty shard has no file.
    pub shard_bits: u8,
    /// Entry docs per fragment file.
    pub fragment_chunk: u32,
    /// Number of fragment files: chunk `i` is `search/frag-<i>.<hash8>.json` (see [`fragment_key`]).
    pub fragments: u32,
}

/// The manifest key of posting shard `i`. Keys are found in the manifest rather than listed here, so
/// the meta file stays a few kB at any scale.
pub fn shard_key(files: &BTreeMap<String, crate::FileRef>, i: u32) -> Option<&str> {
    key_with_prefix(files, &format!("search/postings-{i}."))
}

/// The manifest key of fragment chunk `i`.
pub fn fragment_key(files: &BTreeMap<String, crate::FileRef>, i: u32) -> Option<&str> {
    key_with_prefix(files, &format!("search/frag-{i}."))
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
