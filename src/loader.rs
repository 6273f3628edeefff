//! Fetches bundle files from `./data/` (relative, so the site works from any sub-path), verifies each
//! against the size and SHA-256 of the list that names it (the manifest, or a search list) before
//! decoding ([`gongkai_catalog::verify_listed`], then as [`gongkai_catalog::decode_json`] does), and keeps
//! what it decoded in memory so that moving between places never downloads a file twice. Failures
//! are not cached: a retry fetches again.

use gongkai_catalog::{decode_manifest, verify_listed, BundleError, FileRef, Manifest};
use serde::de::DeserializeOwned;
use leptos::wasm_split::wasm_split;
use std::any::{Any, TypeId};
use wasm_bindgen::JsCast;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Why a file could not be shown. The text is for citizens, in Chinese only (a refused bundle file
/// names its path, for whoever they report it to); [`LoadError::log_line`] is the fuller line for the
/// browser console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// No answer (offline, blocked, aborted).
    Network(String),
    /// The host answered with an error status (404 …).
    Status { path: String, status: u16 },
    /// Refused by the bundle checks (hash mismatch, malformed, newer format).
    Bundle(BundleError),
    /// A part of the app itself (a lazily loaded chunk: the map, the catalog, search …) could not be
    /// downloaded. Failures are not cached, so a retry loads it again.
    Code,
}

impl From<leptos::wasm_split::SplitLoaderError> for LoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> LoadError {
        LoadError::Code
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Network(_) => {
                write!(f, "网络连接失败，数据未能加载")
            }
            LoadError::Status { path, status: 404 } => {
                write!(f, "数据文件缺失：{path}（404）")
            }
            LoadError::Status { path, status } => {
                write!(f, "服务器返回错误 {status}：{path}")
            }
            LoadError::Bundle(e) => f.write_str(&e.citizen_text()),
            LoadError::Code => write!(f, "网络连接失败，本页的部分功能未能加载"),
        }
    }
}

impl LoadError {
    /// For the console: the refusal's bilingual line with the decoder's detail, or what the network
    /// layer said.
    pub fn log_line(&self) -> String {
        match self {
            LoadError::Network(e) => format!("{self}: {e}"),
            LoadError::Bundle(e) => e.to_string(),
            _ => self.to_string(),
        }
    }
}

thread_local! {
    /// Decoded files by path. A cache, not state: a path names one file (hash-named, verified), so the
    /// same path always decodes to the same value, and nothing about the view depends on what is in
    /// here — a reload with an empty cache shows the same page. Thread-local because the browser has
    /// one thread and the values are shared between components that do not know each other.
    static CACHE: RefCell<BTreeMap<String, Arc<dyn Any + Send + Sync>>> = const { RefCell::new(BTreeMap::new()) };
}

async fn fetch_bytes(path: &str) -> Result<Vec<u8>, LoadError> {
    if let Some(bytes) = prefetched(path).await {
        return Ok(bytes);
    }
    let url = format!("./data/{path}");
    let resp = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    if !resp.ok() {
        return Err(LoadError::Status { path: path.to_string(), status: resp.status() });
    }
    resp.binary().await.map_err(|e| LoadError::Network(e.to_string()))
}

/// The bytes of `data/<path>` if the start script already downloaded them (`globalThis.gongkaiPrefetch`,
/// a `Map` of path → promise of an `ArrayBuffer`, or of `null` when its download failed): on a place's
/// URL it walks the manifest, the place lists, the catalog and the map while this module is still on
/// its way (`scripts/build-wasm.sh`), and [`prefetch`] asks it for more. Taken once:
/// a retry downloads again. They are checked here like any download (`fetch_listed`); one that failed
/// is downloaded again, so its error reads the same.
async fn prefetched(path: &str) -> Option<Vec<u8>> {
    let map: js_sys::Map = js_sys::Reflect::get(&js_sys::global(), &"gongkaiPrefetch".into()).ok()?.dyn_into().ok()?;
    let key = wasm_bindgen::JsValue::from_str(path);
    let promise: js_sys::Promise = map.get(&key).dyn_into().ok()?;
    map.delete(&key);
    let buffer: js_sys::ArrayBuffer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    // The prefetched files are all here when the app starts: checked and decoded in the same task,
    // they blocked a slow phone's main thread for as long as all of them took (a 4× slower CPU: the
    // manifest, two place lists, a catalog and a map in one task of 400 ms with the first frame).
    // One file per task leaves room for a tap or a paint between them.
    yield_to_browser().await;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Resolves in a later task of the browser's event loop (a zero timeout), so that the work after it
/// does not lengthen the task running now.
pub async fn yield_to_browser() {
    let later = js_sys::Promise::new(&mut |resolve, _| {
        leptos::prelude::set_timeout(move || drop(resolve.call0(&wasm_bindgen::JsValue::NULL)), std::time::Duration::ZERO);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(later).await;
}

/// Loads `data/manifest.json`. Not cached here: the app keeps the one it loaded in its state.
pub async fn load_manifest() -> Result<Arc<Manifest>, LoadError> {
    let bytes = fetch_bytes("manifest.json").await?;
    decode_manifest(&bytes).map(Arc::new).map_err(LoadError::Bundle)
}

/// Loads a bundle file listed in the manifest, verified and decoded, from memory when already loaded.
pub async fn load<T>(manifest: &Manifest, path: &str) -> Result<Arc<T>, LoadError>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    load_listed(&manifest.files, path).await
}

/// Loads a bundle file listed in `files` (the manifest's, or a search list's one level down),
/// verified against that list and decoded, from memory when already loaded.
pub async fn load_listed<T>(files: &BTreeMap<String, FileRef>, path: &str) -> Result<Arc<T>, LoadError>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    // Only the decoding depends on `T`: the cache, the fetch and its checks are one function for
    // every type (each generic copy of them would cost the wasm its own state machine).
    downcast(load_any(files, path, FileType::of::<T>()).await?)
}

/// A decoded bundle file of some type, as the loader's non-generic core ([`load_any`]) returns it.
pub type Decoded = Arc<dyn Any + Send + Sync>;

/// The type of a bundle file, for the loader's non-generic core: its `TypeId` (the cache is keyed by
/// path and type) and its decoder, the only part that is generic.
#[derive(Clone, Copy)]
pub struct FileType {
    ty: TypeId,
    decode: fn(&str, &[u8]) -> Result<Decoded, BundleError>,
}

impl FileType {
    pub fn of<T: DeserializeOwned + Send + Sync + 'static>() -> FileType {
        FileType { ty: TypeId::of::<T>(), decode: decode::<T> }
    }
}

