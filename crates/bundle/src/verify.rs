//! Walks a bundle the way the app reaches its files: from `manifest.json`, through every file that lists
//! others (the place lists, the search meta file and its list pages, the locate index), checking each
//! file's size and SHA-256 against the listing that names it before reading it. What the walk reaches
//! is what the app can verify; a file of the bundle it does not reach (apart from the Atom feeds, which
//! the app never loads) is one no chain vouches for.

use gongkai_catalog::search::{LocalDocs, SearchFileList, SearchMeta};
use gongkai_catalog::{decode_listed, decode_manifest, BundleError, FileRef, LocateIndex, Manifest, Place, PlaceList};
use std::collections::BTreeMap;

/// What the walk reached.
#[derive(Debug, Default)]
pub struct Reached {
    /// Every file reached, verified, with its listing's size and hash.
    pub files: BTreeMap<String, FileRef>,
    /// Every place of the register, once: the manifest's, then each list's, in the order reached.
    pub places: Vec<Place>,
    /// How many lists the place lists name ahead ([`PlaceList::ahead`]), each checked to be its
    /// place's own list.
    pub ahead: usize,
}

/// A file that lists others, by what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// A place list (`PlaceList`): its places' lists and own files.
    Places,
    /// The search meta file (`SearchMeta`): the items file and the list pages.
    SearchMeta,
    /// A search list page (`SearchFileList`): posting shards, fragment chunks or pages, local files.
    SearchPage,
    /// A county's local file (`LocalDocs`): the files of its places' own newest entries.
    Local,
    /// The locate index (`LocateIndex`): the cities' outline files.
    Locate,
}

/// The files that list others, by how their key starts: the chains every file is verified through.
/// `public/sw.js` follows the same chains to keep what the manifest still reaches when it prunes its
/// cache, with the same prefixes (a test holds the two together).
pub const LISTINGS: [(&str, Listing); 9] = [
    ("places/", Listing::Places),
    ("search/meta.", Listing::SearchMeta),
    ("search/shards-", Listing::SearchPage),
    ("search/shardidx-", Listing::SearchPage),
    ("search/frags-", Listing::SearchPage),
    ("search/fragidx-", Listing::SearchPage),
    ("search/locals-", Listing::SearchPage),
    ("search/local-", Listing::Local),
    ("locate/index.", Listing::Locate),
];

/// What the file at `path` lists others as, if it does.
pub fn listing(path: &str) -> Option<Listing> {
    LISTINGS.iter().find(|(prefix, _)| path.starts_with(prefix)).map(|&(_, l)| l)
}

/// Walks the bundle whose files `read` gives by path (`manifest.json` included); the first file that
/// is missing, does not match its listing, or does not decode stops the walk with why.
pub fn walk(read: impl Fn(&str) -> Option<Vec<u8>>) -> Result<Reached, String> {
    let get = |path: &str| read(path).ok_or_else(|| format!("缺少文件 / missing file: {path}"));
    let manifest: Manifest = decode_manifest(&get(crate::write::MANIFEST_FILE)?).map_err(|e| e.to_string())?;
    let mut out = Reached { places: manifest.places.clone(), ..Default::default() };
    let mut codes: std::collections::BTreeSet<String> = manifest.places.iter().map(|p| p.code.clone()).collect();
    // (path, the listing that names it), still to read.
    let mut todo: Vec<(String, FileRef)> = manifest.files.iter().map(|(k, r)| (k.clone(), r.clone())).collect();
    // The lists named ahead (place code → key), checked once the whole register is known.
    let mut ahead: BTreeMap<String, String> = BTreeMap::new();
    while let Some((path, r)) = todo.pop() {
        // Two listings of one path must agree: a hash-named file has one content.
        if let Some(seen) = out.files.get(&path) {
            if *seen != r {
                return Err(format!("两处清单对同一文件不一致 / two listings disagree about {path}"));
            }
            continue;
        }
        let bytes = get(&path)?;
        let listing: BTreeMap<String, FileRef> = [(path.clone(), r.clone())].into();
        let check = |e: BundleError| e.to_string();
        let mut more: BTreeMap<String, FileRef> = BTreeMap::new();
        match self::listing(&path) {
            Some(Listing::Places) => {
                let list: PlaceList = decode_listed(&listing, &path, &bytes).map_err(check)?;
                more = list.files;
                ahead.extend(list.ahead);
                // The manifest holds a single top place's children too: each place once.
                for p in list.places {
                    if codes.insert(p.code.clone()) {
                        out.places.push(p);
                    }
                }
            }
            Some(Listing::SearchMeta) => more = decode_listed::<SearchMeta>(&listing, &path, &bytes).map_err(check)?.files,
            Some(Listing::SearchPage) => more = decode_listed::<SearchFileList>(&listing, &path, &bytes).map_err(check)?.files,
            Some(Listing::Local) => more = decode_listed::<LocalDocs>(&listing, &path, &bytes).map_err(check)?.files,
            Some(Listing::Locate) => more = decode_listed::<LocateIndex>(&listing, &path, &bytes).map_err(check)?.files,
            None => {
                decode_listed::<serde::de::IgnoredAny>(&listing, &path, &bytes).map_err(check)?;
            }
        }
        out.files.insert(path, r);
        todo.extend(more);
    }
    // A hint is not verified where it is read, so it must at least lead where it says: the app fetches
    // it early and checks it only when the list that names it with size and hash comes.
    let lists: BTreeMap<&str, Option<&str>> = out.places.iter().map(|p| (p.code.as_str(), p.children.as_deref())).collect();
    for (code, key) in &ahead {
        if lists.get(code.as_str()) != Some(&Some(key.as_str())) {
            return Err(format!("地区列表预告的下级列表不是该地区的 / a list names ahead {key} for {code}, which is not that place's list"));
        }
    }
    out.ahead = ahead.len();
    Ok(out)
}

