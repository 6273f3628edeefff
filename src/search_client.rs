//! Runs a search in the browser, in the lazily loaded `search` chunk (nothing of it downloads before
//! the first keystroke). It loads the search index lazily — the meta file, then together the items
//! file and the list pages the query needs, then only the posting shards of the query's n-grams and
//! the fragments of the results shown (for 本地, only of those its county's local file lists there) —
//! and keeps everything it loaded for the next keystroke. Every
//! file is verified against the list that names it (manifest → meta → list page). The logic itself
//! is `gongkai_catalog::search`.

use crate::loader::{self, Decoded, FileType, LoadError};
use gongkai_catalog::filter::Filters;
use gongkai_catalog::search::{
    arrange_items, county_of, region_entries, local_key, local_list_key, place_key, region_key, LocalDocs, fragment_key, mark_segments, own_key, shard_key, town_key, EntryFragment, Paged, FRAGMENT_PAGES, SHARD_PAGES,
    Fold, FragmentChunk, ItemHit, PlaceDocs, PostingShard, Postings, QueryPlan, SearchFileList, SearchIndex, SearchItems, SearchMeta, SearchSounds,
    Thesaurus, TownFile, SHOWN_PLACES,
};
use gongkai_catalog::{BundleError, Catalog, EntryKind, FileRef, Manifest};
use gongkai_view::search::{check_items, entry_place, Limits};
use leptos::wasm_split::wasm_split;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

/// Results shown at most, per kind (entries also take the room items leave; places:
/// `SHOWN_PLACES`).
pub const SHOWN_ITEMS: usize = 8;
pub const SHOWN_ENTRIES: usize = 8;
/// Fragment files fetched at most per keystroke while looking for in-scope entries, past those of the
/// first batch of candidates (fetched whole, in one round).
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
    /// Invented for the sample dataset in every catalog that holds it.
    pub sample: bool,
}

/// A place whose name matched: opens the place.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPlace {
    pub code: String,
    pub name: Marked,
    /// The places above it, nearest first (长沙县 · 长沙市).
    pub parents: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FoundEntry {
    pub entry: EntryFragment,
    pub title: Marked,
    /// The name of the place that published it, where the search index or the manifest has it.
    pub place: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Listed first.
    pub places: Vec<FoundPlace>,
    pub items: Vec<FoundItem>,
    pub entries: Vec<FoundEntry>,
    /// Partial item matches, listed after the entries.
    pub more_items: Vec<FoundItem>,
}

/// Where to search and what the explorer's filters keep, as the search box knows them.
#[derive(Debug, Clone, Default)]
pub struct SearchScope {
    /// The chosen place, unless the citizen chose 全部.
    pub place: Option<String>,
    pub filters: Filters,
    /// The chosen place's catalog, for the filters (they select catalog items).
    pub catalog: Option<Arc<Catalog>>,
    /// The type of entry the citizen narrowed the search to.
    pub kind: Option<EntryKind>,
}

impl PartialEq for SearchScope {
    /// The same catalog is the same loaded file: compared by pointer, not item by item.
    fn eq(&self, other: &SearchScope) -> bool {
        let same_catalog = match (&self.catalog, &other.catalog) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_catalog && self.place == other.place && self.filters == other.filters && self.kind == other.kind
    }
}

/// Searches items and entries within the scope. The code runs in the `search` chunk, downloaded at
/// the first call.
#[wasm_split(search, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let searching = _; { searching.await } -> Result<Found, LoadError>))]
pub fn search(
    manifest: Arc<Manifest>,
    query: String,
    scope: SearchScope,
) -> Pin<Box<dyn Future<Output = Result<Found, LoadError>>>> {
    Box::pin(run(manifest, query, scope))
}

