//! The place screen: breadcrumbs, the place's children, the disclosure map, then its catalog (filters
//! and the domain tree) — or, when the URL names an item, that item's page.

use crate::app::AppState;
use crate::components::map::DisclosureMap;
use crate::components::nav::NavLink;
use crate::components::places::{kind_label, Breadcrumbs, PlaceList};
use crate::components::status::{deferred, LoadFailure, Skeleton};
use crate::pages::catalog::catalog_view;
use crate::route::Route;
use gongkai_catalog::{GeoView, Manifest, PlaceEntries, PlaceKind, Tier};
use std::sync::Arc;
use leptos::prelude::*;

/// Downloads, all at once, what the place screen of `route` first shows — the `place` chunk, the map,
/// the catalog and, on an item page, the place's entries — into the loaders' caches, so that the app's
/// first frame is the whole screen (`main.rs` waits for this before mounting; the static first screen
/// shows meanwhile). Failures are left for the screen to show, with 重试.
pub async fn prepare(manifest: Arc<Manifest>, route: &Route) {
    let Some(place) = route.place.as_ref().and_then(|c| manifest.place(c)).cloned() else { return };
    let all = js_sys::Array::new();
    let add = |f: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>| {
        all.push(&wasm_bindgen_futures::future_to_promise(async move {
            f.await;
            Ok(wasm_bindgen::JsValue::NULL)
        }));
    };
    if let Some(path) = place.catalog.clone() {
        let m = manifest.clone();
        add(Box::pin(async move {
            let _ = crate::pages::catalog::load_catalog(m, path).await;
        }));
    }
    if let Some((_, path)) = crate::components::map::map_target(&manifest, &place.code) {
        let m = manifest.clone();
        add(Box::pin(async move {
            let _ = crate::loader::load::<GeoView>(&m, &path).await;
        }));
    }
    if let (Some(_), Some(path)) = (&route.item, place.entries.clone()) {
        let m = manifest.clone();
        add(Box::pin(async move {
            let _ = crate::loader::load::<PlaceEntries>(&m, &path).await;
        }));
    }
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&all)).await;
}

#[component]
pub fn PlacePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Only the place and the item decide the layout; filters and the open domain change parts of it.
    let where_ = Memo::new(move |_| state.route.with(|r| (r.place.clone(), r.item.clone())));
    move || {
        let m = state.manifest()?;
        let (code, item) = where_.get();
        let code = code?;
        let Some(place) = m.place(&code).cloned() else {
            return Some(
                view! {
                    <div class="failure" role="alert">
                        <p class="failure-title">"未找到该地区 / Unknown place: "{code}</p>
                        <NavLink route=Route::default() class="btn">"返回首页 / Home"</NavLink>
                    </div>
                }
                .into_any(),
            );
        };
        let tier = place.tier;
        let crumbs = view! { <Breadcrumbs manifest=m.clone() code=code.clone()/> };
        if let Some(item_id) = item {
            return Some(
                view! {
                    {crumbs}
                    <CatalogPart tier=tier item=Some(item_id)/>
                }
                .into_any(),
            );
        }
        let children_heading = match place.kind {
            PlaceKind::City => "下辖县（市、区）",
            _ => "下辖乡镇（街道）",
        };
        let summary = if place.kind == PlaceKind::City {
            format!("{} · {} 条公开信息", kind_label(place.kind), place.counts.entries)
        } else {
            format!(
                "{} · 适用 {} 项事项 · {} 条公开信息",
                kind_label(place.kind),
                place.counts.items,
                place.counts.entries
            )
        };
        Some(
            view! {
                {crumbs}
                <div class="place-head">
                    <h1>{place.name.clone()}</h1>
                    <p class="muted">{summary}</p>
                </div>
                <PlaceList manifest=m.clone() parent=Some(code.clone()) heading=children_heading.to_string()/>
                // The disclosure map of this place's children (components/map.rs; it reads the place
                // from AppState and loads `place.geo`, or the parent's for a township).
                <div class="map-slot"><DisclosureMap/></div>
                <CatalogPart tier=tier item=None/>
            }
            .into_any(),
        )
    }
}

/// The part that needs the catalog: loading, failure with retry, or the filters + tree (or the item).
#[component]
fn CatalogPart(tier: Tier, item: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // A memo: filter changes must not rebuild this part (it would close the filter panel).
    let current = Memo::new(move |_| state.current_catalog());
    move || match current.get() {
        None => view! { <Skeleton lines=8/> }.into_any(),
        Some(Err(e)) => view! { <LoadFailure error=e retry=move || state.catalog.refetch()/> }.into_any(),
        Some(Ok(None)) => view! {
            <p class="note">"市级不单独编制基层目录，请选择一个县（市、区）查看。"</p>
        }
        .into_any(),
        Some(Ok(Some(catalog))) => {
            deferred(8, catalog_view(catalog, tier, item.clone()), move || state.catalog.refetch()).into_any()
        }
    }
}
