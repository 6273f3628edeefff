//! Filters: 公开层级, 公开方式, 公开对象, 公开渠道 and the extra columns with few values (五公开 …).
//! Each option shows how many items choosing it would give; one tap clears everything. The logic is
//! `gongkai_catalog::filter` and its figures `gongkai_view::filters`; this only draws it and writes the
//! choice to the URL.

use crate::state::{AppState, History};
use gongkai_catalog::filter::{facet_counts, facets_of, Facet, FacetCounts};
use gongkai_catalog::{Applicability, Catalog};
use gongkai_view::filters::{chosen_text, total_text, Applicable};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn FilterPanel(catalog: Arc<Catalog>, applicability: Applicability) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(manifest) = state.manifest_untracked() else { return ().into_any() };
    // The items that apply here, found once; the total (共 N 项) is gongkai_view::filters's.
    let applicable = Arc::new(Applicable::new(&catalog, applicability));
    let extra_names: Vec<String> = manifest.facets.extras.iter().map(|e| e.name.clone()).collect();
    let facets = Arc::new(facets_of(&catalog, &applicable.items(&catalog), &manifest.facets.channels, &extra_names));
    let counts: Memo<Vec<FacetCounts>> = {
        let (catalog, applicable, facets) = (catalog.clone(), applicable.clone(), facets.clone());
        Memo::new(move |_| {
            let items = applicable.items(&catalog);
            state.route.with(|r| facet_counts(&catalog, &items, &r.filters, &facets))
        })
    };
    let total = {
        let (catalog, applicable) = (catalog.clone(), applicable.clone());
        Memo::new(move |_| state.route.with(|r| applicable.total(&catalog, &r.filters)))
    };
    let active = move || state.route.with(|r| r.filters.chosen.len());

    let toggle = move |facet: Facet, value: String| {
        let mut r = state.route.get_untracked();
        r.filters.toggle(facet, &value);
        r.item = None;
        state.navigate(r, History::Push);
    };
    let clear = move |_| {
        let mut r = state.route.get_untracked();
        r.filters = Default::default();
        state.navigate(r, History::Push);
    };

    let groups = facets
        .iter()
        .enumerate()
        .map(|(fi, (facet, values))| {
            let options = values
                .iter()
                .enumerate()
                .map(|(oi, value)| {
                    let (f1, f2, v1, v2) = (facet.clone(), facet.clone(), value.clone(), value.clone());
                    let pressed = move || state.route.with(|r| r.filters.get(&f1) == Some(v1.as_str()));
                    let pressed2 = pressed.clone();
                    let count = move || counts.with(|c| c.get(fi).and_then(|f| f.options.get(oi)).map_or(0, |o| o.count));
                    view! {
                        <button
                            type="button"
                            class="chip"
                            aria-pressed=move || if pressed() { "true" } else { "false" }
                            disabled=move || count() == 0 && !pressed2()
                            on:click=move |_| toggle(f2.clone(), v2.clone())
                        >
                            <span class="chip-label">{value.clone()}</span>
                            <span class="chip-count">{count}</span>
                        </button>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="facet">
                    <legend>{facet.title().to_string()}</legend>
                    <div class="chips">{options}</div>
                </fieldset>
            }
        })
        .collect_view();

    view! {
        <div class="filters">
            <details class="filter-box">
                <summary>
                    "筛选"
                    {move || chosen_text(active())}
                </summary>
                {groups}
            </details>
            <div class="filter-status">
                <p class="result-count" aria-live="polite">{move || total_text(total.get())}</p>
                {move || (active() > 0).then(|| view! {
                    <button type="button" class="btn clear" on:click=clear>"清除全部筛选"</button>
                })}
            </div>
        </div>
    }
    .into_any()
}