// Caches, not state: the view (query, scope) is in the URL and comes in as arguments; what is kept
// here only saves work, and an empty cache gives the same results.
thread_local! {
    /// The index of the current manifest's search meta file, by that file's key (a hash-named path):
    /// it grows with the shards and fragments loaded, so the next keystroke fetches less.
    static INDEX: RefCell<Option<(String, Loaded)>> = const { RefCell::new(None) };
    /// The limits of the last scope, by the scope: a pure function of it, which changes with the view,
    /// not with each keystroke.
    static LIMITS: RefCell<Option<(SearchScope, Rc<Limits>)>> = const { RefCell::new(None) };
    /// The last text (normalised) whose own n-grams found too few entries, so that the next
    /// keystroke's relaxed look-ups are fetched with its own shards ([`extends_too_few`]). Only
    /// what is fetched when depends on it, never what is found.
    static TOO_FEW: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether `normalized` extends the last text whose own n-grams found too few entries.
fn extends_too_few(normalized: &str) -> bool {
    TOO_FEW.with(|t| t.borrow().as_deref().is_some_and(|before| normalized.starts_with(before)))
}

fn limits(m: &Manifest, scope: &SearchScope) -> Rc<Limits> {
    if let Some(hit) = LIMITS.with(|l| l.borrow().as_ref().filter(|(s, _)| s == scope).map(|(_, l)| l.clone())) {
        return hit;
    }
    let l = Rc::new(Limits::new(m, scope.place.as_deref(), &scope.filters, scope.catalog.as_deref()).of_kind(scope.kind));
    LIMITS.with(|c| *c.borrow_mut() = Some((scope.clone(), l.clone())));
    l
}

/// A search file to fetch, and the list that names it (the meta file or a list page).
type Listed = (Arc<dyn Listing>, String);

/// What lists files: the meta file and the list pages.
trait Listing: Send + Sync + 'static {
    fn files(&self) -> &BTreeMap<String, FileRef>;
}

impl Listing for SearchMeta {
    fn files(&self) -> &BTreeMap<String, FileRef> {
        &self.files
    }
}

impl Listing for SearchFileList {
    fn files(&self) -> &BTreeMap<String, FileRef> {
        &self.files
    }
}

impl Listing for LocalDocs {
    fn files(&self) -> &BTreeMap<String, FileRef> {
        &self.files
    }
}

/// Loads these files, all of type `ty`, verified against their lists, concurrently (one round trip
/// for all). Not generic, and boxed: one state machine for every type of search file instead of one
/// inlined into each caller per type; the caller takes its type out ([`downcast_all`]).
fn load_all(wanted: &[Listed], ty: FileType) -> Boxed<'_, Vec<Decoded>> {
    Box::pin(async move {
        if wanted.len() > 1 {
            // Into the loader's cache; failures are left for the loads below to report.
            let all = js_sys::Array::new();
            for (list, key) in wanted {
                let (list, key) = (list.clone(), key.clone());
                all.push(&wasm_bindgen_futures::future_to_promise(async move {
                    let _ = loader::load_any(list.files(), &key, ty).await;
                    Ok(wasm_bindgen::JsValue::NULL)
                }));
            }
            let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&all)).await;
        }
        let mut out = Vec::with_capacity(wanted.len());
        for (list, key) in wanted {
            out.push(loader::load_any(list.files(), key, ty).await?);
        }
        Ok(out)
    })
}

/// The files [`load_all`] loaded as [`FileType::of::<T>`], as `T`.
fn downcast_all<T: Send + Sync + 'static>(files: Vec<Decoded>) -> Result<Vec<Arc<T>>, LoadError> {
    files.into_iter().map(loader::downcast::<T>).collect()
}

/// The list pages of these numbers, by page number: from the meta file's list, or, past its bound,
/// through the index pages listing them first (the ones not loaded yet, together; search versions 5
/// and 14). A number that no page lists (a range with nothing in it) has none. Not generic, as
/// [`load_all`].
async fn pages_of(meta: &Arc<SearchMeta>, numbers: &[u32], kind: &Paged) -> Result<NumberedPages, LoadError> {
    let listings: Vec<Arc<dyn Listing>> = if kind.indexed(meta) {
        // The index pages, each once.
        let mut keys: Vec<String> = numbers.iter().filter_map(|&n| kind.index_key(meta, n)).map(str::to_string).collect();
        gongkai_catalog::order::sort(&mut keys);
        keys.dedup();
        let wanted: Vec<Listed> = keys.into_iter().map(|k| (meta.clone() as Arc<dyn Listing>, k)).collect();
        let index = downcast_all::<SearchFileList>(load_all(&wanted, FileType::of::<SearchFileList>()).await?)?;
        index.into_iter().map(|p| p as Arc<dyn Listing>).collect()
    } else {
        vec![meta.clone()]
    };
    // Each page once, with the listing that names it.
    let (mut which, mut wanted) = (Vec::new(), Vec::<Listed>::new());
    for &n in numbers {
        let page = (kind.page_number)(meta, n);
        if which.contains(&page) {
            continue;
        }
        if let Some((list, key)) = listings.iter().find_map(|l| kind.page_key(meta, l.files(), n).map(|k| (l.clone(), k.to_string()))) {
            which.push(page);
            wanted.push((list, key));
        }
    }
    let pages = downcast_all::<SearchFileList>(load_all(&wanted, FileType::of::<SearchFileList>()).await?)?;
    Ok(NumberedPages(which.into_iter().zip(pages).collect()))
}

