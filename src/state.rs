//! The app's state, apart from the page that draws it: the view (a [`Route`], mirrored in the URL),
//! the manifest and the chosen place's catalog, the embed keys and the script — each provided as
//! Leptos context by [`provide_state`]. Components import this module, never the page frame
//! (`app.rs`).
//!
//! **All of the view is in the URL.** Every change of the view goes through [`AppState::navigate`],
//! which writes the URL with [`gongkai_view::location`] — the one function that turns a route into a
//! URL, embed keys included — so a reload, the back button or a shared link shows the same view. What
//! is not the view stays out of it: 关怀模式 and the script are the citizen's own preferences
//! (localStorage), except that an embedded page keeps its script in its URL.

use crate::loader::{self, LoadError};
use gongkai_catalog::hant::Hant;
use gongkai_catalog::{Catalog, Manifest, Place};
use gongkai_view::location::{base_url, embed_snippet, share_url};
pub use gongkai_view::location::{Display, Script};
pub use gongkai_view::Route;
use leptos::prelude::*;
use std::future::Future;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Whether a navigation adds a history entry (a new view) or replaces the current one (a detail
/// such as which domain is open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    Push,
    Replace,
}

/// The embed keys of the page's URL (`embed=1`, `theme=`, `lang=`), parsed once at start-up and
/// provided as context: `expect_context::<Embed>()`.
#[derive(Clone, Copy)]
pub struct Embed(StoredValue<Display>);

impl Embed {
    /// Whether the page is embedded in a county's site (`?embed=1`).
    pub fn on(&self) -> bool {
        self.0.with_value(|d| d.embed)
    }

    /// The accent colour the host asked for, already validated.
    pub fn theme(&self) -> Option<String> {
        self.0.with_value(|d| d.theme.clone())
    }
}

/// The script the page shows, provided as context: `expect_context::<Lang>()`. The 繁體 table arrives
/// with the `tools` chunk (`components/lang.rs`); until then, and in 简体, text is shown as written.
#[derive(Clone, Copy)]
pub struct Lang {
    /// 繁體 on (a `bool` signal: the app has those already, a signal of its own type costs wasm).
    pub hant: RwSignal<bool>,
    /// Whether an embedded page's URL keeps the script: when its URL named one, or the citizen chose.
    pinned: StoredValue<bool>,
    table: StoredValue<Option<Arc<Hant>>>,
}

const LANG_KEY: &str = "gongkai.lang";
const CARE_KEY: &str = "gongkai.care";

impl Lang {
    fn new(display: &Display) -> Lang {
        let stored = || local_storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
        let script = display.lang.or_else(|| stored().as_deref().and_then(Script::from_code)).unwrap_or_default();
        Lang {
            hant: RwSignal::new(script == Script::Hant),
            pinned: StoredValue::new(display.lang.is_some()),
            table: StoredValue::new(None),
        }
    }

    /// Records the citizen's choice (remembered in localStorage, and in an embedded page's URL).
    pub fn choose(&self, script: Script) {
        if let Some(s) = local_storage() {
            let _ = s.set_item(LANG_KEY, script.code());
        }
        self.pinned.set_value(true);
        self.hant.set(script == Script::Hant);
    }

    /// The script as the URL keeps it (only an embedded page writes it).
    fn in_url(&self) -> Option<Script> {
        let script = if self.hant.get_untracked() { Script::Hant } else { Script::Hans };
        self.pinned.get_value().then_some(script)
    }

    /// The 繁體 table, once loaded: the page converts from now on.
    pub fn set_table(&self, table: Arc<Hant>) {
        self.table.set_value(Some(table));
    }

    /// `text` in the script the page shows (for what the page does not draw, like the CSV file).
    pub fn to_current_script(self, text: &str) -> String {
        self.table.with_value(|t| t.as_ref().map_or_else(|| text.to_string(), |h| h.convert(text)))
    }
}

