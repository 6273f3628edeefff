//! The domain tree: the 26 domains with item counts for the place and the active filters, then 一级 →
//! 二级 (→ 三级) headings down to the items. A WAI-ARIA tree (APG "tree view"): `role=tree/treeitem/
//! group`, `aria-expanded` on branches, one tab stop (roving tabindex), ↑ ↓ → ← Home End Enter.
//! Only open branches are rendered. A domain with no items here reads 未涉及 rather than vanishing.

use crate::state::{AppState, History};
use gongkai_catalog::filter::PathNode;
use gongkai_catalog::{Applicability, Catalog};
use gongkai_view::tree::{
    dom_id, domain_key, domain_of_key, item_key, node_key, on_key, place_entry, place_keys, rows, set_place_key, visible,
    DomainRow, TreeKey,
};
use crate::components::banner::sample_tag;
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;
use wasm_bindgen::JsCast;

fn focus_dom(key: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&dom_id(key)))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The place whose tree is shown, as the URL names it now (the key of what the tree remembers).
fn current_place(state: &AppState) -> String {
    state.route.with_untracked(|r| r.place.clone()).unwrap_or_default()
}

/// Signals shared by every node of one tree.
#[derive(Clone, Copy)]
struct TreeCtx {
    state: AppState,
    /// Ids of items marked sample (示例) in the catalog.
    samples: StoredValue<HashSet<String>>,
    open: RwSignal<HashSet<String>>,
    focused: RwSignal<String>,
}

impl TreeCtx {
    /// Whether `key` is open, as a memo: opening one branch redraws that branch only, so the other
    /// open branches (and the keyboard focus in them) stay as they are.
    fn is_open(&self, key: &str) -> Memo<bool> {
        let (open, key) = (self.open, key.to_string());
        Memo::new(move |_| open.with(|o| o.contains(&key)))
    }

    fn toggle(&self, key: &str) {
        let key = key.to_string();
        let opening = !self.open.with_untracked(|o| o.contains(&key));
        self.open.update(|o| {
            if opening {
                o.insert(key.clone());
            } else {
                o.remove(&key);
            }
        });
        // The open domain is part of the view a link or a reload should restore; the open headings
        // are kept for the rest of the visit.
        if let Some(id) = domain_of_key(&key) {
            let mut r = self.state.route.get_untracked();
            r.domain = if opening { Some(id) } else { None };
            self.state.navigate(r, History::Replace);
        } else {
            let place = current_place(&self.state);
            self.state.open_headings.update_value(|o| set_place_key(o, &place, &key, opening));
        }
    }

    /// A citizen is about to open an item (a finger or the pointer is down on it, or the keyboard is on
    /// it): start downloading the whole catalog its page needs, when the tree shows a brief one.
    fn about_to_open(&self) {
        if let Some(path) = self.state.place().filter(|p| p.brief.is_some()).and_then(|p| p.catalog) {
            crate::loader::prefetch(&path);
        }
    }

    fn open_item(&self, id: &str) {
        self.state.return_to.set_value(vec![place_entry(&current_place(&self.state), &item_key(id))]);
        let r = self.state.route.get_untracked().with_item(id);
        self.state.navigate(r, History::Push);
    }
}

#[component]
pub fn DomainTree(catalog: Arc<Catalog>, applicability: Applicability) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = {
        let catalog = catalog.clone();
        Memo::new(move |_| state.route.with(|r| rows(&catalog, applicability, &r.filters)))
    };
    let place = current_place(&state);
    let mut initial_open: HashSet<String> =
        state.open_headings.with_value(|o| place_keys(o, &place).map(str::to_string).collect());
    initial_open.extend(state.route.with_untracked(|r| r.domain.map(domain_key)));
    // Back from an item opened here: its leaf, if on show, takes the focus again (as the browser
    // would for a page of its own), so a keyboard or screen reader goes on from where it was.
    let back_to = state.return_to.with_value(|o| place_keys(o, &place).next().map(str::to_string)).filter(|key| {
        rows.with_untracked(|r| visible(r, &initial_open).iter().any(|v| v.key == *key))
    });
    let focused = RwSignal::new(back_to.clone().unwrap_or_else(|| {
        state.route.with_untracked(|r| r.domain).map(domain_key).unwrap_or_else(|| domain_key(1))
    }));
    if let Some(key) = back_to {
        state.return_to.update_value(Vec::clear);
        request_animation_frame(move || focus_dom(&key));
    }
    let samples = StoredValue::new(catalog.items.iter().filter(|i| i.sample).map(|i| i.id.clone()).collect());
    let ctx = TreeCtx { state, samples, open: RwSignal::new(initial_open), focused };

    // A back/forward that changes the open domain opens it here too.
    Effect::new(move |_| {
        if let Some(d) = state.route.with(|r| r.domain) {
            let key = domain_key(d);
            if !ctx.open.with_untracked(|o| o.contains(&key)) {
                ctx.open.update(|o| {
                    o.insert(key);
                });
            }
        }
    });

    // Keep one tab stop: if the focused node disappeared (filters changed, branch closed), fall back.
    Effect::new(move |_| {
        let gone = rows.with(|r| ctx.open.with(|o| !visible(r, o).iter().any(|v| v.key == ctx.focused.get_untracked())));
        if gone {
            ctx.focused.set(domain_key(1));
        }
    });

    // The keyboard model is `gongkai_view::tree::on_key`; this applies what it says.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let vis = rows.with_untracked(|r| ctx.open.with_untracked(|o| visible(r, o)));
        let focused = ctx.focused.get_untracked();
        let Some(action) = ctx.open.with_untracked(|o| on_key(&vis, &focused, o, &ev.key())) else { return };
        ev.prevent_default();
        match action {
            // The item page replaces the tree: nothing of it is left to focus.
            TreeKey::OpenItem(id) => ctx.open_item(&id),
            TreeKey::Toggle(key) => {
                ctx.toggle(&key);
                focus_dom(&key);
            }
            TreeKey::Focus(key) => {
                ctx.focused.set(key.clone());
                focus_dom(&key);
            }
        }
    };

    view! {
        <ul class="tree" role="tree" aria-label="公开领域和事项" on:keydown=on_keydown>
            {move || rows.with(|rows| rows.iter().map(|r| domain_view(ctx, r)).collect_view())}
        </ul>
    }
}