/// Loaded list pages, by page number ([`pages_of`]).
struct NumberedPages(Vec<(u32, Arc<SearchFileList>)>);

impl NumberedPages {
    /// The page that lists number `n`.
    fn of(&self, meta: &SearchMeta, kind: &Paged, n: u32) -> Option<&Arc<SearchFileList>> {
        let page = (kind.page_number)(meta, n);
        self.0.iter().find(|(p, _)| *p == page).map(|(_, l)| l)
    }
}

/// Fragment chunks by number, through their list pages ([`pages_of`]), together.
async fn load_fragments(meta: &Arc<SearchMeta>, numbers: &[u32]) -> Result<Vec<(u32, Arc<FragmentChunk>)>, LoadError> {
    let pages = pages_of(meta, numbers, &FRAGMENT_PAGES).await?;
    let (mut which, mut chunks) = (Vec::new(), Vec::<Listed>::new());
    for &n in numbers {
        let Some(page) = pages.of(meta, &FRAGMENT_PAGES, n) else { continue };
        if let Some(key) = fragment_key(&page.files, n) {
            which.push(n);
            chunks.push((page.clone(), key.to_string()));
        }
    }
    Ok(which.into_iter().zip(downcast_all::<FragmentChunk>(load_all(&chunks, FileType::of::<FragmentChunk>()).await?)?).collect())
}

/// The loaded index and the meta file it was made from (whose lists name the other files).
#[derive(Clone)]
struct Loaded {
    index: Rc<RefCell<SearchIndex>>,
    meta: Arc<SearchMeta>,
}

/// The index, loading it at the first keystroke: the meta file, then together the items file and the
/// list pages of the first query's shards — and, for a small, scanned dataset, its one fragment file.
/// Not the first fragment page: the results a query shows first come with its shards
/// ([`PostingShard::top`]), and that page (6.4 kB gzip of the default dataset's first search of 52.2,
/// 6.1 kB of the national one's) comes only when a query wants a fragment.
async fn index(manifest: &Manifest, query: &str) -> Result<Option<Loaded>, LoadError> {
    let Some(info) = &manifest.search else { return Ok(None) };
    if let Some(loaded) = INDEX.with(|i| i.borrow().as_ref().filter(|(k, _)| *k == info.meta).map(|(_, l)| l.clone())) {
        return Ok(Some(loaded));
    }
    let meta = loader::load::<SearchMeta>(manifest, &info.meta).await?;
    let plan = QueryPlan::new(&meta, &Fold::from_pairs(&meta.fold), &Thesaurus::new(meta.thesaurus.clone()), query);
    let pages = pages_of(&meta, &plan.shards, &SHARD_PAGES);
    let items = loader::load_listed::<SearchItems>(&meta.files, &meta.items);
    let (items, pages) = join(items, pages).await;
    let (items, _) = (items?, pages?);
    let mut index = SearchIndex::new((*meta).clone(), (*items).clone());
    // Every place of the register is in the items file (the manifest holds only the top ones).
    index.set_places(items.search_places());
    // Results index into the owners by these numbers: a file that names an owner or a domain that is
    // not there is refused here, with what it says, instead of failing later.
    let numbers = index.items.iter().zip(&index.item_owners).map(|(it, o)| (it.domain, o.as_slice()));
    check_items(index.owner_codes.len(), numbers)
        .map_err(|detail| LoadError::Bundle(BundleError::Malformed { path: meta.items.clone(), detail }))?;
    if meta.scan {
        // A small dataset: every entry is in the one fragment file, scanned from now on.
        for (n, all) in load_fragments(&meta, &[0]).await? {
            index.add_fragments(n, all);
        }
    }
    let loaded = Loaded { index: Rc::new(RefCell::new(index)), meta };
    INDEX.with(|i| *i.borrow_mut() = Some((info.meta.clone(), loaded.clone())));
    Ok(Some(loaded))
}

