//! The register split into files, so that what the app loads first does not grow with the country:
//! the manifest holds the top places, and each place with places below it has a
//! [`PlaceList`] file (`places/<code>.<hash8>.json`) of its children. Each list names, with size and
//! hash, its places' own lists, and the files of a place's own screen — catalogs (whole and brief),
//! entries, map, adjustments ([`Place::own_files`]) — in the list that holds the place's children (the
//! list its screen loads anyway), or, for a place with nothing below it, in the list that holds it. So
//! every file is verified through a chain that starts at the manifest, a deep link to a township loads
//! one list per level above it, and no list carries the hashes of files its screen never shows (a
//! city's list named its counties' five files each, which their own lists name now). A list also
//! names its places' children's lists ([`PlaceList::ahead`]), so that a deep link can fetch two of
//! those levels at once.

use crate::write::BundleWriter;
use gongkai_catalog::{FileRef, Place, PlaceList, FORMAT_VERSION};
use std::collections::BTreeMap;

/// What the manifest gets from the split.
pub struct Split {
    /// The manifest's places: the top places, and the children of a single top place.
    pub top: Vec<Place>,
    /// Size and hash of every file those places name.
    pub files: BTreeMap<String, FileRef>,
    /// Every place, in register order, with [`Place::children`] set (for summaries and tests).
    pub all: Vec<Place>,
}

/// Writes the [`PlaceList`] of every place that has children, deepest first, and gives each such
/// place its list's key. `places` are in register order (each parent before its children); `refs`
/// holds the size and hash of every file the places name.
pub fn split_register(mut places: Vec<Place>, refs: &BTreeMap<String, FileRef>, writer: &mut BundleWriter) -> Split {
    let mut children: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in places.iter().enumerate() {
        if let Some(parent) = &p.parent {
            children.entry(parent.clone()).or_default().push(i);
        }
    }
    // The refs of the lists written so far, which `refs` (made before them) does not hold.
    let mut list_refs: BTreeMap<String, FileRef> = BTreeMap::new();
    // Children come after their parent, so going backwards writes every list before its parent's.
    for i in (0..places.len()).rev() {
        let Some(below) = children.get(&places[i].code) else { continue };
        let list = PlaceList {
            format_version: FORMAT_VERSION,
            parent: places[i].code.clone(),
            places: below.iter().map(|&c| places[c].clone()).collect(),
            files: files_named(Some(&places[i]), below.iter().map(|&c| &places[c]), |_| false, refs, &list_refs),
            // The children's children's lists are written already (deeper first).
            ahead: below
                .iter()
                .flat_map(|&c| children.get(&places[c].code).into_iter().flatten())
                .filter_map(|&g| Some((places[g].code.clone(), places[g].children.clone()?)))
                .collect(),
        };
        let (key, r) = writer.add_nested_json("places", &list.parent, &list);
        list_refs.insert(key.clone(), r);
        places[i].children = Some(key);
    }
    let mut top: Vec<Place> = places.iter().filter(|p| p.parent.is_none()).cloned().collect();
    if let [only] = top.as_slice() {
        let inline: Vec<Place> = children.get(&only.code).into_iter().flatten().map(|&c| places[c].clone()).collect();
        top.extend(inline);
    }
    // A single top place's children are in the manifest: so are its own files.
    let holds_children_of = |p: &Place| top.iter().any(|c| c.parent.as_ref() == Some(&p.code));
    let files = files_named(None, top.iter(), holds_children_of, refs, &list_refs);
    Split { top, files, all: places }
}

/// Size and hash of the files a listing names: the list of `holder`'s children (`None`: the
/// manifest) holding `places`. Each place's own list; the own files of `holder` and of each place with
/// no list of its own or whose children this listing also holds (`holds_children_of`).
fn files_named<'a>(
    holder: Option<&'a Place>,
    places: impl Iterator<Item = &'a Place>,
    holds_children_of: impl Fn(&Place) -> bool,
    refs: &BTreeMap<String, FileRef>,
    list_refs: &BTreeMap<String, FileRef>,
) -> BTreeMap<String, FileRef> {
    let mut keys: Vec<&String> = holder.into_iter().flat_map(Place::own_files).collect();
    for p in places {
        keys.extend(&p.children);
        if p.children.is_none() || holds_children_of(p) {
            keys.extend(p.own_files());
        }
    }
    keys.into_iter()
        .map(|key| {
            let r = refs.get(key).or_else(|| list_refs.get(key)).expect("every file a place names was written");
            (key.clone(), r.clone())
        })
        .collect()
}