fn domain_view(ctx: TreeCtx, row: &DomainRow) -> impl IntoView {
    let key = domain_key(row.id);
    let id = dom_id(&key);
    let label_id = format!("{id}-l");
    let expandable = row.count > 0;
    let (k1, k2, k3, k4) = (key.clone(), key.clone(), key.clone(), key.clone());
    // The accessible name is the label and the badge, as shown (label-content-name-mismatch).
    let badge_id = format!("{id}-c");
    let badge = if row.base == 0 {
        view! { <span class="badge na" id=badge_id.clone()>"未涉及"</span> }.into_any()
    } else {
        view! { <span class="badge" id=badge_id.clone() class:zero=row.count == 0>{format!("{} 项", row.count)}</span> }.into_any()
    };
    let reason = (row.base == 0).then(|| row.reason.clone()).flatten();
    let nodes = row.nodes.clone();
    let is_open = ctx.is_open(&k4);
    view! {
        <li
            role="treeitem"
            id=id
            class="ti ti-domain"
            class:empty=!expandable
            aria-labelledby=format!("{label_id} {badge_id}")
            aria-expanded=move || expandable.then(|| if ctx.open.with(|o| o.contains(&k1)) { "true" } else { "false" })
            tabindex=move || if ctx.focused.with(|f| *f == k2) { "0" } else { "-1" }
        >
            <div
                class="ti-row"
                on:click=move |_| {
                    ctx.focused.set(k3.clone());
                    if expandable {
                        ctx.toggle(&k3);
                    }
                }
            >
                <span class="twisty" aria-hidden="true"></span>
                <span class="ti-label" id=label_id.clone()>
                    <span class="domain-no">{row.id}</span>
                    {row.name.clone()}
                </span>
                {badge}
            </div>
            {reason.map(|r| view! { <p class="ti-reason">{r}</p> })}
            {move || {
                (expandable && is_open.get()).then(|| {
                    let parent = k4.clone();
                    view! {
                        <ul role="group">
                            {nodes.iter().map(|n| node_view(ctx, n, &parent)).collect_view()}
                        </ul>
                    }
                })
            }}
        </li>
    }
}

fn node_view(ctx: TreeCtx, node: &PathNode, parent: &str) -> AnyView {
    let key = node_key(parent, node);
    let id = dom_id(&key);
    let label_id = format!("{id}-l");
    let badge_id = format!("{id}-c");
    let expandable = !node.children.is_empty();
    let (k1, k2, k3, k4) = (key.clone(), key.clone(), key.clone(), key.clone());
    let item = if expandable { None } else { node.item.clone() };
    let children = node.children.clone();
    let label = node.name.clone();
    let count = node.count;
    let is_open = ctx.is_open(&k4);
    let row = match item {
        Some(item_id) => {
            let sample = ctx.samples.with_value(|s| s.contains(&item_id));
            let href = ctx.state.href(&ctx.state.route.get_untracked().with_item(&item_id));
            view! {
                <a
                    class="ti-row ti-leaf"
                    href=href
                    tabindex="-1"
                    on:pointerdown=move |_| ctx.about_to_open()
                    on:focus=move |_| ctx.about_to_open()
                    on:click=move |ev| {
                        ctx.focused.set(k3.clone());
                        if crate::components::nav::plain_click(&ev) {
                            ev.prevent_default();
                            ctx.open_item(&item_id);
                        }
                    }
                >
                    <span class="ti-label" id=label_id.clone()>
                        {label}
                        {sample_tag(sample, "")}
                    </span>
                    <span class="go" aria-hidden="true">"›"</span>
                </a>
            }
            .into_any()
        }
        None => view! {
            <div
                class="ti-row"
                on:click=move |_| {
                    ctx.focused.set(k3.clone());
                    ctx.toggle(&k3);
                }
            >
                <span class="twisty" aria-hidden="true"></span>
                <span class="ti-label" id=label_id.clone()>{label}</span>
                <span class="badge" id=badge_id.clone()>{format!("{count} 项")}</span>
            </div>
        }
        .into_any(),
    };
    view! {
        <li
            role="treeitem"
            id=id
            class="ti"
            aria-labelledby=if expandable { format!("{label_id} {badge_id}") } else { label_id.clone() }
            aria-expanded=move || expandable.then(|| if ctx.open.with(|o| o.contains(&k1)) { "true" } else { "false" })
            tabindex=move || if ctx.focused.with(|f| *f == k2) { "0" } else { "-1" }
        >
            {row}
            {move || {
                (expandable && is_open.get()).then(|| {
                    let parent = k4.clone();
                    view! {
                        <ul role="group">
                            {children.iter().map(|n| node_view(ctx, n, &parent)).collect_view()}
                        </ul>
                    }
                })
            }}
        </li>
    }
    .into_any()
}