/// Runs two futures at once.
async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(move |cx| {
        if ra.is_none() {
            if let std::task::Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let std::task::Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        if ra.is_some() && rb.is_some() {
            std::task::Poll::Ready((ra.take().unwrap(), rb.take().unwrap()))
        } else {
            std::task::Poll::Pending
        }
    })
    .await
}

/// The time each search takes, from the query to its results (downloads included, drawing not), as
/// `gongkai:search` performance measures: in the browser's developer tools, and read by the search
/// benchmark.
async fn run(manifest: Arc<Manifest>, query: String, scope: SearchScope) -> Result<Found, LoadError> {
    let perf = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &perf {
        let _ = p.mark("gongkai:search:start");
    }
    let found = find(manifest, query, scope).await;
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark("gongkai:search", "gongkai:search:start");
    }
    found
}

/// The township files of a large register ([`TownFile`]), listed in the meta file, concurrently.
async fn load_towns(meta: &Arc<SearchMeta>, files: &[usize]) -> Result<Vec<(usize, Arc<TownFile>)>, LoadError> {
    let (mut which, mut wanted) = (Vec::new(), Vec::<Listed>::new());
    for &k in files {
        if let Some(key) = town_key(meta, k) {
            which.push(k);
            wanted.push((meta.clone(), key.to_string()));
        }
    }
    Ok(which.into_iter().zip(downcast_all::<TownFile>(load_all(&wanted, FileType::of::<TownFile>()).await?)?).collect())
}

/// A boxed future: `find` awaits these instead of inlining their state machines (and their generic
/// loaders) into its own, which made it the largest function of the search chunk.
type Boxed<'a, T> = Pin<Box<dyn Future<Output = Result<T, LoadError>> + 'a>>;

/// Loads the posting lists of these n-grams into the index: the list pages not loaded yet, which say
/// which n-grams have files of their own, then those files and the shards of the others.
fn add_postings<'a>(meta: &'a Arc<SearchMeta>, ix: &'a Rc<RefCell<SearchIndex>>, grams: Vec<String>) -> Boxed<'a, ()> {
    Box::pin(async move {
        let (unknown, _) = ix.borrow().missing_postings(&grams);
        if !unknown.is_empty() {
            let pages = pages_of(meta, &unknown, &SHARD_PAGES).await?;
            let mut ix = ix.borrow_mut();
            for s in unknown {
                // A range with no shard and no own file has no page: nothing to find there.
                let none = BTreeMap::new();
                let files = pages.of(meta, &SHARD_PAGES, s).map_or(&none, |p| &p.files);
                ix.add_list_page(s, files);
            }
        }
        let (_, missing) = ix.borrow().missing_postings(&grams);
        if missing.is_empty() {
            return Ok(());
        }
        // The pages again, from the loader's cache, for the files' references.
        let shards: Vec<u32> = missing.iter().map(|m| m.shard()).collect();
        let pages = pages_of(meta, &shards, &SHARD_PAGES).await?;
        let (mut which, mut wanted) = (Vec::new(), Vec::<Listed>::new());
        for m in missing {
            let Some(page) = pages.of(meta, &SHARD_PAGES, m.shard()) else { continue };
            let key = match m {
                Postings::Shard(s) => shard_key(&page.files, s),
                Postings::Own { hash, .. } => own_key(&page.files, hash),
            };
            // An empty shard has no file. N-grams that share an own file fetch it once.
            if let Some(key) = key {
                let at = wanted.iter().position(|(_, k)| k == key).unwrap_or_else(|| {
                    wanted.push((page.clone(), key.to_string()));
                    wanted.len() - 1
                });
                which.push((m, at));
            }
        }
        let files = downcast_all::<PostingShard>(load_all(&wanted, FileType::of::<PostingShard>()).await?)?;
        let mut ix = ix.borrow_mut();
        for (m, at) in which {
            let file = files[at].clone();
            match m {
                Postings::Shard(s) => ix.add_shard(s, file),
                Postings::Own { hash, .. } => ix.add_own(hash, file),
            }
        }
        Ok(())
    })
}