/// Loading the place lists that make the chosen place known ([`loader::with_place`]).
#[derive(Debug, Clone, PartialEq)]
pub enum PlacesStatus {
    /// Nothing pending: the chosen place is known, or is in no list.
    Idle,
    /// Loading the lists toward this place code.
    Loading(String),
    /// They failed to load (重试 loads them again).
    Failed(String, LoadError),
}

/// The app's shared state, provided as a context: `let state = expect_context::<AppState>();`.
/// It is `Copy`, so closures can capture it freely.
///
/// - **Where am I?** `state.route` is the URL query as a [`Route`] (place, domain, item, filters, the
///   map's measure and zoom, the search scope and text). Read it reactively
///   (`state.route.with(|r| r.place.clone())`); change it only through [`AppState::navigate`], which
///   updates the URL too. `Route::at_place(code)` and `Route::with_item(id)` build the usual targets;
///   [`AppState::href`] gives the matching `href` for an `<a>` so that opening in a new tab also works.
/// - **The data**: [`AppState::manifest`] (places with counts and measures, facets, files) once loaded;
///   [`AppState::place`] the chosen place; [`AppState::catalog`] the chosen place's catalog
///   (`Some(Ok(Some(catalog)))` once loaded; `Ok(None)` for a city, which has none).
///   Any other bundle file: `crate::loader::load::<T>(&manifest, path)`, which verifies, caches and
///   never caches a failure; show a failure with `<LoadFailure error retry/>` from
///   `components::status`.
/// - **Today**: `state.today` (the browser's date) for anything relative, like "3天前".
#[derive(Clone, Copy)]
pub struct AppState {
    pub route: RwSignal<Route>,
    /// The manifest: loaded before the app mounts (`main.rs`), `None` while a retry reloads it.
    manifest_res: RwSignal<Option<Result<Arc<Manifest>, LoadError>>>,
    /// The chosen place's catalog as its tree and filters need it: the brief one where the bundle has
    /// it ([`Place::brief`]; an item's page and the export load the whole one); `None` while loading.
    pub catalog: LocalResource<Result<Option<Arc<Catalog>>, LoadError>>,
    /// The place lists being loaded for the chosen place, if any.
    pub places_status: RwSignal<PlacesStatus>,
    /// 关怀模式: large text and high contrast, remembered in localStorage.
    pub care_mode: RwSignal<bool>,
    pub today: chrono::NaiveDate,
    pub embed: Embed,
    pub lang: Lang,
    /// The headings (一级, 二级 …) opened in the places' domain trees for this visit
    /// (`gongkai_view::tree::place_keys`; `components/tree.rs`): the tree is drawn anew after an item's
    /// page, and 返回 must not close behind the citizen what they opened on the way down. Not in the URL
    /// (see ARCHITECTURE.md). A list: a citizen opens a handful, and a set would cost the main module a
    /// hasher.
    pub open_headings: StoredValue<Vec<String>>,
    /// The tree leaf of the item last opened from a place's domain tree, as the same kind of list (one
    /// entry at most): that place's tree, drawn again after the item's page, gives it the keyboard
    /// focus back, once.
    pub return_to: StoredValue<Vec<String>>,
}

