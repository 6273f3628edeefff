//! The app shell: state, URL sync, header and the view switch (home → place → item).

use crate::components::banner::SampleBanner;
use crate::components::search::SearchBox;
use crate::components::status::{LoadFailure, Skeleton};
use crate::loader::{self, LoadError};
use crate::pages::{home::HomePage, place::PlacePage};
use crate::route::Route;
use gongkai_catalog::{Catalog, Manifest, Place};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Whether a navigation adds a history entry (a new view) or replaces the current one (a detail
/// such as which domain is open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    Push,
    Replace,
}

/// The app's shared state, provided as a context: `let state = expect_context::<AppState>();`.
/// It is `Copy`, so closures can capture it freely.
///
/// For components added by other modules (the disclosure map, the search box):
/// - **Where am I?** `state.route` is the URL query as a [`Route`] (place, domain, item, filters, q).
///   Read it reactively (`state.route.with(|r| r.place.clone())`); change it only through
///   [`AppState::navigate`], which updates the URL (pushState) too. `Route::at_place(code)` and
///   `Route::with_item(id)` build the usual targets; [`AppState::href`] gives the matching `href` for an
///   `<a>` so that opening in a new tab also works.
/// - **The data**: [`AppState::manifest`] (places with counts and measures, facets, files) once loaded;
///   [`AppState::place`] the chosen place; [`AppState::catalog`] the chosen place's catalog
///   (`Some(Ok(Some(catalog)))` once loaded; `Ok(None)` for a city, which has none).
///   Any other bundle file (a `GeoView`, another place's `PlaceEntries`): `crate::loader::load::<T>(&manifest,
///   path)`, which verifies, caches and never caches a failure; show a failure with
///   `<LoadFailure error retry/>` from `components::status`.
/// - **Today**: `state.today` (the browser's date) for anything relative, like "3天前".
#[derive(Clone, Copy)]
pub struct AppState {
    pub route: RwSignal<Route>,
    /// The manifest: loaded before the app mounts (`main.rs`), `None` while a retry reloads it.
    manifest_res: RwSignal<Option<Result<Arc<Manifest>, LoadError>>>,
    /// The chosen place's catalog; `None` while loading.
    pub catalog: LocalResource<Result<Option<Arc<Catalog>>, LoadError>>,
    /// 关怀模式: large text and high contrast, remembered in localStorage.
    pub care_mode: RwSignal<bool>,
    pub today: chrono::NaiveDate,
}

impl AppState {
    /// The manifest, once loaded and valid (reactive).
    pub fn manifest(&self) -> Option<Arc<Manifest>> {
        self.manifest_res.get().and_then(|r| r.ok())
    }

    /// The manifest without subscribing to it (for component set-up code).
    pub fn manifest_untracked(&self) -> Option<Arc<Manifest>> {
        self.manifest_res.get_untracked().and_then(|r| r.ok())
    }

    /// The chosen place, if the URL names one the manifest knows (reactive).
    pub fn place(&self) -> Option<Place> {
        let m = self.manifest()?;
        self.route.with(|r| r.place.as_ref().and_then(|c| m.place(c).cloned()))
    }

    /// The catalog at `path` (a place's `catalog`) as [`AppState::catalog`] gives it, but `None`
    /// (loading) while the resource still holds another place's catalog during a switch (a resource
    /// keeps its old value until the new one arrives). Catalog files are `catalog/<owner>.<hash8>.json`.
    /// The place screen passes the path its catalog part shows, which follows a new place one frame
    /// late: the old tree stays up, untouched, in the frame of the tap.
    pub fn catalog_at(&self, path: Option<&str>) -> Option<Result<Option<Arc<Catalog>>, LoadError>> {
        let loaded = self.catalog.get()?;
        if let Ok(Some(c)) = &loaded {
            if !path.is_some_and(|path| path.starts_with(&format!("catalog/{}.", c.owner))) {
                return None;
            }
        }
        Some(loaded)
    }

    /// The `href` of a route, relative to the page (so it works from any sub-path).
    pub fn href(&self, route: &Route) -> String {
        let q = route.to_query();
        if q.is_empty() {
            "?".into()
        } else {
            q
        }
    }

