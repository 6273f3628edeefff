//! The disclosure map (公开地图): the chosen place's children as SVG shapes, coloured by a measure.
//!
//! - A city shows its counties, a county its townships; a township shows its county's map with itself
//!   marked, so a neighbour is one tap away. The geometry is the place's [`GeoView`], drawn as is: the
//!   build step already simplified and quantised it (shapes come largest first).
//! - Every shape is a focusable `role="button"` named by the place; click/tap or Enter/Space selects the
//!   place (the URL changes, so the catalog and search follow); arrow keys move to the nearest shape in
//!   that direction.
//! - Hover or focus shows the place's figures in the info line. Labels are placed largest first and
//!   hidden when they would collide, re-computed for the current zoom and width.
//! - Zoom and pan by pointer (drag, two-finger pinch) or the +/−/reset buttons: only the viewBox changes.
//! - Colour: cividis, a colour-blind-safe sequential scale, in 5 classes with the numbers in the legend.
//! - 示意图 is shown whenever the layout is schematic; the credit is always shown; a list of the same
//!   places with the figure follows the map, for screen readers and everyone.
//!
//! - It is closed until asked for (显示公开地图), on the home screen and on a place's: on a phone the
//!   map, its legend and its list are two screens tall, and a place's link is for the catalog below.
//!   Open, it stays open from place to place (`map=1` in the URL, [`Route::map_open`]).
//!
//! Files: this one has the button and loads the map (the `map` chunk's boundaries, [`disclosure_map`]
//! and [`load_geo`]); `view.rs`
//! draws it; `gestures.rs` turns pointers into zoom and pan; `keys.rs` is the keyboard;
//! `legend.rs` the legend and the list of places. The maths (colour classes, zoom, label collision,
//! arrow-key neighbours) is `gongkai_view::map`.

mod gestures;
mod keys;
mod legend;
mod view;

use crate::components::status::{deferred, LoadFailure, Skeleton};
use crate::loader::LoadError;
use crate::state::{AppState, History, Route};
use gongkai_catalog::{GeoView, Manifest};
use gongkai_view::map::map_target;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use view::MapView;

/// The disclosure map behind its button (显示公开地图 / 收起公开地图): on the home screen (a
/// one-province dataset's cities, or the nation's provinces) and on a place's. Until it is opened,
/// neither the map's code (the `map` chunk) nor its geometry is downloaded.
#[component]
pub fn MapSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = Memo::new(move |_| state.route.with(Route::map_open));
    let toggle = move |_| {
        let route = state.route.get_untracked();
        let open = !route.map_open();
        state.navigate(route.with_map(open), History::Replace);
    };
    // 重试 after the map's code failed to download: ask for it again (failures are not cached).
    view! {
        <button
            type="button"
            class="btn show-map"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=toggle
        >
            {move || if open.get() { "收起公开地图" } else { "显示公开地图" }}
        </button>
        // A closure, not <Show>: its generic children cost the main module 1 kB.
        {move || open.get().then(|| view! { <div class="map-slot">{deferred(3, disclosure_map)}</div> })}
    }
}

/// A map's geometry file, verified and decoded into the loader's cache by code in the `map` chunk (a
/// place's link that opens the map asks for both at once: `pages::catalog::prepare`).
#[leptos::wasm_split::wasm_split(map, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let loading = _; { loading.await } -> Result<Arc<GeoView>, LoadError>))]
pub fn load_geo(manifest: Arc<Manifest>, path: String) -> Pin<Box<dyn Future<Output = Result<Arc<GeoView>, LoadError>>>> {
    Box::pin(async move { crate::loader::load::<GeoView>(&manifest, &path).await })
}

/// The map, drawn by code in the lazily loaded `map` chunk.
#[leptos::wasm_split::wasm_split(map, wasm_split_path = ::leptos::wasm_split, fallible)]
fn disclosure_map() -> Result<AnyView, LoadError> {
    Ok(view! { <DisclosureMap/> }.into_any())
}

#[component]
fn DisclosureMap() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The place chosen by keyboard, to focus again once the page has re-rendered around it: kept
    // here, above the drawing, which a new place may rebuild.
    let refocus = StoredValue::new(None::<String>);
    let target = Memo::new(move |_| {
        if state.route.with(|r| r.place.is_some()) {
            let (m, place) = state.place_files()?;
            map_target(&m, &place.code)
        } else {
            // The home screen: the province's cities, or the nation's provinces.
            state.manifest()?.home_map()
        }
    });
    // The geometry, loaded again when the map wanted changes. A plain signal, not a resource: this
    // part is drawn inside the chunk's <Suspense> (`deferred`), which would wait on a resource's
    // refetch and draw the map again after a tap on it had already left the page.
    let geo = RwSignal::new(None::<Result<Arc<GeoView>, LoadError>>);
    let attempt = RwSignal::new(0u32);
    Effect::new(move |_| {
        attempt.track();
        let (Some((_, path)), Some(m)) = (target.get(), state.manifest_untracked()) else { return };
        geo.set(None);
        leptos::task::spawn_local(async move {
            let loaded = crate::loader::load::<GeoView>(&m, &path).await;
            // Unless another map is wanted by now (a second tap), or this one is gone.
            if target.try_get_untracked().flatten().is_some_and(|(_, p)| p == path) {
                geo.try_set(Some(loaded));
            }
        });
    });
    // `try_`: a tap on the home screen's map leaves the page, and this may run once more after the
    // page and its values are gone (it is drawn inside the chunk's <Suspense>).
    move || {
        let manifest = state.manifest()?;
        target.try_get().flatten()?;
        Some(match geo.try_get()? {
            None => view! { <Skeleton lines=3/> }.into_any(),
            Some(Err(e)) => view! { <LoadFailure error=e retry=move || attempt.update(|a| *a += 1)/> }.into_any(),
            Some(Ok(geo)) => view! { <MapView manifest=manifest geo=geo refocus=refocus/> }.into_any(),
        })
    }
}
