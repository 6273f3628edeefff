//! 目录调整（加减法） and 目录调整记录 on a place's page: how its catalog departs from the catalog it
//! adapts (a county from its city's template, a township with a catalog of its own from its county's),
//! each departure with the reason and basis the place published, and what changed since earlier
//! publications, newest first. From the place's `adjustments/` file (`gongkai_catalog::adjust`); every
//! text from the data is rendered as text. It sits below the catalog, out of sight when a place's
//! screen opens, so its code (the `adjust` chunk: the view, the file's decoder, the CSV) and its file
//! load when it comes near the screen, like the page tools: a first visit does not download them.

use crate::components::status::{deferred, LoadFailure};
use crate::components::tools::when_near_screen;
use crate::loader::{self, LoadError};
use crate::state::AppState;
use gongkai_catalog::adjust::{adjustments_csv, adjustments_file_name, ChangeKind, DomainChanges, ItemChange, PlaceAdjustments, Reason};
use gongkai_catalog::Domain;
use crate::components::banner::sample_tag;
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

/// Where the place's adjustments go: empty until it comes within 200 px of the screen (it sits just
/// above the page tools, so a reader who reaches 打印本页 has brought it near) or the page is printed
/// ([`when_near_screen`]); then the `adjust` chunk draws them (or shows 重试 if it cannot be
/// downloaded).
#[component]
pub fn AdjustmentsSlot() -> impl IntoView {
    let near = RwSignal::new(false);
    let slot = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = slot.get() {
            when_near_screen(&el, "200px", move || near.set(true));
        }
    });
    view! {
        <div class="adj-slot" node_ref=slot>
            {move || near.get().then(|| deferred(0, adjustments_part))}
        </div>
    }
}

#[wasm_split(adjust, wasm_split_path = ::leptos::wasm_split, fallible)]
fn adjustments_part() -> Result<AnyView, LoadError> {
    Ok(view! { <Adjustments/> }.into_any())
}