    /// Shows a route: updates the URL and the state. A push scrolls to the top when the place or the
    /// item changes.
    pub fn navigate(&self, route: Route, how: History) {
        let before = self.route.get_untracked();
        if before == route {
            return;
        }
        if let Some(w) = web_sys::window() {
            let q = route.to_query();
            let url = if q.is_empty() { w.location().pathname().unwrap_or_else(|_| "./".into()) } else { q };
            // Embedded in a county's page: never grow the host's history, and keep the embed keys.
            let how = if crate::components::embed::is_embedded() { History::Replace } else { how };
            let url = crate::components::embed::keep_params(url);
            if let Ok(h) = w.history() {
                let _ = match how {
                    History::Push => h.push_state_with_url(&JsValue::NULL, "", Some(&url)),
                    History::Replace => h.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
                };
            }
            if how == History::Push && (before.place != route.place || before.item != route.item) {
                // Before the coming paint, once the new screen is in the DOM: a scroll here, in the
                // tap's own task, would lay out the old screen for nothing.
                request_animation_frame(|| {
                    if let Some(w) = web_sys::window() {
                        w.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                });
            }
        }
        self.route.set(route);
    }
}

fn current_route() -> Route {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    Route::from_query(&search)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

const CARE_KEY: &str = "gongkai.care";

/// The app, given the manifest (or why it could not be loaded): `main.rs` loads it while the static
/// first screen is showing, so the app's first frame is already the real screen.
#[component]
pub fn App(manifest: Result<Arc<Manifest>, LoadError>) -> impl IntoView {
    let route = RwSignal::new(current_route());
    let _ = window_event_listener(leptos::ev::popstate, move |_| route.set(current_route()));

    let manifest_res = RwSignal::new(Some(manifest));
    let reload_manifest = move || {
        manifest_res.set(None);
        leptos::task::spawn_local(async move { manifest_res.set(Some(loader::load_manifest().await)) });
    };
    let manifest_ok = Memo::new(move |_| manifest_res.get().and_then(|r| r.ok()));
    // The path of the chosen place's catalog: a memo, so filter changes do not refetch.
    let catalog_path = Memo::new(move |_| {
        let m = manifest_ok.get()?;
        let code = route.with(|r| r.place.clone())?;
        Some((m.clone(), m.place(&code)?.catalog.clone()))
    });
    let catalog = LocalResource::new(move || {
        let target = catalog_path.get();
        async move {
            match target {
                Some((m, Some(path))) => crate::pages::catalog::load_catalog(m, path).await.map(Some),
                _ => Ok(None),
            }
        }
    });

    let care_mode = RwSignal::new(
        local_storage().and_then(|s| s.get_item(CARE_KEY).ok().flatten()).as_deref() == Some("1"),
    );
    Effect::new(move |_| {
        let on = care_mode.get();
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = if on { root.set_attribute("data-care", "1") } else { root.remove_attribute("data-care") };
        }
        if let Some(s) = local_storage() {
            let _ = if on { s.set_item(CARE_KEY, "1") } else { s.remove_item(CARE_KEY) };
        }
    });

    let state = AppState { route, manifest_res, catalog, care_mode, today: crate::time::today() };
    provide_context(state);

    // The document title follows the view, so history entries and bookmarks read well.
    Effect::new(move |_| {
        let title = match (state.manifest(), state.place()) {
            (Some(_), Some(p)) => format!("{} · 政务公开事项目录", p.name),
            (Some(m), None) => m.dataset.title.clone(),
            _ => "政务公开事项目录".into(),
        };
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&title);
        }
    });

    // Only home ↔ place switches the page; everything else updates parts of it.
    let has_place = Memo::new(move |_| route.with(|r| r.place.is_some()));
    let home = Route::default();
    view! {
        <a class="skip" href="#main">"跳到主要内容"</a>
        <crate::components::embed::EmbedFrame/>
        <header class="top">
            <div class="top-row">
                <a class="brand" href=state.href(&home) on:click=move |ev| {
                    if crate::components::nav::plain_click(&ev) {
                        ev.prevent_default();
                        state.navigate(Route::default(), History::Push);
                    }
                }>
                    <span class="brand-mark" aria-hidden="true">"公开"</span>
                    <span class="brand-text">"政务公开目录"</span>
                </a>
                <crate::components::offline::OfflineBadge/>
                <crate::components::lang::LangSwitch/>
                <button
                    type="button"
                    class="care-toggle"
                    aria-pressed=move || if care_mode.get() { "true" } else { "false" }
                    on:click=move |_| care_mode.update(|c| *c = !*c)
                >
                    "关怀模式"
                </button>
            </div>
            // Slot for the search box (components/search.rs adds `<SearchBox/>` here; it reads and
            // writes `state.route` q via `navigate`).
            <div class="search-slot"><SearchBox/></div>
        </header>
        <main id="main" tabindex="-1">
            // Inside main, so that its arrival with the manifest does not push the page down (CLS).
            <SampleBanner/>
            {move || match manifest_res.get() {
                None => view! { <Skeleton lines=6/> }.into_any(),
                Some(Err(e)) => view! { <LoadFailure error=e retry=reload_manifest/> }.into_any(),
                Some(Ok(_)) => {
                    if has_place.get() {
                        view! { <PlacePage/> }.into_any()
                    } else {
                        view! { <HomePage/> }.into_any()
                    }
                }
            }}
        </main>
        <crate::components::embed::PageTools/>
        <Footer/>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.manifest().map(|m| {
            let credits = m
                .dataset
                .credits
                .iter()
                .map(|c| {
                    let license = if c.license.is_empty() { String::new() } else { format!("（{}）", c.license) };
                    view! { <li>{c.part.clone()}": "{c.source.clone()}{license}</li> }
                })
                .collect_view();
            view! {
                <footer class="foot">
                    <p>{m.dataset.title.clone()}" · 数据截至 "{crate::time::absolute(m.dataset.as_of)}</p>
                    <ul class="credits">{credits}</ul>
                </footer>
            }
        })
    }
}
