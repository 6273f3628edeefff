//! The place screen: breadcrumbs, the place's children, the disclosure map's button (the map when it
//! is open), then its catalog (filters and the domain tree) — or, when the URL names an item, that
//! item's page. All of it is code in the lazily loaded `place` chunk (the item's page in the `item`
//! chunk, the map in the `map` chunk).

use crate::state::{AppState, PlacesStatus};
use crate::components::map::MapSection;
use crate::components::nav::NavLink;
use crate::components::places::{Breadcrumbs, PlaceList};
use crate::components::status::{deferred, LoadFailure, Skeleton};
use crate::loader::LoadError;
use crate::pages::catalog::{catalog_view, item_view};
use crate::state::Route;
use gongkai_catalog::{Applicability, Manifest, PlaceKind};
use std::sync::Arc;
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

/// The place screen, drawn by code in the lazily loaded `place` chunk: the home screen never
/// downloads it, and a place's URL has the chunk loaded before the app mounts (`main.rs`).
#[wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn place_page() -> Result<AnyView, LoadError> {
    Ok(view! { <PlacePage/> }.into_any())
}

/// Loads the `place` chunk (navigating to a place loads it while the place lists load).
#[wasm_split(place, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn place_code() -> Result<(), LoadError> {
    Ok(())
}

#[component]
fn PlacePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // 新: every place looked at is remembered (`seen.rs`), by code that only place screens need.
    crate::seen::remember_looks(state);
    // Three parts, each redrawn only when what it shows changes: the head (the place, or the item's
    // trail), the map (it follows the route itself: choosing a township on it only moves the mark),
    // and the catalog (which of its rows apply, and the item). Filters and the open domain change parts of those.
    let known = Memo::new(move |_| {
        let m = state.manifest()?;
        let code = state.route.with(|r| r.place.clone())?;
        m.place(&code).map(|p| (p.applicability(), p.tree_catalog().cloned()))
    });
    let on_item = Memo::new(move |_| state.route.with(|r| r.item.is_some()));
    let head = Memo::new(move |_| state.route.with(|r| (r.place.clone(), r.item.is_some())));
    // The catalog follows a new place one frame later: a tap on the map is answered (the mark, the
    // head) in the frame it happens, and the tree and filters, the heavy part, come in the next.
    let wanted = Memo::new(move |_| {
        let (applicability, path) = known.get()?;
        Some((applicability, path, state.route.with(|r| r.item.clone())))
    });
    // On a deep link the filters and the tree are drawn in a task of their own right after the one
    // that draws the head and the map, without waiting for a frame: no single task does all of it
    // (on a slow phone the page cannot answer a tap while a task runs).
    let catalog_key = RwSignal::new(None);
    Effect::new(move |first: Option<()>| {
        let key = wanted.get();
        let show = move || {
            if wanted.get_untracked() == key {
                catalog_key.set(key);
            }
        };
        if first.is_none() {
            set_timeout(show, std::time::Duration::ZERO);
            return;
        }
        // The first callback runs before the coming paint, the second after it.
        request_animation_frame(move || request_animation_frame(show));
    });
    view! {
        {move || {
            let m = state.manifest()?;
            let (code, item) = head.get();
            Some(place_head(&m, code?, item))
        }}
        <Show when=move || known.with(Option::is_some) && !on_item.get()>
            // The disclosure map of this place's children, closed until asked for (components/map;
            // it reads the place from AppState and loads `place.geo`, or the parent's for a township).
            <MapSection/>
        </Show>
        {move || catalog_key.get().map(|(applicability, path, item)| view! { <CatalogPart applicability=applicability path=path item=item/> })}
    }
}

/// Breadcrumbs and, unless an item is shown, the place's name, figures and children.
fn place_head(m: &Arc<Manifest>, code: String, item: bool) -> AnyView {
    let state = expect_context::<AppState>();
    let status = state.places_status.get();
    let loading = matches!(&status, PlacesStatus::Loading(c) if *c == code);
    // The place's own list failed to download (the place may be known from its parent's): the page says
    // so, with 重试, where its places and catalog would be.
    let failed = match status {
        PlacesStatus::Failed(c, e) if c == code => {
            Some(view! { <LoadFailure error=e retry=move || state.load_place(c.clone())/> }.into_any())
        }
        _ => None,
    };
    let Some(place) = m.place(&code).cloned() else {
        if let Some(failed) = failed {
            return failed;
        }
        if loading {
            return view! { <Skeleton lines=4/> }.into_any();
        }
        return view! {
            <div class="failure" role="alert">
                <p class="failure-title">"未找到该地区："{code}</p>
                <NavLink route=Route::default() class="btn">"返回首页"</NavLink>
            </div>
        }
        .into_any();
    };
    let crumbs = view! { <Breadcrumbs manifest=m.clone() code=code.clone()/> };
    if item {
        return view! { {crumbs} {failed} }.into_any();
    }
    // The figures are the manifest's; the words are gongkai_view::places.
    let children_heading = gongkai_view::places::children_heading(m, &place);
    let summary = gongkai_view::places::summary(&place);
    view! {
        {crumbs}
        <div class="place-head">
            <h1>{place.name.clone()}</h1>
            <p class="muted">{summary}</p>
            <crate::components::feed::FeedControl/>
        </div>
        {failed}
        <PlaceList manifest=m.clone() parent=Some(code.clone()) heading=children_heading/>
    }
    .into_any()
}

/// The part that needs the catalog at `path` (the brief one, where the bundle has it): loading, failure
/// with retry, or the filters + tree (or the item, whose page loads the whole catalog).
#[component]
fn CatalogPart(applicability: Applicability, path: Option<String>, item: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // A memo: filter changes must not rebuild this part (it would close the filter panel).
    let current = Memo::new(move |_| state.catalog_at(path.as_deref()));
    // A city's catalog is its template (目录范本), titled as such. Read once: this part is made anew
    // for each place (its key holds the place's applicability and catalog).
    let place = untrack(|| state.place());
    let heading = match &place {
        Some(p) if p.kind == PlaceKind::City => format!("{}基层政务公开标准目录范本", p.name),
        _ => "公开事项目录".to_string(),
    };
    // An item's page loads the whole catalog behind a brief one, verified by the manifest as it is
    // once the tree's catalog is here (by then it holds the lists that name the place's files).
    let place_kind = place.as_ref().map_or(PlaceKind::City, |p| p.kind);
    let whole_path = place.and_then(|p| p.catalog);
    move || match current.get() {
        None => view! { <Skeleton lines=8/> }.into_any(),
        Some(Err(e)) => view! { <LoadFailure error=e retry=move || state.catalog.refetch()/> }.into_any(),
        Some(Ok(None)) => view! {
            <p class="note">{gongkai_view::places::no_catalog_note(place_kind)}</p>
        }
        .into_any(),
        Some(Ok(Some(catalog))) => {
            // A township sees its own 乡级 channels where the catalog gives them apart.
            let catalog = catalog.seen_at(applicability.tier).map_or(catalog, Arc::new);
            match item.clone() {
                Some(id) => {
                    let whole = whole_path.clone().zip(state.manifest_untracked());
                    deferred(8, move || item_view(catalog.clone(), whole.clone(), applicability, id.clone())).into_any()
                }
                None => {
                    let heading = heading.clone();
                    deferred(8, move || catalog_view(catalog.clone(), applicability, heading.clone())).into_any()
                }
            }
        }
    }
}
