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
//! Files: this one loads the map (and holds the `place` chunk's boundary, [`map_view`]); `view.rs`
//! draws it; `gestures.rs` turns pointers into zoom and pan; `keys.rs` is the keyboard;
//! `legend.rs` the legend and the list of places. The maths (colour classes, zoom, label collision,
//! arrow-key neighbours) is `gongkai_view::map`.

mod gestures;
mod keys;
mod legend;
mod view;

use crate::components::status::{deferred, LoadFailure, Skeleton};
use crate::loader::LoadError;
use crate::state::AppState;
use gongkai_catalog::{GeoView, Manifest};
use gongkai_view::map::map_target;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use view::MapView;

#[component]
pub fn DisclosureMap() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The place chosen by keyboard, to focus again once the page has re-rendered around it: kept
    // here, above the drawing, which a new place may rebuild.
    let refocus = StoredValue::new(None::<String>);
    let target = Memo::new(move |_| {
        let m = state.manifest()?;
        match state.route.with(|r| r.place.clone()) {
            Some(code) => map_target(&m, &code),
            // The home screen: the province's cities, or the nation's provinces.
            None => m.home_map(),
        }
    });
    let geo = LocalResource::new(move || {
        let t = target.get();
        let m = state.manifest();
        async move {
            match (t, m) {
                // The map's code (the chunk) downloads with its geometry, which it decodes.
                (Some((_, path)), Some(m)) => Some(load_geo(m, path).await),
                _ => None,
            }
        }
    });
    move || {
        let m = state.manifest()?;
        target.get()?;
        Some(match geo.get() {
            None | Some(None) => view! { <Skeleton lines=3/> }.into_any(),
            Some(Some(Err(e))) => view! { <LoadFailure error=e retry=move || geo.refetch()/> }.into_any(),
            Some(Some(Ok(view))) => deferred(3, map_view(m, view, refocus), move || geo.refetch()).into_any(),
        })
    }
}

/// The home screen's map (a one-province dataset's cities, or the nation's provinces), shown when a
/// citizen asks for it: the map's code and geometry are not part of the first screen's download.
#[component]
pub fn HomeMap() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = RwSignal::new(false);
    move || {
        state.manifest()?.home_map()?;
        Some(if shown.get() {
            view! { <div class="map-slot"><DisclosureMap/></div> }.into_any()
        } else {
            view! {
                <button type="button" class="btn show-map" on:click=move |_| shown.set(true)>"显示公开地图"</button>
            }
            .into_any()
        })
    }
}

/// A map's geometry file, verified and decoded by code in the lazily loaded `place` chunk (the first
/// screen carries no decoder of it).
#[leptos::wasm_split::wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let loading = _; { loading.await } -> Result<Arc<GeoView>, LoadError>))]
fn load_geo(manifest: Arc<Manifest>, path: String) -> Pin<Box<dyn Future<Output = Result<Arc<GeoView>, LoadError>>>> {
    Box::pin(async move { crate::loader::load::<GeoView>(&manifest, &path).await })
}

/// The map itself, in the lazily loaded `place` chunk.
#[leptos::wasm_split::wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible)]
fn map_view(
    manifest: Arc<Manifest>,
    geo: Arc<GeoView>,
    refocus: StoredValue<Option<String>>,
) -> Result<AnyView, LoadError> {
    Ok(view! { <MapView manifest=manifest geo=geo refocus=refocus/> }.into_any())
}
