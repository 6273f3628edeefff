//! How a search listing writes its files ([`super::SearchMeta::files`], [`super::SearchFileList::files`];
//! bundle format 8). In memory a listing is, as everywhere, each file's key with its size and digest.
//! In the file, the numbered and named files of one kind are written as one group, by columns:
//!
//! ```text
//! "search/postings-#": {"ids": "5600,1,1,2", "bytes": "7366,8747,3589,901", "sha256_128": "1707…dc46…"}
//! "search/gram-*":     {"ids": "5780f93d,5781c9f8", "bytes": "7366,8747", "sha256_128": "f8d5…76a7…"}
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
//! smaller at national scale; the first search 7 kB smaller.

use crate::FileRef;
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One group of files, by columns (see the module's documentation).
#[derive(Debug, Serialize, Deserialize)]
struct Group {
    ids: String,
    bytes: String,
    sha256_128: String,
}

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
    let digest_ok = r.sha256_128.len() == 32 && r.sha256_128.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !digest_ok || hash8.len() != 8 || !r.sha256_128.starts_with(hash8) {
        return None;
    }
    let (prefix, id) = name.split_at(name.rfind('-')? + 1);
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
    (id_ok && !prefix.contains(['#', '*'])).then_some((prefix, id))
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
        Group(Group),
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
        let sha256_128: String = members.iter().map(|m| m.2.sha256_128.as_str()).collect();
        let group = Group { ids: ids.join(","), bytes: bytes.join(","), sha256_128 };
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

/// A struct decoded through [`crate::object::Object`], as the app decodes every search file.
struct AsObject<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for AsObject<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize(crate::object::Object(d))
    }
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
                    let r: FileRef = map.next_value_seed(AsObject(std::marker::PhantomData))?;
                    files.insert(key, r);
                    continue;
                }
            };
            let group: Group = map.next_value_seed(AsObject(std::marker::PhantomData))?;
            expand(&key[..key.len() - 1], kind, &group, &mut files).map_err(|e| A::Error::custom(format!("{key}: {e}")))?;
        }
        Ok(files)
    }
}

/// The files of `group` (under `prefix`), into `files`.
fn expand(prefix: &str, kind: Kind, group: &Group, files: &mut BTreeMap<String, FileRef>) -> Result<(), &'static str> {
    let split = |s: &str| -> Vec<String> { if s.is_empty() { Vec::new() } else { s.split(',').map(str::to_string).collect() } };
    let (ids, bytes) = (split(&group.ids), split(&group.bytes));
    let digests = group.sha256_128.as_bytes();
    if bytes.len() != ids.len() || digests.len() != 32 * ids.len() {
        return Err("ids, sizes and digests differ in number");
    }
    let mut last: u64 = 0;
    for (i, (id, size)) in ids.iter().zip(&bytes).enumerate() {
        let digest = std::str::from_utf8(&digests[32 * i..32 * (i + 1)]).map_err(|_| "a digest is not hex")?;
        if !digest.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err("a digest is not hex");
        }
        let id = match kind {
            Kind::Numbered => {
                let step = number(id).ok_or("an id is not a number")?;
                last = if i == 0 { step } else { last.checked_add(step).ok_or("an id is too large")? };
                last.to_string()
            }
            Kind::Named => id.clone(),
        };
        let size = number(size).ok_or("a size is not a number")?;
        files.insert(format!("{prefix}{id}.{}.json", &digest[..8]), FileRef { bytes: size, sha256_128: digest.to_string() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(json, format!(r#"{{"files":{{"search/postings-#":{{"ids":"10,2","bytes":"7,8","sha256_128":"{}{}"}}}}}}"#, digest(1), digest(2)));
        // A listing as written before format 8 reads as it did.
        let old = format!(r#"{{"files":{{"search/postings-10.{}.json":{{"bytes":7,"sha256_128":"{}"}}}}}}"#, &digest(1)[..8], digest(1));
        assert_eq!(decode(&old).unwrap().files, [file("search/postings-", "10", 7, 1)].into());
    }

    #[test]
    fn a_group_whose_columns_disagree_is_refused() {
        let d = digest(1);
        for (what, group) in [
            ("one id, two sizes", format!(r#""ids":"1","bytes":"1,2","sha256_128":"{d}""#)),
            ("two ids, one digest", format!(r#""ids":"1,2","bytes":"1,2","sha256_128":"{d}""#)),
            ("a digest cut short", format!(r#""ids":"1","bytes":"1","sha256_128":"{}""#, &d[..31])),
            ("a digest not hex", format!(r#""ids":"1","bytes":"1","sha256_128":"{}""#, "g".repeat(32))),
            ("a digest in capitals", format!(r#""ids":"1","bytes":"1","sha256_128":"{}""#, d.to_uppercase())),
            ("an id that is not a number", format!(r#""ids":"x","bytes":"1","sha256_128":"{d}""#)),
            ("a step past u64", format!(r#""ids":"18446744073709551615,1","bytes":"1,1","sha256_128":"{d}{d}""#)),
            ("a size that is not a number", format!(r#""ids":"1","bytes":"-1","sha256_128":"{d}""#)),
            ("a group as an array", format!(r#"["1","1","{d}"]"#)),
        ] {
            let json = if group.starts_with('[') { format!(r#"{{"files":{{"p-#":{group}}}}}"#) } else { format!(r#"{{"files":{{"p-#":{{{group}}}}}}}"#) };
            assert!(decode(&json).is_err(), "{what}: {json}");
        }
        // Empty columns are an empty group.
        assert!(decode(r#"{"files":{"p-#":{"ids":"","bytes":"","sha256_128":""}}}"#).unwrap().files.is_empty());
    }
}
