//! The page frame: header, main and footer, and the view switch (home → place → item). The state it
//! draws is `state.rs`'s.

use crate::components::banner::SampleBanner;
use crate::components::search::SearchBox;
use crate::components::status::{deferred, LoadFailure, Skeleton};
use crate::loader::LoadError;
use crate::pages::{home::HomePage, place::place_page};
use crate::state::{provide_state, AppState, History, Route};
use gongkai_catalog::Manifest;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn App(manifest: Result<Arc<Manifest>, LoadError>) -> impl IntoView {
    let state = provide_state(manifest, crate::pages::catalog::load_catalog);
    let route = state.route;
    let care_mode = state.care_mode;

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

    crate::components::feed::keep_feed_link_in_head(state);

    // Only home ↔ place switches the page; everything else updates parts of it.
    let has_place = Memo::new(move |_| route.with(|r| r.place.is_some()));
    // Whether the manifest is here, not which: place lists merged into it must not redraw the page.
    let loaded = Memo::new(move |_| state.manifest_status().map(|r| r.map(|_| ())));
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
        <main id="main" tabindex="-1" aria-busy=move || matches!(state.places_status.get(), crate::state::PlacesStatus::Loading(_)).then_some("true")>
            // Inside main, so that its arrival with the manifest does not push the page down (CLS).
            <SampleBanner/>
            {move || match loaded.get() {
                None => view! { <Skeleton lines=6/> }.into_any(),
                Some(Err(e)) => view! { <LoadFailure error=e retry=move || state.reload_manifest()/> }.into_any(),
                Some(Ok(())) => {
                    if has_place.get() {
                        deferred(6, place_page).into_any()
                    } else {
                        view! { <HomePage/> }.into_any()
                    }
                }
            }}
        </main>
        <crate::components::tools::PageTools/>
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
                    <p>{m.dataset.title.clone()}" · 数据截至 "{gongkai_view::words::absolute(m.dataset.as_of)}</p>
                    <ul class="credits">{credits}</ul>
                </footer>
            }
        })
    }
}