/// Loads these township files into the index; true when there were any.
fn add_towns<'a>(meta: &'a Arc<SearchMeta>, ix: &'a Rc<RefCell<SearchIndex>>, files: Vec<usize>) -> Boxed<'a, bool> {
    Box::pin(async move {
        let towns = load_towns(meta, &files).await?;
        let any = !towns.is_empty();
        for (k, file) in towns {
            ix.borrow_mut().add_towns(k, &file);
        }
        Ok(any)
    })
}

/// Loads these fragment chunks into the index; returns how many it loaded.
fn add_fragments<'a>(meta: &'a Arc<SearchMeta>, ix: &'a Rc<RefCell<SearchIndex>>, missing: Vec<u32>) -> Boxed<'a, usize> {
    Box::pin(async move {
        let chunks = load_fragments(meta, &missing).await?;
        let n = chunks.len();
        for (c, chunk) in chunks {
            ix.borrow_mut().add_fragments(c, chunk);
        }
        Ok(n)
    })
}

/// Loads the files of these places' own newest entries (each listed by its county's local file)
/// that are not loaded yet, together, into the index; for a county, its newest of each item too
/// (its townships', search version 20).
fn add_place_entries<'a>(ix: &'a Rc<RefCell<SearchIndex>>, places: Vec<(Arc<LocalDocs>, String)>) -> Boxed<'a, ()> {
    Box::pin(async move {
        let (mut which, mut wanted) = (Vec::new(), Vec::<Listed>::new());
        for (file, place) in places {
            let region = region_entries(&place);
            for (name, key) in [(place.clone(), place_key(&file.files, &place)), (region, region_key(&file.files, &place))] {
                // The scope's place may be the one named, too: each once.
                if let Some(key) = key.filter(|_| !ix.borrow().has_place_entries(&name) && !which.contains(&name)) {
                    wanted.push((file.clone() as Arc<dyn Listing>, key.to_string()));
                    which.push(name);
                }
            }
        }
        let files = downcast_all::<FragmentChunk>(load_all(&wanted, FileType::of::<FragmentChunk>()).await?)?;
        for (place, file) in which.iter().zip(files) {
            ix.borrow_mut().add_place_entries(place, &file);
        }
        Ok(())
    })
}

/// What a search narrowed to a place (本地), or a query naming places ([`QueryPlan::place`], its
/// namesakes), loads through each place's province's local page (meta → the page → the file): for a
/// county or a township, its county's local file ([`LocalDocs`]; empty for a county with no entries);
/// for a city or a province, its file of the newest entries of each item ([`region_key`]; none
/// without entries). Nothing for no place, or an index without local files. One place after the
/// other: namesakes are few, and in one province share its page.
type LocalFiles<'a> = (Vec<(Arc<LocalDocs>, &'a str)>, Vec<(Arc<FragmentChunk>, &'a str)>);

fn local_files<'a>(meta: &'a Arc<SearchMeta>, places: &'a [&'a str]) -> Boxed<'a, LocalFiles<'a>> {
    Box::pin(async move {
        let (mut locals, mut regions) = (Vec::new(), Vec::new());
        for &place in places.iter().filter(|_| meta.local) {
            let county = county_of(place);
            let page = match local_list_key(meta, county.unwrap_or(place)) {
                Some(page) => Some(loader::load_listed::<SearchFileList>(&meta.files, page).await?),
                None => None,
            };
            let files = page.as_ref().map(|p| &p.files);
            match county {
                // A county with no entries has no file: nothing there to find.
                Some(county) => locals.push((
                    match files.and_then(|f| Some((f, local_key(f, county)?))) {
                        Some((f, key)) => loader::load_listed::<LocalDocs>(f, key).await?,
                        None => Arc::new(LocalDocs::default()),
                    },
                    place,
                )),
                None => {
                    if let Some((f, key)) = files.and_then(|f| Some((f, region_key(f, place)?))) {
                        regions.push((loader::load_listed::<FragmentChunk>(f, key).await?, place));
                    }
                }
            }
        }
        Ok((locals, regions))
    })
}

