//! Walks a bundle the way the app reaches its files: from `manifest.json`, through every file that lists
//! others (the place lists, the search meta file and its list pages, the locate index), checking each
//! file's size and SHA-256 against the listing that names it before reading it. What the walk reaches
//! is what the app can verify; a file of the bundle it does not reach (apart from the Atom feeds, which
//! the app never loads) is one no chain vouches for.

use gongkai_catalog::search::{SearchFileList, SearchMeta};
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
        if path.starts_with("places/") {
            let list: PlaceList = decode_listed(&listing, &path, &bytes).map_err(check)?;
            more = list.files;
            ahead.extend(list.ahead);
            // The manifest holds a single top place's children too: each place once.
            for p in list.places {
                if codes.insert(p.code.clone()) {
                    out.places.push(p);
                }
            }
        } else if path.starts_with("search/meta.") {
            more = decode_listed::<SearchMeta>(&listing, &path, &bytes).map_err(check)?.files;
        } else if ["search/shards-", "search/frags-", "search/fragidx-", "search/locals-"].iter().any(|p| path.starts_with(p)) {
            more = decode_listed::<SearchFileList>(&listing, &path, &bytes).map_err(check)?.files;
        } else if path.starts_with("locate/index.") {
            more = decode_listed::<LocateIndex>(&listing, &path, &bytes).map_err(check)?.files;
        } else {
            decode_listed::<serde::de::IgnoredAny>(&listing, &path, &bytes).map_err(check)?;
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
