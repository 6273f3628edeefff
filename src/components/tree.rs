//! The domain tree: the 26 domains with item counts for the place and the active filters, then 一级 →
//! 二级 (→ 三级) headings down to the items. A WAI-ARIA tree (APG "tree view"): `role=tree/treeitem/
//! group`, `aria-expanded` on branches, one tab stop (roving tabindex), ↑ ↓ → ← Home End Enter.
//! Only open branches are rendered. A domain with no items here reads 未涉及 rather than vanishing.

use crate::state::{AppState, History};
use gongkai_catalog::filter::{domain_counts, path_tree, Filters, PathNode};
use gongkai_catalog::{Applicability, Catalog, DisclosureItem, DOMAINS};
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// One domain as the tree shows it.
#[derive(Debug, Clone, PartialEq)]
struct DomainRow {
    id: u8,
    name: String,
    /// Items here without filters: 0 means 未涉及.
    base: u32,
    /// Items here with the filters.
    count: u32,
    /// The catalog's reason when it declares the domain not applicable.
    reason: Option<String>,
    nodes: Vec<PathNode>,
}

fn rows(catalog: &Catalog, applicability: Applicability, filters: &Filters) -> Vec<DomainRow> {
    let items: Vec<&DisclosureItem> = catalog.items.iter().filter(|i| catalog.applies(i, applicability)).collect();
    let base = domain_counts(catalog, &items, &Filters::default());
    let count = domain_counts(catalog, &items, filters);
    let mut out: Vec<DomainRow> = DOMAINS
        .iter()
        .map(|d| {
            let n = d.id as usize - 1;
            let nodes = if count[n] > 0 {
                path_tree(items.iter().copied().filter(|i| i.domain == d.id && filters.matches(catalog, i)))
            } else {
                Vec::new()
            };
            DomainRow {
                id: d.id,
                name: d.name.to_string(),
                base: base[n],
                count: count[n],
                reason: catalog.not_applicable.iter().find(|na| na.domain == d.id).map(|na| na.reason.clone()),
                nodes,
            }
        })
        .collect();
    // What applies here first (in the national order), then what the filters hide, then 未涉及: a
    // citizen on a phone should not scroll past twenty empty domains.
    gongkai_catalog::order::sort_by(&mut out, |a, b| (a.count == 0, a.base == 0, a.id).cmp(&(b.count == 0, b.base == 0, b.id)));
    out
}

fn domain_key(id: u8) -> String {
    format!("d{id}")
}

fn node_key(parent: &str, node: &PathNode) -> String {
    match (&node.item, node.children.is_empty()) {
        (Some(id), true) => format!("i:{id}"),
        _ => format!("{parent}/{}", node.name),
    }
}

/// A DOM id for a key (keys hold Chinese text and slashes).
fn dom_id(key: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in key.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("ti-{h:x}")
}

/// A treeitem as the keyboard sees it: in visible order.
struct Visible {
    key: String,
    parent: Option<String>,
    expandable: bool,
    item: Option<String>,
}

fn visible(rows: &[DomainRow], open: &HashSet<String>) -> Vec<Visible> {
    fn walk(nodes: &[PathNode], parent: &str, open: &HashSet<String>, out: &mut Vec<Visible>) {
        for n in nodes {
            let key = node_key(parent, n);
            let expandable = !n.children.is_empty();
            out.push(Visible {
                key: key.clone(),
                parent: Some(parent.to_string()),
                expandable,
                item: if expandable { None } else { n.item.clone() },
            });
            if expandable && open.contains(&key) {
                walk(&n.children, &key, open, out);
            }
        }
    }
    let mut out = Vec::new();
    for r in rows {
        let key = domain_key(r.id);
        let expandable = r.count > 0;
        out.push(Visible { key: key.clone(), parent: None, expandable, item: None });
        if expandable && open.contains(&key) {
            walk(&r.nodes, &key, open, &mut out);
        }
    }
    out
}

fn focus_dom(key: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&dom_id(key)))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
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
        // The open domain is part of the view a link or a reload should restore.
        if let Some(id) = key.strip_prefix('d').and_then(|d| d.parse::<u8>().ok()) {
            let mut r = self.state.route.get_untracked();
            r.domain = if opening { Some(id) } else { None };
            self.state.navigate(r, History::Replace);
        }
    }

    fn open_item(&self, id: &str) {
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
    let initial_open: HashSet<String> =
        state.route.with_untracked(|r| r.domain.map(domain_key).into_iter().collect());
    let focused = RwSignal::new(
        state.route.with_untracked(|r| r.domain).map(domain_key).unwrap_or_else(|| domain_key(1)),
    );
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

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let vis = rows.with_untracked(|r| ctx.open.with_untracked(|o| visible(r, o)));
        if vis.is_empty() {
            return;
        }
        let cur_key = ctx.focused.get_untracked();
        let pos = vis.iter().position(|v| v.key == cur_key).unwrap_or(0);
        let cur = &vis[pos];
        let is_open = ctx.open.with_untracked(|o| o.contains(&cur.key));
        let target: Option<usize> = match ev.key().as_str() {
            "ArrowDown" => Some((pos + 1).min(vis.len() - 1)),
            "ArrowUp" => Some(pos.saturating_sub(1)),
            "Home" => Some(0),
            "End" => Some(vis.len() - 1),
            "ArrowRight" => {
                if cur.expandable && !is_open {
                    ctx.toggle(&cur.key);
                    Some(pos)
                } else if cur.expandable {
                    Some((pos + 1).min(vis.len() - 1))
                } else {
                    Some(pos)
                }
            }
            "ArrowLeft" => {
                if cur.expandable && is_open {
                    ctx.toggle(&cur.key);
                    Some(pos)
                } else {
                    Some(cur.parent.as_ref().and_then(|p| vis.iter().position(|v| &v.key == p)).unwrap_or(pos))
                }
            }
            "Enter" | " " => {
                if let Some(id) = &cur.item {
                    // The item page replaces the tree: nothing of it is left to focus.
                    ev.prevent_default();
                    ctx.open_item(id);
                    return;
                } else if cur.expandable {
                    ctx.toggle(&cur.key);
                }
                Some(pos)
            }
            _ => None,
        };
        if let Some(t) = target {
            ev.prevent_default();
            let key = vis[t].key.clone();
            ctx.focused.set(key.clone());
            focus_dom(&key);
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
                            {nodes.iter().map(|n| node_view(ctx, n, &parent, 2)).collect_view()}
                        </ul>
                    }
                })
            }}
        </li>
    }
}

fn node_view(ctx: TreeCtx, node: &PathNode, parent: &str, level: u32) -> AnyView {
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
                        {sample.then(|| view! { " " <span class="tag sample">"示例"</span> })}
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
                            {children.iter().map(|n| node_view(ctx, n, &parent, level + 1)).collect_view()}
                        </ul>
                    }
                })
            }}
        </li>
    }
    .into_any()
}
