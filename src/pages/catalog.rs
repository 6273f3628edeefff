//! The catalog part of a place screen — the filters and the domain tree, or one item's page — and the
//! decoding of catalog files. Both live in the lazily loaded `catalog` chunk (see
//! `scripts/build-wasm.sh`): the first screen never downloads them, a place screen fetches the chunk
//! while it fetches the catalog.

use crate::components::filters::FilterPanel;
use crate::components::item::ItemView;
use crate::components::tree::DomainTree;
use crate::loader::{self, LoadError};
use gongkai_catalog::{Catalog, Manifest, Tier};
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A catalog file, verified and decoded (by code in the chunk, which the first screen never needs).
#[wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let loading = _; { loading.await } -> Result<Arc<Catalog>, LoadError>))]
pub fn load_catalog(
    manifest: Arc<Manifest>,
    path: String,
) -> Pin<Box<dyn Future<Output = Result<Arc<Catalog>, LoadError>>>> {
    Box::pin(async move { loader::load::<Catalog>(&manifest, &path).await })
}

/// The filters and the domain tree of a place, or the page of one of its items.
#[wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn catalog_view(catalog: Arc<Catalog>, tier: Tier, item: Option<String>) -> Result<AnyView, LoadError> {
    Ok(match item {
        Some(id) => view! { <ItemView catalog=catalog id=id tier=tier/> }.into_any(),
        None => view! {
            <section class="catalog" aria-labelledby="catalog-h">
                <h2 id="catalog-h">"公开事项目录"</h2>
                <FilterPanel catalog=catalog.clone() tier=tier/>
                <DomainTree catalog=catalog tier=tier/>
            </section>
        }
        .into_any(),
    })
}