#[component]
fn Adjustments() -> impl IntoView {
    let state = expect_context::<AppState>();
    let target = Memo::new(move |_| {
        let (m, place) = state.place_files()?;
        Some((m, place.adjustments?))
    });
    let file = LocalResource::new(move || {
        let t = target.get();
        async move {
            match t {
                Some((m, path)) => loader::load::<PlaceAdjustments>(&m, &path).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // try_get: leaving the place (the home link) disposes the file while this part still hears the
    // place change, and a plain get would panic on the disposed value.
    move || match file.try_get().flatten() {
        None | Some(Ok(None)) => None,
        Some(Err(e)) => Some(view! { <LoadFailure error=e retry=move || file.refetch()/> }.into_any()),
        Some(Ok(Some(a))) => Some(adjustments_view(&state, &a).into_any()),
    }
}

fn adjustments_view(state: &AppState, a: &PlaceAdjustments) -> impl IntoView {
    let m = state.manifest();
    let place_name = |code: &str| m.as_ref().and_then(|m| m.place(code)).map_or_else(|| code.to_string(), |p| p.name.clone());
    let base_words = a.base.as_deref().map(|b| {
        let whose = place_name(b);
        let kind = if b.len() == 6 && m.as_ref().and_then(|m| m.place(b)).is_some_and(|p| matches!(p.kind, gongkai_catalog::PlaceKind::City | gongkai_catalog::PlaceKind::Province)) { "目录范本" } else { "目录" };
        format!("与{whose}{kind}相比")
    });
    let summary = counts_text(&a.changes);
    let as_of = m.as_ref().map(|m| m.dataset.as_of);
    let csv_data = a.clone();
    let name = state.place().map(|p| p.name).unwrap_or_default();
    let lang = state.lang;
    let export = move |_| {
        let csv = lang.to_current_script(&adjustments_csv(&csv_data));
        crate::components::export::download(&csv, &lang.to_current_script(&adjustments_file_name(&name)));
    };
    let changes = (!a.changes.is_empty()).then(|| {
        view! {
            <section class="adjustments" aria-labelledby="adj-h">
                <h2 id="adj-h">"目录调整（加减法）"</h2>
                <p class="muted">{base_words.unwrap_or_default()}"："{summary}"。每项调整的理由和依据列在其下。"</p>
                {a.changes.iter().map(|d| domain_view(d, true)).collect_view()}
            </section>
        }
    });
    let record = (!a.record.is_empty()).then(|| {
        view! {
            <section class="adjustment-record" aria-labelledby="adj-rec-h">
                <h2 id="adj-rec-h">"目录调整记录"</h2>
                {as_of.map(|d| view! { <p class="muted">"目录数据截至"{gongkai_view::words::absolute(d)}"；每次调整按所在数据版本的日期列出，最新的在前。"</p> })}
                <ol class="adj-record">
                    {a.record.iter().map(|r| view! {
                        <li>
                            <h3><time datetime=r.date.to_string()>{gongkai_view::words::absolute(r.date)}</time>" · "{counts_text(&r.changes)}</h3>
                            {r.changes.iter().map(|d| domain_view(d, false)).collect_view()}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
    });
    view! {
        {changes}
        {record}
        <p class="adj-tools"><button type="button" class="btn export-adjustments" on:click=export>"导出目录调整（CSV）"</button></p>
    }
}

/// "新增1项、删除1项、要素调整55项".
fn counts_text(changes: &[DomainChanges]) -> String {
    gongkai_catalog::adjust::counts(changes).iter().map(|(k, n)| format!("{}{n}项", k.label())).collect::<Vec<_>>().join("、")
}

/// One domain: its added, removed, not-applicable, renamed and moved items listed with their reasons;
/// with `fold`, its changed items folded (often many in a 加减法: a county names its own departments in
/// every row), else listed too (a record entry holds what changed between two publications).
fn domain_view(d: &DomainChanges, fold: bool) -> impl IntoView {
    let name = Domain::by_id(d.domain).map_or_else(|| d.domain.to_string(), |x| x.name.to_string());
    let (changed, listed): (Vec<&ItemChange>, Vec<&ItemChange>) =
        d.items.iter().partition(|c| fold && c.kind == ChangeKind::Changed);
    let line = |c: &ItemChange| {
        let own = c.reason.as_ref();
        view! {
            <li class="adj-item" data-kind=format!("{:?}", c.kind)>
                <span class=format!("tag adj-kind adj-{:?}", c.kind)>{c.kind.label()}</span>" "
                <span class="adj-path">{c.path.join(" › ")}</span>
                {c.from_path.as_ref().map(|f| view! { <span class="muted">" （原：" {f.join(" › ")} "）"</span> })}
                {(!c.elements.is_empty()).then(|| view! {
                    <ul class="adj-elements">
                        {c.elements.iter().map(|e| view! {
                            <li>
                                <span class="adj-element">{e.element.label().to_string()}</span>"："
                                <del>{if e.from.is_empty() { "（空）".to_string() } else { e.from.clone() }}</del>" → "
                                <ins>{if e.to.is_empty() { "（空）".to_string() } else { e.to.clone() }}</ins>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                {own.map(reason_view)}
            </li>
        }
    };
    let folded = (!changed.is_empty()).then(|| {
        let n = changed.len();
        view! {
            <details class="adj-changed">
                <summary>{format!("要素调整 {n} 项")}</summary>
                <ul class="adj-items">{changed.iter().map(|c| line(c)).collect_view()}</ul>
            </details>
        }
    });
    view! {
        <div class="adj-domain" data-domain=d.domain>
            <h3>{name}</h3>
            {d.reason.as_ref().map(reason_view)}
            {(!listed.is_empty()).then(|| view! { <ul class="adj-items">{listed.iter().map(|c| line(c)).collect_view()}</ul> })}
            {folded}
        </div>
    }
}

fn reason_view(r: &Reason) -> impl IntoView {
    view! {
        <p class="adj-reason">
            <span class="adj-label">"理由："</span>{r.text.clone()}
            {(!r.basis.is_empty()).then(|| view! { " " <span class="adj-label">"依据："</span>{r.basis.clone()} })}
            {sample_tag(r.sample, "示例：并非取自已发布的目录")}
        </p>
    }
}
