//! Runs a search in the browser: loads the search index lazily (nothing before the first keystroke),
//! fetches only the posting shards a query's n-grams need and the fragments of the results shown, and
//! keeps everything it loaded for the next keystroke. The logic itself is `gongkai_catalog::search`.

use crate::loader::{self, LoadError};
use gongkai_catalog::search::{
    fragment_key, mark_segments, shard_key, EntryFragment, FragmentChunk, PostingShard, SearchIndex, SearchItems,
    SearchMeta,
};
use gongkai_catalog::Manifest;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

/// Results shown at most, per kind.
pub const SHOWN_ITEMS: usize = 8;
pub const SHOWN_ENTRIES: usize = 8;
/// Fragment files fetched at most per keystroke while looking for in-scope entries.
const MAX_FRAGMENT_LOADS: usize = 6;

/// Text cut into runs to draw: (text, highlighted).
pub type Marked = Vec<(String, bool)>;

#[derive(Debug, Clone, PartialEq)]
pub struct FoundItem {
    pub id: String,
    pub domain: u8,
    pub owners: Vec<String>,
    /// Domain name and path, `/`-separated, in highlighted runs.
    pub text: Marked,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FoundEntry {
    pub entry: EntryFragment,
    pub title: Marked,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub items: Vec<FoundItem>,
    pub entries: Vec<FoundEntry>,
}

thread_local! {
    /// The index of the current manifest's search meta file, once loaded.
    static INDEX: RefCell<Option<(String, Rc<RefCell<SearchIndex>>)>> = const { RefCell::new(None) };
}

/// Downloads these files concurrently into the loader's cache (a later `loader::load` of each is then
/// a memory hit); failures are left for that later load to report.
async fn prefetch<T>(manifest: &Arc<Manifest>, keys: &[String])
where
    T: serde::de::DeserializeOwned + Send + Sync + 'static,
{
    if keys.len() < 2 {
        return;
    }
    let all = js_sys::Array::new();
    for key in keys {
        let (m, key) = (manifest.clone(), key.clone());
        all.push(&wasm_bindgen_futures::future_to_promise(async move {
            let _ = loader::load::<T>(&m, &key).await;
            Ok(wasm_bindgen::JsValue::NULL)
        }));
    }
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&all)).await;
}

async fn index(manifest: &Manifest) -> Result<Option<Rc<RefCell<SearchIndex>>>, LoadError> {
    let Some(info) = &manifest.search else { return Ok(None) };
    if let Some(ix) = INDEX.with(|i| i.borrow().as_ref().filter(|(k, _)| *k == info.meta).map(|(_, ix)| ix.clone())) {
        return Ok(Some(ix));
    }
    let meta = loader::load::<SearchMeta>(manifest, &info.meta).await?;
    let items = loader::load::<SearchItems>(manifest, &meta.items).await?;
    let ix = Rc::new(RefCell::new(SearchIndex::new((*meta).clone(), (*items).clone())));
    INDEX.with(|i| *i.borrow_mut() = Some((info.meta.clone(), ix.clone())));
    Ok(Some(ix))
}

/// What results may show: the scope (本地) and the explorer's filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    /// Items: only those held by a catalog of one of these places (the place, what lies below it and
    /// its ancestors, whose catalogs apply to it). `None`: everywhere.
    pub item_owners: Option<BTreeSet<String>>,
    /// Entries: only those published by one of these places (the place and what lies below it).
    pub entry_places: Option<BTreeSet<String>>,
    /// Only these item ids (the items the explorer's filters keep). `None`: no filter.
    pub item_ids: Option<BTreeSet<String>>,
}

/// Searches items and entries within the limits.
pub async fn search(manifest: Arc<Manifest>, query: String, limits: Limits) -> Result<Found, LoadError> {
    let Some(ix) = index(&manifest).await? else { return Ok(Found::default()) };
    let plan = ix.borrow().plan(&query);
    if plan.normalized.is_empty() {
        return Ok(Found::default());
    }
    let missing = ix.borrow().missing_shards(&plan);
    let keys: Vec<String> = missing.iter().filter_map(|&s| shard_key(&manifest.files, s).map(str::to_string)).collect();
    prefetch::<PostingShard>(&manifest, &keys).await;
    for s in missing {
        let key = shard_key(&manifest.files, s).map(str::to_string);
        if let Some(key) = key {
            let shard = loader::load::<PostingShard>(&manifest, &key).await?;
            ix.borrow_mut().add_shard(s, (*shard).clone());
        }
    }
    let keep_entry = |e: &EntryFragment| {
        limits.entry_places.as_ref().is_none_or(|s| s.contains(&e.place))
            && limits.item_ids.as_ref().is_none_or(|f| f.contains(&e.item))
    };
    let (items, candidates) = {
        let ix = ix.borrow();
        // Which owners are in scope, once per query rather than once per item.
        let owner_ok: Option<Vec<bool>> = limits
            .item_owners
            .as_ref()
            .map(|s| ix.owner_codes.iter().map(|c| s.contains(c)).collect());
        let keep_item = |i: usize| {
            owner_ok.as_ref().is_none_or(|ok| ix.item_owners[i].iter().any(|&o| ok[o as usize]))
                && limits.item_ids.as_ref().is_none_or(|f| f.contains(&ix.items[i].id))
        };
        let items: Vec<FoundItem> = ix
            .search_items(&plan, &keep_item, SHOWN_ITEMS)
            .into_iter()
            .map(|h| {
                let it = &ix.items[h.item];
                FoundItem {
                    id: it.id.clone(),
                    domain: it.domain,
                    owners: ix.owners_of(h.item),
                    text: mark_segments(&h.text, &h.marks),
                }
            })
            .collect();
        (items, ix.entry_candidates(&plan))
    };

    // Entries: walk the ranked candidates, fetching fragments a few results at a time, until enough
    // pass the scope and filters.
    let mut entries: Vec<FoundEntry> = Vec::new();
    let mut loads = 0;
    let mut at = 0;
    while entries.len() < SHOWN_ENTRIES && at < candidates.len() {
        let batch = &candidates[at..(at + SHOWN_ENTRIES).min(candidates.len())];
        let missing: Vec<u32> =
            ix.borrow().missing_fragments(batch).into_iter().take(MAX_FRAGMENT_LOADS - loads).collect();
        let keys: Vec<String> =
            missing.iter().filter_map(|&c| fragment_key(&manifest.files, c).map(str::to_string)).collect();
        prefetch::<FragmentChunk>(&manifest, &keys).await;
        for c in missing {
            if loads >= MAX_FRAGMENT_LOADS {
                break;
            }
            let key = fragment_key(&manifest.files, c).map(str::to_string);
            if let Some(key) = key {
                let chunk = loader::load::<FragmentChunk>(&manifest, &key).await?;
                ix.borrow_mut().add_fragments(c, (*chunk).clone());
                loads += 1;
            }
        }
        let ix = ix.borrow();
        for &doc in batch {
            if let Some(hit) = ix.entry_hit(&plan, doc) {
                if keep_entry(&hit.entry) && entries.len() < SHOWN_ENTRIES {
                    entries.push(FoundEntry { title: mark_segments(&hit.entry.title, &hit.marks), entry: hit.entry });
                }
            }
        }
        if loads >= MAX_FRAGMENT_LOADS {
            break;
        }
        at += batch.len();
    }
    Ok(Found { items, entries })
}