/// The `T` of a file that [`load_any`] loaded as [`FileType::of::<T>`]. The cache is keyed by path
/// and type, so this cannot fail; if it ever did, it is a failed load with 重试, never a panic.
pub fn downcast<T: Send + Sync + 'static>(value: Decoded) -> Result<Arc<T>, LoadError> {
    value.downcast::<T>().map_err(|_| LoadError::Code)
}

/// Decodes a bundle file as [`decode_json`] does, but its structs from objects only
/// ([`gongkai_catalog::object`]: their decoders for arrays, which no bundle file needs, are left out).
fn decode<T: DeserializeOwned + Send + Sync + 'static>(path: &str, bytes: &[u8]) -> Result<Decoded, BundleError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = T::deserialize(gongkai_catalog::object::Object(&mut de)).and_then(|v| de.end().map(|()| v));
    let value = value.map_err(|e| BundleError::Malformed { path: path.into(), detail: e.to_string() })?;
    Ok(Arc::new(value))
}

/// [`load_listed`] for the file type `ty`, not generic: for callers that load several types of file
/// with one piece of code (the search chunk's concurrent loads), which then [`downcast`].
pub async fn load_any(files: &BTreeMap<String, FileRef>, path: &str, ty: FileType) -> Result<Decoded, LoadError> {
    if let Some(v) = cached(path).filter(|v| Any::type_id(&**v) == ty.ty) {
        return Ok(v);
    }
    let bytes = fetch_listed(files, path).await?;
    let value = (ty.decode)(path, &bytes).map_err(LoadError::Bundle)?;
    keep(path, value.clone());
    Ok(value)
}

fn cached(path: &str) -> Option<Decoded> {
    CACHE.with(|c| c.borrow().get(path).cloned())
}

fn keep(path: &str, value: Decoded) {
    CACHE.with(|c| c.borrow_mut().insert(path.to_string(), value));
}

/// The bytes of the file `files` names at `path`, checked against its size and SHA-256.
async fn fetch_listed(files: &BTreeMap<String, FileRef>, path: &str) -> Result<Vec<u8>, LoadError> {
    let bytes = fetch_bytes(path).await?;
    verify_listed(files, path, &bytes).map_err(LoadError::Bundle)?;
    Ok(bytes)
}

/// Starts downloading `data/<path>` now, unless it is loaded already, for [`fetch_bytes`] to take when
/// it is wanted: a list named ahead while the list before it is on its way, the whole catalog when a
/// citizen is about to open an item. The start script's own downloader does it
/// (`globalThis.gongkaiFetch`, into the `gongkaiPrefetch` map; a few lines of JavaScript instead of
/// the bindings to do it from here, on a screen over its bytes); without it, nothing is fetched early.
/// One that is never wanted stays in the map, a few kB.
pub fn prefetch(path: &str) {
    if cached(path).is_some() {
        return;
    }
    let fetch = js_sys::Reflect::get(&js_sys::global(), &"gongkaiFetch".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(fetch) = fetch {
        let _ = fetch.call1(&wasm_bindgen::JsValue::NULL, &path.into());
    }
}

/// The manifest with the place lists merged in that make `code` and the places directly below it
/// known: one list per level above it that is not here yet ([`Manifest::list_toward`]), each verified
/// against the listing that names it; a list named ahead ([`gongkai_catalog::PlaceList::ahead`]) is
/// fetched with the one before it. A code in no list ends the walk (the page says it is unknown).
///
/// By code in the `place` chunk, which every place screen needs: the home screen does without it.
#[wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let loading = _; { loading.await } -> Result<Arc<Manifest>, LoadError>))]
pub fn with_place(manifest: Arc<Manifest>, code: String) -> Pin<Box<dyn Future<Output = Result<Arc<Manifest>, LoadError>>>> {
    Box::pin(async move { merge_lists(manifest, &code).await })
}

async fn merge_lists(manifest: Arc<Manifest>, code: &str) -> Result<Arc<Manifest>, LoadError> {
    let mut m = manifest;
    // A register is at most province > city > county > township: a bound, whatever a list says.
    for _ in 0..6 {
        let Some(key) = m.list_toward(code).map(str::to_string) else { break };
        let list = load::<gongkai_catalog::PlaceList>(&m, &key).await?;
        // The list after the next, named ahead by this one: on its way while the next is (a national
        // township's county list with its city's, once its province's is here).
        for (_, ahead) in list.ahead.iter().filter(|(c, _)| gongkai_catalog::code_within(code, c)) {
            if cached(ahead).is_none() {
                prefetch(ahead);
            }
        }
        let mut next = (*m).clone();
        next.add_places(&key, (*list).clone()).map_err(LoadError::Bundle)?;
        m = Arc::new(next);
    }
    Ok(m)
}
