//! Gongkai (公开): the explorer for grassroots government-affairs disclosure catalogs.
//! This file only mounts the app (`state.rs` holds the state, `app.rs` the page frame), once the manifest is
//! here: until then the static first screen of `index.html` shows (pre-rendered by the build step),
//! and the app replaces it in one frame (a place's filters and tree follow in the next: `pages/place.rs`).

mod app;
mod components;
mod crash;
mod loader;
mod pages;
mod state;
mod search_client;
mod seen;
mod time;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn main() {
    crash::install();
    wasm_bindgen_futures::spawn_local(async {
        let mut manifest = loader::load_manifest().await;
        let route = state::Route::from_query(&state::current_query());
        if let (Ok(m), Some(code)) = (manifest.clone(), route.place.clone()) {
            // A place screen: the place lists above it (a failure shows on the screen, with 重试), then
            // its chunk and files (a chunk that fails shows on the screen).
            let m = loader::with_place(m.clone(), code.clone()).await.unwrap_or(m);
            manifest = Ok(m.clone());
            let _ = pages::catalog::prepare(m, route).await;
        }
        // The first frame in a task of its own, not after the last file's decoding in the same one.
        loader::yield_to_browser().await;
        let doc = web_sys::window().and_then(|w| w.document());
        // A citizen who tapped the first screen's search box keeps the focus in the real one.
        let search_focused = doc
            .as_ref()
            .and_then(|d| d.active_element())
            .is_some_and(|e| e.id() == "gk-search");
        if let Some(boot) = doc.as_ref().and_then(|d| d.get_element_by_id("boot")) {
            boot.remove();
        }
        leptos::mount::mount_to_body(move || view! { <app::App manifest=manifest/> });
        if search_focused {
            if let Some(input) = doc
                .and_then(|d| d.get_element_by_id("gk-search"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = input.focus();
            }
        }
    });
}