/// The manifest of the bundle `read` gives, with every place list merged in (verified through the
/// chain, as the app merges them): the whole register and the files its places name.
pub fn whole_register(read: impl Fn(&str) -> Option<Vec<u8>>) -> Result<Manifest, String> {
    let get = |path: &str| read(path).ok_or_else(|| format!("缺少文件 / missing file: {path}"));
    let mut m = decode_manifest(&get(crate::write::MANIFEST_FILE)?).map_err(|e| e.to_string())?;
    let mut todo: Vec<String> = m.places.iter().filter_map(|p| p.children.clone()).collect();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(key) = todo.pop() {
        if !seen.insert(key.clone()) {
            continue;
        }
        let list: PlaceList = m.decode_file(&key, &get(&key)?).map_err(|e| e.to_string())?;
        todo.extend(list.places.iter().filter_map(|p| p.children.clone()));
        m.add_places(&key, list).map_err(|e| e.to_string())?;
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_listings_by_how_their_key_starts() {
        let cases = [
            ("places/430100.1a2b3c4d.json", Some(Listing::Places)),
            ("search/meta.1a2b3c4d.json", Some(Listing::SearchMeta)),
            ("search/shards-3.1a2b3c4d.json", Some(Listing::SearchPage)),
            ("search/shardidx-0.1a2b3c4d.json", Some(Listing::SearchPage)),
            ("search/fragidx-0.1a2b3c4d.json", Some(Listing::SearchPage)),
            ("search/frags-12.1a2b3c4d.json", Some(Listing::SearchPage)),
            ("search/locals-43.1a2b3c4d.json", Some(Listing::SearchPage)),
            ("search/local-430121.1a2b3c4d.json", Some(Listing::Local)),
            ("search/place-430121001.1a2b3c4d.json", None),
            ("locate/index.1a2b3c4d.json", Some(Listing::Locate)),
            ("search/postings-7.1a2b3c4d.json", None),
            ("search/frag-7.1a2b3c4d.json", None),
            ("search/items.1a2b3c4d.json", None),
            ("catalog/430121.1a2b3c4d.json", None),
            ("geo/430100.1a2b3c4d.json", None),
        ];
        for (key, want) in cases {
            assert_eq!(listing(key), want, "{key}");
        }
    }

    /// The service worker keeps, when it prunes its cache, what the manifest reaches through the
    /// listings: it must know the same ones, or it deletes files still in use (a listing it skips) or
    /// keeps ones no longer listed.
    #[test]
    fn the_service_worker_follows_the_same_listings() {
        let sw = include_str!("../../../public/sw.js");
        let start = sw.find("const listing = (k) => [").expect("public/sw.js has its listing prefixes");
        let list = &sw[start..][..sw[start..].find(']').unwrap()];
        let mut theirs: Vec<&str> = list.split('\'').skip(1).step_by(2).collect();
        let mut ours: Vec<&str> = LISTINGS.iter().map(|(p, _)| *p).collect();
        theirs.sort_unstable();
        ours.sort_unstable();
        assert_eq!(theirs, ours);
    }
}
