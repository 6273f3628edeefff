//! How a search listing writes its files ([`super::SearchMeta::files`], [`super::SearchFileList::files`];
//! bundle format 8). In memory a listing is, as everywhere, each file's key with its size and digest.
//! In the file, the numbered and named files of one kind are written as one group, by columns, in one
//! string: ids, sizes, digests, separated by `;`:
//!
//! ```text
//! "search/postings-#": "5600,1,1,2;7366,8747,3589,901;1707…dc46…"
//! "search/gram-*":     "5780f93d,5781c9f8;7366,8747;f8d5…76a7…"
//! "search/items.c3818818.json": {"bytes": 58607, "sha256_128": "c3818818…"}
//! ```
//!
//! A key `<prefix>-<id>.<hash8>.json` whose `hash8` is the first 8 digits of its digest (every search
//! file's) is in the group `<prefix>-#` when its id is a number (ids ascending, each after the first
//! as the difference from the one before) or `<prefix>-*` otherwise (ids as written, ascending); the
//! sizes follow in the same order, and the digests, 32 hex digits each, one after the other. Its key
//! is made again from the three. Any other key is written as before. Why: the national index's meta
//! file names its 512 shard pages and each page some 60 files; as one object per file, each took 35
//! bytes gzipped for the 16 bytes of its digest (the key repeated the digest's first 8 digits, and the
//! field names and syntax came with each). By columns, the meta file is 5.3 kB and each page 0.4 kB
//! smaller at national scale. One string rather than an object of three: the app then needs no
//! decoder of its own for a group (a string's is there already), which kept 1 kB of the search code.

use crate::FileRef;
use serde::de::{Deserializer, Error as _, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// The group of a file whose key and digest fit one ([`parts`]): numbered or named.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Numbered = b'#' as isize,
    Named = b'*' as isize,
}

/// `(prefix, id)` of a key `<prefix><id>.<hash8>.json`, `prefix` ending in `-` and holding neither
/// group mark, `id` lowercase letters and digits, `hash8` the digest's first 8 digits; None when the
/// key is written as it is.
fn parts<'a>(key: &'a str, r: &FileRef) -> Option<(&'a str, &'a str)> {
    let (name, hash8) = key.strip_suffix(".json")?.rsplit_once('.')?;
    if !is_digest(&r.sha256_128) || hash8.len() != 8 || !r.sha256_128.starts_with(hash8) {
        return None;
    }
    let (prefix, id) = name.split_at(name.rfind('-')? + 1);
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
    (id_ok && !prefix.contains(['#', '*'])).then_some((prefix, id))
}

/// 32 lowercase hex digits.
fn is_digest(d: &str) -> bool {
    d.len() == 32 && d.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// An id written as a number: digits with no leading zero (0 itself aside).
fn number(id: &str) -> Option<u64> {
    id.parse::<u64>().ok().filter(|n| n.to_string() == id)
}

/// For `#[serde(with = "listing")]`: writes `files` grouped (see the module's documentation).
pub fn serialize<S: Serializer>(files: &BTreeMap<String, FileRef>, s: S) -> Result<S::Ok, S::Error> {
    let mut groups: BTreeMap<(String, Kind), Vec<(u64, &str, &FileRef)>> = BTreeMap::new();
    let mut plain: Vec<(String, &FileRef)> = Vec::new();
    for (key, r) in files {
        match parts(key, r) {
            Some((prefix, id)) => {
                let (kind, n) = number(id).map_or((Kind::Named, 0), |n| (Kind::Numbered, n));
                groups.entry((prefix.to_string(), kind)).or_default().push((n, id, r));
            }
            None => plain.push((key.clone(), r)),
        }
    }
    enum Entry<'a> {
        Plain(&'a FileRef),
        Group(String),
    }
    let mut out: Vec<(String, Entry)> = plain.into_iter().map(|(k, r)| (k, Entry::Plain(r))).collect();
    for ((prefix, kind), mut members) in groups {
        // Named ids are in key order already; numbered ones ascending by value.
        members.sort_by_key(|m| m.0);
        let mut ids = Vec::with_capacity(members.len());
        let mut last = 0;
        for (i, (n, id, _)) in members.iter().enumerate() {
            ids.push(match kind {
                Kind::Numbered if i > 0 => (n - last).to_string(),
                _ => id.to_string(),
            });
            last = *n;
        }
        let bytes: Vec<String> = members.iter().map(|m| m.2.bytes.to_string()).collect();
        let digests: String = members.iter().map(|m| m.2.sha256_128.as_str()).collect();
        let group = format!("{};{};{digests}", ids.join(","), bytes.join(","));
        out.push((format!("{prefix}{}", kind as u8 as char), Entry::Group(group)));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    let mut map = s.serialize_map(Some(out.len()))?;
    for (key, entry) in &out {
        match entry {
            Entry::Plain(r) => map.serialize_entry(key, r)?,
            Entry::Group(g) => map.serialize_entry(key, g)?,
        }
    }
    map.end()
}

/// For `#[serde(with = "listing")]`: reads `files` as written by [`serialize`], or as listings were
/// before format 8 (every key written as it is). A group whose columns do not agree is refused.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, FileRef>, D::Error> {
    d.deserialize_map(Files)
}

struct Files;

impl<'de> Visitor<'de> for Files {
    type Value = BTreeMap<String, FileRef>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a listing's files")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut files = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let kind = match key.as_bytes().last() {
                Some(b'#') => Kind::Numbered,
                Some(b'*') => Kind::Named,
                _ => {
                    let r: FileRef = map.next_value()?;
                    files.insert(key, r);
                    continue;
                }
            };
            let group: String = map.next_value()?;
            expand(&key[..key.len() - 1], kind, &group, &mut files).map_err(A::Error::custom)?;
        }
        Ok(files)
    }
}

