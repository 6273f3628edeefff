//! The catalog part of a place screen — the filters and the domain tree — and the decoding of catalog
//! files, in the lazily loaded `place` chunk with the rest of the place screen (see
//! `scripts/build-wasm.sh`): the first screen never downloads them, a place screen fetches the chunk
//! while it fetches the catalog. One item's page is a chunk of its own (`item`).

use crate::components::filters::FilterPanel;
use crate::components::item::ItemView;
use crate::components::tree::DomainTree;
use crate::loader::{self, LoadError};
use crate::state::Route;
use gongkai_catalog::{Applicability, Catalog, Manifest, PlaceEntries};
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Downloads, all at once, what the place screen of `route` first shows — this chunk, the catalog,
/// the map when the link opens it (the `map` chunk and its geometry) and, on an item page, the `item`
/// chunk — into the loaders' caches, so that the app's
/// first frames draw the whole screen without a wait (`main.rs` waits for this before mounting; the
/// static first screen shows meanwhile). Failures are left for the screen to show, with 重试. In the chunk, so the main
/// module carries no decoder of these files.
#[wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let preparing = _; { preparing.await; Ok::<(), LoadError>(()) } -> Result<(), LoadError>))]
pub fn prepare(manifest: Arc<Manifest>, route: Route) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(async move {
        let Some(place) = route.place.as_ref().and_then(|c| manifest.place(c)).cloned() else { return };
        let all = js_sys::Array::new();
        let add = |f: Pin<Box<dyn Future<Output = ()>>>| {
            all.push(&wasm_bindgen_futures::future_to_promise(async move {
                f.await;
                Ok(wasm_bindgen::JsValue::NULL)
            }));
        };
        // The tree's catalog; an item's page also the whole one, where the tree's is brief.
        let whole = place.catalog.clone().filter(|_| route.item.is_some() && place.brief.is_some());
        for path in place.tree_catalog().cloned().into_iter().chain(whole) {
            let m = manifest.clone();
            add(Box::pin(async move {
                let _ = loader::load::<Catalog>(&m, &path).await;
            }));
        }
        if let Some((_, path)) = gongkai_view::map::map_target(&manifest, &place.code).filter(|_| route.map_open()) {
            let m = manifest.clone();
            add(Box::pin(async move {
                let _ = crate::components::map::load_geo(m, path).await;
            }));
        }
        if route.item.is_some() {
            let (m, path) = (manifest.clone(), place.entries.clone());
            add(Box::pin(async move {
                let _ = prepare_item(m, path).await;
            }));
        }
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&all)).await;
    })
}

/// A catalog file, verified and decoded (by code in the chunk, which the first screen never needs).
#[wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let loading = _; { loading.await } -> Result<Arc<Catalog>, LoadError>))]
pub fn load_catalog(
    manifest: Arc<Manifest>,
    path: String,
) -> Pin<Box<dyn Future<Output = Result<Arc<Catalog>, LoadError>>>> {
    Box::pin(async move { loader::load::<Catalog>(&manifest, &path).await })
}

/// The filters and the domain tree of a place under `heading` (a city's: its 目录范本).
#[wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn catalog_view(catalog: Arc<Catalog>, applicability: Applicability, heading: String) -> Result<AnyView, LoadError> {
    Ok(view! {
        <section class="catalog" aria-labelledby="catalog-h">
            <h2 id="catalog-h">{heading}</h2>
            <AdaptationNote/>
            <FilterPanel catalog=catalog.clone() applicability=applicability/>
            <DomainTree catalog=catalog applicability=applicability/>
        </section>
        <crate::components::adjustments::AdjustmentsSlot/>
    }
    .into_any())
}

/// The page of one item, in a chunk of its own (`item`): a place's screen, the first a deep link
/// shows, does not download it. `catalog` is the one the tree shows; when it is brief
/// ([`Catalog::brief`]), the page loads the whole catalog at `whole` (the manifest and its path).
#[wasm_split(item, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let showing = _; { showing.await } -> Result<AnyView, LoadError>))]
pub fn item_view(
    catalog: Arc<Catalog>,
    whole: Option<(String, Arc<Manifest>)>,
    applicability: Applicability,
    id: String,
) -> Pin<Box<dyn Future<Output = Result<AnyView, LoadError>>>> {
    Box::pin(async move {
        let catalog = whole_catalog(catalog, whole, applicability).await?;
        Ok(view! { <ItemView catalog=catalog id=id applicability=applicability/> }.into_any())
    })
}

/// The whole catalog behind `catalog` (itself unless it is brief), as a place at `at` sees it
/// ([`Catalog::seen_at`]): for an item's page and the export. `whole` is its path with the manifest
/// that lists it; a brief catalog without one is an error for 重试, never an item page without texts.
pub async fn whole_catalog(
    catalog: Arc<Catalog>,
    whole: Option<(String, Arc<Manifest>)>,
    at: Applicability,
) -> Result<Arc<Catalog>, LoadError> {
    let whole = match whole.filter(|_| catalog.brief) {
        Some((path, manifest)) => load_catalog(manifest, path).await?,
        None if catalog.brief => return Err(LoadError::Code),
        None => catalog,
    };
    // Seen twice, the same (the place screen passes the catalog as the place sees it already).
    Ok(whole.seen_at(at.tier).map_or(whole, Arc::new))
}

/// Loads the `item` chunk and, when the place has entries, its entries file (decoded by the chunk's
/// code), so that an item page's code arrives with its data.
#[wasm_split(item, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let loading = _; { loading.await; Ok::<(), LoadError>(()) } -> Result<(), LoadError>))]
fn prepare_item(manifest: Arc<Manifest>, entries: Option<String>) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(async move {
        if let Some(path) = entries {
            let _ = loader::load::<PlaceEntries>(&manifest, &path).await;
        }
    })
}

/// One line on a place whose catalog adapts its template ("加减法") with rows that are all sample
/// ([`gongkai_catalog::Place::sample_adaptation`]): the adaptation is an illustration, not what the
/// place published. Each of those items also carries its own 示例 tag.
#[component]
fn AdaptationNote() -> impl IntoView {
    let state = expect_context::<crate::state::AppState>();
    move || {
        state.place().filter(|p| p.sample_adaptation).map(|_| {
            view! {
                <p class="note adaptation-note">
                    <span class="tag sample">"示例"</span>
                    " 本地目录对上级目录范本的调整（“加减法”）为示例，并非当地公布的目录。"
                </p>
            }
        })
    }
}
