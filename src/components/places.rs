//! Places: breadcrumbs and the list of a place's children (city → county → township) with counts.

use crate::state::AppState;
use crate::components::nav::NavLink;
use gongkai_catalog::first_screen::{cities, place_detail};
use gongkai_catalog::{Manifest, Place};
use leptos::prelude::*;
use std::sync::Arc;

/// 全部 › 长沙市 › 长沙县 › 星沙街道 (the last one is the current page).
#[component]
pub fn Breadcrumbs(manifest: Arc<Manifest>, code: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lineage: Vec<Place> = manifest.lineage(&code).into_iter().cloned().collect();
    let route = state.route.get_untracked();
    let last = lineage.len().saturating_sub(1);
    let crumbs = lineage
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let current = i == last && route.item.is_none();
            view! {
                <li>
                    <NavLink route=route.at_place(Some(&p.code)) current=current>{p.name.clone()}</NavLink>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="crumbs" aria-label="位置">
            <ol>
                <li><NavLink route=route.at_place(None)>"全部地区"</NavLink></li>
                {crumbs}
            </ol>
        </nav>
    }
}

/// The children of a place (or the cities, for `parent = None`), each with its item and entry counts.
#[component]
pub fn PlaceList(manifest: Arc<Manifest>, parent: Option<String>, heading: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let route = state.route.get_untracked();
    let places: Vec<Place> = match &parent {
        Some(code) => manifest.children(code).cloned().collect(),
        None => cities(&manifest).into_iter().cloned().collect(),
    };
    if places.is_empty() {
        return ().into_any();
    }
    let items = places
        .into_iter()
        .map(|p| {
            let detail = place_detail(&manifest, &p);
            view! {
                <li>
                    <NavLink route=route.at_place(Some(&p.code)) class="place-link">
                        <span class="place-name">{p.name.clone()}</span>
                        <span class="place-detail">{detail}</span>
                    </NavLink>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="places" aria-labelledby="places-h">
            <h2 id="places-h">{heading}</h2>
            <ul class="place-list">{items}</ul>
        </section>
    }
    .into_any()
}