/// The comma-separated cells of a column; none for an empty one.
fn cells(column: &str) -> impl Iterator<Item = &str> {
    column.split(',').take(if column.is_empty() { 0 } else { usize::MAX })
}

/// The files of a group's string (under `prefix`), into `files`.
fn expand(prefix: &str, kind: Kind, group: &str, files: &mut BTreeMap<String, FileRef>) -> Result<(), &'static str> {
    const DISAGREE: &str = "a listing's group: ids, sizes and digests differ in number";
    let mut columns = group.splitn(3, ';');
    let (Some(ids), Some(sizes), Some(digests)) = (columns.next(), columns.next(), columns.next()) else {
        return Err(DISAGREE);
    };
    let (mut ids, mut sizes) = (cells(ids), cells(sizes));
    let mut last: u64 = 0;
    let mut at = 0;
    loop {
        let (id, size) = match (ids.next(), sizes.next()) {
            (Some(id), Some(size)) if !id.is_empty() => (id, size),
            (None, None) if at == digests.len() => return Ok(()),
            _ => return Err(DISAGREE),
        };
        let digest = digests.get(at..at + 32).filter(|d| is_digest(d)).ok_or("a listing's group: a digest is not 32 hex digits")?;
        at += 32;
        let id = match kind {
            Kind::Numbered => {
                // The first id is its own difference from 0.
                let step = number(id).ok_or("a listing's group: an id is not a number")?;
                last = last.checked_add(step).ok_or("a listing's group: an id is too large")?;
                last.to_string()
            }
            Kind::Named => id.to_string(),
        };
        let bytes = number(size).ok_or("a listing's group: a size is not a number")?;
        files.insert(format!("{prefix}{id}.{}.json", &digest[..8]), FileRef { bytes, sha256_128: digest.to_string() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Listing {
        #[serde(with = "super")]
        files: BTreeMap<String, FileRef>,
    }

    fn digest(seed: u8) -> String {
        crate::hash::digest_hex(&[seed])
    }

    fn file(prefix: &str, id: &str, bytes: u64, seed: u8) -> (String, FileRef) {
        let d = digest(seed);
        (format!("{prefix}{id}.{}.json", &d[..8]), FileRef { bytes, sha256_128: d })
    }

    fn decode(json: &str) -> Result<Listing, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let l = Listing::deserialize(crate::object::Object(&mut de))?;
        de.end()?;
        Ok(l)
    }

    #[test]
    fn a_listing_reads_back_as_written() {
        let mismatched = FileRef { bytes: 5, sha256_128: digest(99) };
        let cases: Vec<(&str, Vec<(String, FileRef)>)> = vec![
            ("nothing", vec![]),
            ("shards with gaps, past 9 (ascending by number, not as text)", vec![
                file("search/postings-", "5600", 7366, 1),
                file("search/postings-", "5601", 8747, 2),
                file("search/postings-", "5610", 3, 3),
                file("search/postings-", "0", 0, 4),
            ]),
            ("own files, named by hash", vec![file("search/gram-", "5780f93d", 7366, 5), file("search/gram-", "0000beef", 1, 6)]),
            ("numbered and named under one prefix", vec![file("search/local-", "430121", 9, 7), file("search/local-", "x01", 10, 8)]),
            ("ids that are not written as numbers stay named", vec![file("search/towns-", "007", 9, 9), file("search/towns-", "7", 9, 10)]),
            ("files no group holds", vec![
                file("search/items", "", 58607, 11),
                ("search/sounds.json".to_string(), FileRef { bytes: 1, sha256_128: digest(12) }),
                ("search/postings-9.00000000.json".to_string(), mismatched.clone()),
                ("search/Frag-1.".to_string() + &digest(13)[..8] + ".json", FileRef { bytes: 2, sha256_128: digest(13) }),
                ("catalog/430100.".to_string() + &digest(14)[..8] + ".json", FileRef { bytes: 2, sha256_128: "A".repeat(32) }),
            ]),
        ];
        for (what, files) in cases {
            let listing = Listing { files: files.into_iter().collect() };
            let json = serde_json::to_string(&listing).unwrap();
            assert_eq!(decode(&json).unwrap(), listing, "{what}: {json}");
            assert_eq!(serde_json::from_str::<Listing>(&json).unwrap(), listing, "{what}, derived");
            assert_eq!(serde_json::to_string(&decode(&json).unwrap()).unwrap(), json, "{what}: written the same again");
        }
        // As written: groups by columns, deltas for numbers.
        let listing = Listing { files: [file("search/postings-", "10", 7, 1), file("search/postings-", "12", 8, 2)].into() };
        let json = serde_json::to_string(&listing).unwrap();
        assert_eq!(json, format!(r#"{{"files":{{"search/postings-#":"10,2;7,8;{}{}"}}}}"#, digest(1), digest(2)));
        // A listing as written before format 8 reads as it did.
        let old = format!(r#"{{"files":{{"search/postings-10.{}.json":{{"bytes":7,"sha256_128":"{}"}}}}}}"#, &digest(1)[..8], digest(1));
        assert_eq!(decode(&old).unwrap().files, [file("search/postings-", "10", 7, 1)].into());
    }

    #[test]
    fn a_group_whose_columns_disagree_is_refused() {
        let d = digest(1);
        // (what, the group, refused as a named group too: a named id need not be a number)
        for (what, group, named_too) in [
            ("one id, two sizes", format!("1;1,2;{d}"), true),
            ("two ids, one digest", format!("1,2;1,2;{d}"), true),
            ("a digest cut short", format!("1;1;{}", &d[..31]), true),
            ("a digest too many", format!("1;1;{d}{d}"), true),
            ("a digest not hex", format!("1;1;{}", "g".repeat(32)), true),
            ("a digest in capitals", format!("1;1;{}", d.to_uppercase()), true),
            ("a size that is not a number", format!("1;-1;{d}"), true),
            ("no sizes", format!("1;{d}"), true),
            ("no id", format!(";1;{d}"), true),
            ("an empty id", format!("1,;1,1;{d}{d}"), true),
            ("an id that is not a number", format!("x;1;{d}"), false),
            ("a step past u64", format!("18446744073709551615,1;1,1;{d}{d}"), false),
        ] {
            for (mark, refused) in [('#', true), ('*', named_too)] {
                let json = format!(r#"{{"files":{{"p-{mark}":"{group}"}}}}"#);
                assert_eq!(decode(&json).is_err(), refused, "{what}: {json}");
            }
        }
        assert!(decode(&format!(r#"{{"files":{{"p-#":["1","1","{d}"]}}}}"#)).is_err(), "a group as an array");
        // Empty columns are an empty group.
        assert!(decode(r#"{"files":{"p-#":";;"}}"#).unwrap().files.is_empty());
    }
}