/// Creates the state for a manifest (or why it could not be loaded) and provides it, with [`Embed`]
/// and [`Lang`], as context. `load_catalog` loads a place's catalog file (the `place` chunk's code).
pub fn provide_state<F, Fut>(manifest: Result<Arc<Manifest>, LoadError>, load_catalog: F) -> AppState
where
    F: Fn(Arc<Manifest>, String) -> Fut + 'static,
    Fut: Future<Output = Result<Arc<Catalog>, LoadError>> + 'static,
{
    let route = RwSignal::new(current_route());
    let _ = window_event_listener(leptos::ev::popstate, move |_| route.set(current_route()));
    let display = Display::from_query(&current_query());
    let manifest_res = RwSignal::new(Some(manifest));
    let manifest_ok = Memo::new(move |_| manifest_res.get().and_then(|r| r.ok()));
    // The path of the chosen place's catalog: a memo, so filter changes do not refetch. Only once the
    // lists down to the place are merged, which name its files (as AppState::place_files, which the
    // state this memo is part of gives the other parts).
    let catalog_path = Memo::new(move |_| {
        let m = manifest_ok.get()?;
        let code = route.with(|r| r.place.clone())?;
        if !m.lists_files_of(&code) {
            return None;
        }
        let path = m.place(&code)?.tree_catalog().cloned();
        Some((m.clone(), path))
    });
    let catalog = LocalResource::new(move || {
        let target = catalog_path.get();
        let loading = target.clone().and_then(|(m, path)| Some(load_catalog(m, path?)));
        async move {
            match loading {
                Some(f) => f.await.map(Some),
                None => Ok(None),
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
    let lang = Lang::new(&display);
    let embed = Embed(StoredValue::new(display));
    let places_status = RwSignal::new(PlacesStatus::Idle);
    let state = AppState {
        route,
        manifest_res,
        catalog,
        places_status,
        care_mode,
        today: crate::time::today(),
        embed,
        lang,
        open_headings: StoredValue::new(Vec::new()),
        return_to: StoredValue::new(Vec::new()),
    };
    // A place the manifest does not know yet (the register is split by level): load the lists above it.
    let chosen = Memo::new(move |_| route.with(|r| r.place.clone()));
    Effect::new(move |_| {
        if let (Some(code), Some(_)) = (chosen.get(), manifest_ok.get()) {
            state.load_place(code);
        }
    });
    provide_context(state);
    provide_context(embed);
    provide_context(lang);
    state
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

    /// The manifest as loaded: `None` while a retry reloads it, else it or why it failed (reactive).
    pub fn manifest_status(&self) -> Option<Result<Arc<Manifest>, LoadError>> {
        self.manifest_res.get()
    }

    /// Loads the place lists that make `code` and the places below it known, unless they are here
    /// (or being loaded), and merges them into the manifest: for a place shown without
    /// [`AppState::navigate`] (the back button), and for 重试.
    pub fn load_place(&self, code: String) {
        let Some(m) = self.manifest_untracked() else { return };
        if m.list_toward(&code).is_none() || self.places_status.get_untracked() == PlacesStatus::Loading(code.clone()) {
            return;
        }
        let state = *self;
        leptos::task::spawn_local(async move { state.load_lists(m, code).await });
    }

    /// Loads the place lists toward `code` and merges them into the manifest, with
    /// [`AppState::places_status`] saying so meanwhile and keeping a failure for 重试.
    async fn load_lists(&self, m: Arc<Manifest>, code: String) {
        self.places_status.set(PlacesStatus::Loading(code.clone()));
        match loader::with_place(m, code.clone()).await {
            Ok(_) => {
                self.merge_loaded(&code).await;
                self.places_status.set(PlacesStatus::Idle);
            }
            Err(e) => self.places_status.set(PlacesStatus::Failed(code, e)),
        }
    }

    /// Loads the manifest again (重试 after a failure).
    pub fn reload_manifest(&self) {
        let res = self.manifest_res;
        res.set(None);
        leptos::task::spawn_local(async move { res.set(Some(loader::load_manifest().await)) });
    }

    /// The chosen place, if the URL names one the manifest knows (reactive).
    pub fn place(&self) -> Option<Place> {
        let m = self.manifest()?;
        self.route.with(|r| r.place.as_ref().and_then(|c| m.place(c).cloned()))
    }

    /// The chosen place with the manifest that names its files, once the lists down to it are merged
    /// ([`Manifest::lists_files_of`]; reactive): what its screen's parts load files with. A place
    /// reached by the back or forward button is known from its parent's list before its own comes.
    pub fn place_files(&self) -> Option<(Arc<Manifest>, Place)> {
        let m = self.manifest()?;
        let place = self.route.with(|r| r.place.as_ref().filter(|c| m.lists_files_of(c)).and_then(|c| m.place(c).cloned()))?;
        Some((m, place))
    }

    /// The catalog at `path` (a place's `brief` or `catalog`) as [`AppState::catalog`] gives it, but `None`
    /// (loading) while the resource still holds another place's catalog during a switch (a resource
    /// keeps its old value until the new one arrives). Catalog files are `catalog/<owner>.<hash8>.json`
    /// and `catalog/<owner>.brief.<hash8>.json`.
    /// The place screen passes the path its catalog part shows, which follows a new place one frame
    /// late: the old tree stays up, untouched, in the frame of the tap.
    pub fn catalog_at(&self, path: Option<&str>) -> Option<Result<Option<Arc<Catalog>>, LoadError>> {
        let loaded = self.catalog.get()?;
        match &loaded {
            Ok(Some(c)) if !path.is_some_and(|path| path.starts_with(&format!("catalog/{}.", c.owner))) => None,
            // Nothing asked for yet (the place's own list is on its way).
            Ok(None) if path.is_some() => None,
            _ => Some(loaded),
        }
    }

    /// The display keys this page's URLs carry (reactive in the script).
    fn display(&self) -> Display {
        let mut d = self.embed.0.get_value();
        d.lang = self.lang.in_url();
        d
    }

    /// The URL of a route for this page's own history: relative, with the embed keys when embedded;
    /// the page's path for the home screen.
    pub fn url(&self, route: &Route) -> String {
        let url = gongkai_view::location(route, &self.display());
        if url.is_empty() {
            web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_else(|| "./".into())
        } else {
            url
        }
    }

    /// The `href` of a route, relative to the page (so it works from any sub-path). It leaves the embed
    /// keys out: a link opened in a new tab shows the explorer itself.
    pub fn href(&self, route: &Route) -> String {
        let q = gongkai_view::location(route, &Display::shared());
        if q.is_empty() {
            "?".into()
        } else {
            q
        }
    }

    /// The full, shareable URL of the current view, never embedded (reactive).
    pub fn share_url(&self) -> String {
        self.route.with(|r| share_url(&page_base(), r))
    }

    /// The iframe snippet of the current view for a county's web team (reactive).
    pub fn embed_snippet(&self) -> String {
        self.route.with(|r| embed_snippet(&page_base(), r))
    }

    /// Writes the current view's URL again (after a change of the display keys, such as the script).
    pub fn rewrite_url(&self) {
        let url = self.url(&self.route.get_untracked());
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }

    /// Shows a route: updates the URL and the state. A push scrolls to the top when the place or the
    /// item changes. Embedded in a county's page, it never grows the host's history. A place the
    /// manifest does not know yet has its place lists loaded first, so that the new screen and the
    /// register it needs arrive together (a failure shows on the place screen, with 重试).
    pub fn navigate(&self, route: Route, how: History) {
        if route.place.is_some() {
            // The place screen's code, while the lists load (a failure shows on that screen).
            leptos::task::spawn_local(async {
                let _ = crate::pages::place::place_code().await;
            });
        }
        let pending = route.place.clone().zip(self.manifest_untracked()).filter(|(c, m)| m.list_toward(c).is_some());
        let Some((code, m)) = pending else { return self.show(route, how) };
        let state = *self;
        leptos::task::spawn_local(async move {
            state.load_lists(m, code).await;
            state.show(route, how);
        });
    }

    /// Merges the place lists toward `code`, already in the loader's cache, into the manifest as it is
    /// now (another place's may have been merged meanwhile), so this fetches nothing.
    async fn merge_loaded(&self, code: &str) {
        if let Some(now) = self.manifest_untracked() {
            if let Ok(merged) = loader::with_place(now, code.to_string()).await {
                self.manifest_res.set(Some(Ok(merged)));
            }
        }
    }

    fn show(&self, route: Route, how: History) {
        let before = self.route.get_untracked();
        if before == route {
            return;
        }
        let how = if self.embed.on() { History::Replace } else { how };
        if let Some(w) = web_sys::window() {
            let url = self.url(&route);
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

/// The page's query string.
pub fn current_query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

fn current_route() -> Route {
    Route::from_query(&current_query())
}

/// The folder the page is served from, as an absolute URL ending in `/`.
fn page_base() -> String {
    let Some(w) = web_sys::window() else { return String::new() };
    let l = w.location();
    base_url(&l.origin().unwrap_or_default(), &l.pathname().unwrap_or_default())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}
