//! The search box in the header, on every screen: results as you type, places (with the places above
//! them) then items (domain and path) then entries (place, a township with its county where results span places, and date), the matched characters marked. Scope 本地 (the chosen place and what lies
//! below it) or 全部; the explorer's filters apply. Each keystroke gets a sequence number and a
//! response older than the one shown is dropped, so a slow answer never overwrites a newer one.
//!
//! 信息类型 narrows the search to published entries of one type (政策文件, 政策解读 …; items and places
//! have no type, so they leave the list).
//!
//! The URL keeps the scope (`scope=all`), the type (`kind=`) and, once its results are showing, the
//! text (`q=`): a shared link or a reload shows the same results.

use crate::state::{AppState, History};
use crate::state::Route;
use crate::components::status::{deferred, LoadFailure};
use crate::loader::LoadError;
use crate::search_client::{self, Found, Marked};
use gongkai_view::search::{domain_name, item_result_place};
use gongkai_catalog::{EntryKind, ENTRY_KINDS};
use crate::components::banner::sample_tag;
use gongkai_catalog::Manifest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::wasm_split;
use std::sync::Arc;

fn runs(text: &Marked) -> impl IntoView {
    text.iter()
        .map(|(s, m)| {
            // Path separators read better spaced.
            let s = s.replace('/', " / ");
            if *m {
                view! { <mark>{s}</mark> }.into_any()
            } else {
                s.into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (q0, on_item) = state.route.with_untracked(|r| (r.q.clone(), r.item.is_some()));
    let text = RwSignal::new(q0.clone());
    // 本地 by default once a place is chosen.
    let everywhere = Memo::new(move |_| state.route.with(|r| r.search_all));
    let found: RwSignal<Option<(String, Found)>> = RwSignal::new(None);
    // Why the last search could not run (a search file or the search code did not download), shown
    // with 重试 like every failed load; a retry runs the same search again.
    let failed = RwSignal::new(None::<LoadError>);
    let attempt = RwSignal::new(0u32);
    // The list shows while typing and closes when a result is opened (until the next keystroke). A
    // link to results opens with them showing.
    let listing = RwSignal::new(!q0.is_empty() && !on_item);
    // The URL keeps the text whose results are showing. `written` is the last text this box put
    // there: the URL changing to anything else is back/forward or the home link, which the box then
    // shows — never its own, older text while the citizen types on.
    let written = StoredValue::new(q0.clone());
    let keep_q = move |q: &str| {
        written.set_value(q.to_string());
        let mut r = state.route.get_untracked();
        if r.q != q {
            r.q = q.to_string();
            state.navigate(r, History::Replace);
        }
    };
    let url_q = Memo::new(move |_| state.route.with(|r| r.q.clone()));
    Effect::new(move |_| {
        let q = url_q.get();
        if written.with_value(|w| *w != q) {
            written.set_value(q.clone());
            if text.get_untracked() != q {
                text.set(q);
            }
        }
    });
    let set_scope = move |all: bool| {
        listing.set(true);
        let mut r = state.route.get_untracked();
        r.search_all = all;
        state.navigate(r, History::Replace);
    };
    let set_kind = move |key: String| {
        listing.set(true);
        let mut r = state.route.get_untracked();
        r.entry_kind = EntryKind::from_key(&key);
        state.navigate(r, History::Replace);
    };
    let issued = StoredValue::new(0u64);
    let shown = StoredValue::new(0u64);

    // Scope and filters change with the view, not with each keystroke (the search chunk turns them
    // into limits once per change).
    let scope = Memo::new(move |_| {
        let place = (!everywhere.get()).then(|| state.route.with(|r| r.place.clone())).flatten();
        let filters = state.route.with(|r| r.filters.clone());
        let catalog = (!filters.is_empty()).then(|| state.catalog.get().and_then(|r| r.ok()).flatten()).flatten();
        let kind = state.route.with(|r| r.entry_kind);
        search_client::SearchScope { place, filters, catalog, kind }
    });

    Effect::new(move |_| {
        attempt.track();
        let q = text.get();
        let scope = scope.get();
        let Some(m) = state.manifest() else { return };
        issued.update_value(|s| *s += 1);
        let seq = issued.get_value();
        if q.trim().is_empty() {
            shown.set_value(seq);
            found.set(None);
            failed.set(None);
            untrack(|| keep_q(""));
            return;
        }
        spawn_local(async move {
            let res = search_client::search(m, q.clone(), scope).await;
            if seq <= shown.get_value() {
                return; // a newer answer is already shown
            }
            shown.set_value(seq);
            match res {
                Ok(f) => {
                    failed.set(None);
                    found.set(Some((q.clone(), f)));
                    // The URL once the list is drawn, not before it: writing it changes the route, which
                    // the page redraws for. A newer answer by then writes its own text instead.
                    set_timeout(
                        move || {
                            // (try_: the box may be gone by then.)
                            let current = shown.try_get_value() == Some(seq)
                                && listing.try_get_untracked() == Some(true)
                                && text.try_with_untracked(|t| *t == q) == Some(true);
                            if current {
                                keep_q(&q);
                            }
                        },
                        std::time::Duration::ZERO,
                    );
                }
                Err(e) => {
                    found.set(None);
                    failed.set(Some(e));
                }
            }
        });
    });

    // The view the results' links start from: the list is drawn again when it changes, not when the
    // URL takes the text (every link carries the text itself).
    let view_but_text = Memo::new(move |_| state.route.with(|r| Route { q: String::new(), ..r.clone() }));
    // The list is drawn by the `search` chunk's code, already here once a search has answered.
    let list = move || {
        if !listing.get() {
            return None;
        }
        let (q, f) = found.get()?;
        let m = state.manifest()?;
        let here = view_but_text.with(|r| r.place.clone());
        Some(deferred(0, move || results_view(state, m.clone(), q.clone(), f.clone(), here.clone(), listing)))
    };

    view! {
        <div class="search" role="search">
            <label for="gk-search" class="search-label">"搜索"</label>
            <input
                id="gk-search"
                type="search"
                autocomplete="off"
                placeholder="事项或公开信息，如 低保、社保、dibao"
                prop:value=move || text.get()
                on:input=move |ev| {
                    listing.set(true);
                    text.set(event_target_value(&ev));
                }
                on:keydown=move |ev| if ev.key() == "Escape" { text.set(String::new()) }
            />
            // 本地/全部 only where there is a place to search in: on the home screen it was a disabled
            // button and a chosen one, a row of the header in 关怀模式 at 360 px that did nothing.
            <div class="search-scope" role="group" aria-label="搜索范围" hidden=move || state.route.with(|r| r.place.is_none())>
                <button type="button" aria-pressed=move || (!everywhere.get()).to_string()
                    on:click=move |_| set_scope(false)>"本地"</button>
                <button type="button" aria-pressed=move || everywhere.get().to_string()
                    on:click=move |_| set_scope(true)>"全部"</button>
            </div>
            // Narrowing by type, once there is something to narrow: a native select, which older
            // citizens and screen readers know, kept in the URL with the search (`kind=`).
            {move || (!text.with(|t| t.trim().is_empty()) || state.route.with(|r| r.entry_kind.is_some())).then(|| view! {
                <label class="search-type">
                    "信息类型"
                    <select on:change=move |ev| set_kind(event_target_value(&ev))>
                        <option value="" selected=move || state.route.with(|r| r.entry_kind.is_none())>"全部类型"</option>
                        {ENTRY_KINDS.map(|k| view! {
                            <option value=k.key() selected=move || state.route.with(|r| r.entry_kind == Some(k))>{k.name()}</option>
                        })}
                    </select>
                </label>
            })}
            {move || failed.get().map(|e| view! {
                <LoadFailure error=e retry=move || {
                    failed.set(None);
                    listing.set(true);
                    attempt.update(|a| *a += 1);
                }/>
            })}
            {list}
        </div>
    }
}

/// The results of a search: places, items, entries, then partial item matches, or why there are
/// none. In the lazily loaded `search` chunk, whose code is always here once a search has answered;
/// opening a result closes the list (`listing`).
#[wasm_split(search, wasm_split_path = ::leptos::wasm_split, fallible)]
fn results_view(
    state: AppState,
    m: Arc<Manifest>,
    q: String,
    f: Found,
    here: Option<String>,
    listing: RwSignal<bool>,
) -> Result<AnyView, LoadError> {
    let open = move |route: Route| {
        listing.set(false);
        state.navigate(route, History::Push);
    };
    let base = state.route.get_untracked();
    let none = f.places.is_empty() && f.items.is_empty() && f.entries.is_empty() && f.more_items.is_empty();
    let places = f.places.into_iter().map(|p| {
        let route = Route { q: q.clone(), ..base.at_place(Some(&p.code)) };
        let href = state.href(&route);
        view! {
            <li class="search-place">
                <a href=href on:click=move |ev| {
                    if crate::components::nav::plain_click(&ev) {
                        ev.prevent_default();
                        open(route.clone());
                    }
                }>
                    <span class="search-kind">"地区"</span>
                    <span class="search-text">{runs(&p.name)}</span>
                    <span class="search-meta">{p.parents.join(" · ")}</span>
                </a>
            </li>
        }
    }).collect_view();
    let item_view = {
        let (m, here, base, q) = (m.clone(), here.clone(), base.clone(), q.clone());
        move |it: search_client::FoundItem| {
            let place = item_result_place(&m, here.as_deref(), &it.owners);
            let route = Route { place, domain: Some(it.domain), item: Some(it.id.clone()), q: q.clone(), ..base.at_place(None) };
            let href = state.href(&route);
            let domain = domain_name(it.domain);
            view! {
                <li class="search-item">
                    <a href=href on:click=move |ev| {
                        if crate::components::nav::plain_click(&ev) {
                            ev.prevent_default();
                            open(route.clone());
                        }
                    }>
                        <span class="search-kind">"事项"</span>
                        <span class="search-text" title=domain>{runs(&it.text)}{sample_tag(it.sample, "")}</span>
                    </a>
                </li>
            }
        }
    };
    let items = f.items.into_iter().map(item_view.clone()).collect_view();
    let more_items = f.more_items.into_iter().map(item_view).collect_view();
    let entries = f.entries.into_iter().map(|e| {
        let route = Route { place: Some(e.entry.place.clone()), item: Some(e.entry.item.clone()), q: q.clone(), ..base.at_place(None) };
        let href = state.href(&route);
        let place = e.place.clone().unwrap_or_else(|| e.entry.place.clone());
        view! {
            <li class="search-entry">
                <a href=href on:click=move |ev| {
                    if crate::components::nav::plain_click(&ev) {
                        ev.prevent_default();
                        open(route.clone());
                    }
                }>
                    <span class="search-kind">"信息"</span>
                    <span class="search-text">{runs(&e.title)}{sample_tag(e.entry.sample, "")}</span>
                    <span class="search-meta">
                        {place}" · "{e.entry.date.to_string()}
                        {e.entry.kind.map(|k| format!(" · {}", k.name()))}
                    </span>
                </a>
            </li>
        }
    }).collect_view();
    Ok(view! {
        <ul class="search-results" aria-label="搜索结果" data-q=q.clone()>
            {places}
            {items}
            {entries}
            {more_items}
        </ul>
        {none.then(|| {
            let kind = state.route.with_untracked(|r| r.entry_kind);
            view! {
                <p class="search-none" role="status">
                    {match kind {
                        Some(k) => format!("没有找到「{q}」的{}，可选“全部类型”或换个说法", k.name()),
                        None => format!("没有找到「{q}」，可换个说法，如 低保、社保、出生登记"),
                    }}
                </p>
            }
        })}
    }
    .into_any())
}