async fn find(manifest: Arc<Manifest>, query: String, scope: SearchScope) -> Result<Found, LoadError> {
    let Some(Loaded { index: ix, meta }) = index(&manifest, &query).await? else { return Ok(Found::default()) };
    // A character the dataset does not hold is read by its sound: the sounds file first, once.
    if ix.borrow().needs_sounds(&query) {
        let sounds = loader::load_listed::<SearchSounds>(&meta.files, &meta.sounds).await?;
        ix.borrow_mut().add_sounds(&sounds);
    }
    let mut plan = ix.borrow().plan_in(&query, scope.place.as_deref());
    if plan.normalized.is_empty() {
        return Ok(Found::default());
    }
    let limits = limits(&manifest, &scope);

    // The township files the query needs and the posting lists of its n-grams (through their list
    // pages), together. A township named at the start (星沙街道低保) changes the plan: its n-grams then.
    let towns = ix.borrow().missing_town_files(&plan);
    let mut grams = plan.grams.clone();
    if extends_too_few(&plan.normalized) {
        // The text extends one whose own n-grams found too few entries: most likely so do these
        // (a longer text is in fewer entries), so the relaxed look-ups' lists come in this round,
        // not in one more after it.
        grams.extend(plan.fallback.iter().cloned());
    }
    // The postings first: when a list page and a township file come in the same task, the page's
    // files are asked for before the township file is read (its thousand or so names prepared for
    // matching), not after.
    let scope_place: Vec<&str> = scope.place.as_deref().into_iter().collect();
    let ((postings, towns), local) = join(
        join(add_postings(&meta, &ix, grams), add_towns(&meta, &ix, towns)),
        local_files(&meta, &scope_place),
    )
    .await;
    postings?;
    let (local, region) = local?;
    let replanned = towns?;
    if replanned {
        plan = ix.borrow().plan_in(&query, scope.place.as_deref());
    }
    // The place the query names (星沙街道, 浏阳, 星沙街道低保), known once its township file is
    // here: its entries come first, listed by its county's local file, or a region's by its own. A
    // name several places share (朝阳区): theirs, together.
    let named_places: Vec<&str> = plan.place.iter().chain(&plan.namesakes).map(String::as_str).collect();
    let (postings, named) = join(
        add_postings(&meta, &ix, if replanned { plan.grams.clone() } else { Vec::new() }),
        local_files(&meta, &named_places),
    )
    .await;
    postings?;
    let (named, named_regions) = named?;
    // A region's entries show with no fragment file, and their titles are scanned.
    for (file, place) in region.iter().chain(&named_regions) {
        ix.borrow_mut().add_place_entries(&region_entries(place), file);
    }
    // 本地, or a place named: when a posting list the query looks up is cut, the place's own newest
    // entries, whose titles are then scanned too (a list holds the nation's newest 3,000 docs of its
    // n-gram: 2025 or 公示 holds none of a township's).
    let own_places: Vec<(Arc<LocalDocs>, String)> = local.iter().chain(&named).map(|(f, p)| (f.clone(), p.to_string())).collect();
    if ix.borrow().needs_place_entries(&plan.grams) {
        add_place_entries(&ix, own_places.clone()).await?;
    }
    // The docs of the scope's place and of the named ones, with those of the items the query names
    // (found once for all).
    let (local, named, region) = {
        let ix = ix.borrow();
        let any = !(local.is_empty() && region.is_empty() && named.is_empty() && named_regions.is_empty());
        let items = if any { ix.items_named(&plan) } else { Vec::new() };
        let docs = |all: &[(Arc<LocalDocs>, &str)]| -> Vec<PlaceDocs> { all.iter().map(|(file, place)| ix.place_docs(&items, file, place)).collect() };
        let regional = |all: &[(Arc<FragmentChunk>, &str)]| -> Vec<PlaceDocs> { all.iter().map(|(file, _)| ix.region_docs(&items, file)).collect() };
        let named = PlaceDocs::union(docs(&named).into_iter().chain(regional(&named_regions)));
        (PlaceDocs::union(docs(&local)), named, PlaceDocs::union(regional(&region)))
    };

    let keep_entry = |e: &EntryFragment| limits.keeps_entry(e);
    // Few entries: the forgiving look-ups (rewrites, partial matches) need their shards too, fetched
    // while the places and items are ranked.
    // 本地: too few of the place's own entries match, not of the nation's.
    let too_few = ix.borrow().needs_fallback_named(&plan, local.as_ref(), named.as_ref());
    TOO_FEW.with(|t| *t.borrow_mut() = too_few.then(|| plan.normalized.clone()));
    let fallback = if too_few { plan.fallback.clone() } else { Vec::new() };
    let rank = async {
        let ix = ix.borrow();
        // Which owners are in scope, once per query rather than once per item.
        let owner_ok = limits.owners_in_scope(&ix.owner_codes);
        let keep_item = |i: usize| match (ix.item_owners.get(i), ix.items.get(i)) {
            (Some(owners), Some(it)) => limits.keeps_item(&owner_ok, owners, &it.id),
            _ => false,
        };
        let found = |h: ItemHit| {
            let it = ix.items.get(h.item)?;
            Some(FoundItem {
                id: it.id.clone(),
                domain: it.domain,
                owners: ix.owners_of(h.item),
                sample: it.sample,
                text: mark_segments(&h.text, &h.marks),
            })
        };
        let (before, after) = arrange_items(ix.search_items(&plan, &keep_item, SHOWN_ITEMS));
        let items: Vec<FoundItem> = before.into_iter().filter_map(found).collect();
        let more_items: Vec<FoundItem> = after.into_iter().filter_map(found).collect();
        let places: Vec<FoundPlace> = ix
            .search_places(&plan, SHOWN_PLACES)
            .into_iter()
            .filter(|_| limits.keeps_places_and_items())
            .filter_map(|h| {
                let p = ix.places.get(h.place)?;
                Some(FoundPlace { code: p.code.clone(), name: mark_segments(&p.name, &h.marks), parents: p.parents.clone() })
            })
            .collect();
        (places, items, more_items)
    };
    // (The shards' requests go out first; the ranking, which holds the index, is done before they
    // answer and add to it.)
    let (fallback, (places, items, more_items)) = join(add_postings(&meta, &ix, fallback), rank).await;
    fallback?;
    if too_few && ix.borrow().needs_place_entries(&plan.fallback) {
        add_place_entries(&ix, own_places).await?;
    }
    // 本地: only the candidates published there, so only their fragments are fetched. A place named:
    // its own first.
    // 本地 on a city's or a province's page, the query naming no place: the region's newest of each
    // item first.
    let candidates = match (&named, &region) {
        (None, Some(region)) => ix.borrow().entry_candidates_region(&plan, local.as_ref(), region),
        _ => ix.borrow().entry_candidates_named(&plan, local.as_ref(), named.as_ref()),
    };
    // Entries fill the room the items leave.
    let shown_entries = SHOWN_ENTRIES + SHOWN_ITEMS.saturating_sub(items.len());

    // Entries: walk the ranked candidates, fetching fragments a few results at a time, until enough
    // pass the scope and filters.
    let mut entries: Vec<FoundEntry> = Vec::new();
    let mut loads = 0;
    let mut at = 0;
    while entries.len() < shown_entries && at < candidates.len() {
        let batch = &candidates[at..(at + shown_entries).min(candidates.len())];
        // The first batch whole (the results shown nationwide); after it, a few more files while
        // the scope or filters leave too few.
        let room = if at == 0 { usize::MAX } else { MAX_FRAGMENT_LOADS.saturating_sub(loads) };
        let missing: Vec<u32> = ix.borrow().missing_fragments(batch).into_iter().take(room).collect();
        loads += add_fragments(&meta, &ix, missing).await?;
        let ix = ix.borrow();
        for &doc in batch {
            if let Some(hit) = ix.entry_hit(&plan, doc) {
                if keep_entry(&hit.entry) && entries.len() < shown_entries {
                    // The register's lower places are in the search index, a large one's townships
                    // named by the fragments, not the manifest.
                    let name_of = |code: &str| {
                        ix.place(code).map(|p| p.name.clone()).or_else(|| manifest.place(code).map(|p| p.name.clone()))
                    };
                    let place = entry_place(&hit.entry.place, hit.entry.place_name.as_deref(), &name_of, scope.place.is_some());
                    entries.push(FoundEntry { title: mark_segments(&hit.entry.title, &hit.marks), entry: hit.entry, place });
                }
            }
        }
        if loads >= MAX_FRAGMENT_LOADS {
            break;
        }
        at += batch.len();
    }
    Ok(Found { places, items, entries, more_items })
}
