//! The item page: every element of a catalog row, readable, and what the place published under it.

use crate::state::{AppState, History};
use crate::components::channels::ItemChannels;
use crate::components::export::ExportEntriesCsv;
use crate::components::status::{LoadFailure, Skeleton};
use crate::loader;
use gongkai_catalog::link::safe_href;
use gongkai_catalog::{Applicability, Catalog, Domain, PlaceEntries, PublishedEntry, Tier};
use gongkai_view::entry_groups::{group, has_headings};
use gongkai_view::seen::is_new;
use gongkai_view::words::{absolute, audience_text, deadline_words, relative};
use crate::components::banner::sample_tag;
use leptos::prelude::*;
use std::sync::Arc;

/// A `<dt>/<dd>` pair, left out when there is nothing to say.
fn field(term: &'static str, body: Option<AnyView>) -> impl IntoView {
    body.map(|b| view! { <div class="field"><dt>{term}</dt><dd>{b}</dd></div> })
}

fn list(items: Vec<String>) -> Option<AnyView> {
    (!items.is_empty())
        .then(|| view! { <ul class="plain-list">{items.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }.into_any())
}

fn chips(items: Vec<String>) -> Option<AnyView> {
    (!items.is_empty())
        .then(|| view! { <ul class="tags">{items.into_iter().map(|s| view! { <li class="tag">{s}</li> }).collect_view()}</ul> }.into_any())
}

/// An external link from the data, only if it passes `safe_href`; it opens in a new tab.
fn service_link(label: &'static str, raw: Option<&String>) -> Option<AnyView> {
    let href = safe_href(raw?)?.to_string();
    Some(
        view! {
            <a class="btn service" href=href target="_blank" rel="noopener noreferrer">{label}<span class="visually-hidden">"（在新窗口打开）"</span></a>
        }
        .into_any(),
    )
}

#[component]
pub fn ItemView(catalog: Arc<Catalog>, id: String, applicability: Applicability) -> impl IntoView {
    let state = expect_context::<AppState>();
    let back = move |ev: web_sys::MouseEvent| {
        if crate::components::nav::plain_click(&ev) {
            ev.prevent_default();
            // Back to the tree: use history when the previous view was it, else a fresh push.
            let r = state.route.get_untracked();
            state.navigate(crate::state::Route { item: None, ..r }, History::Push);
        }
    };
    let back_href = state.href(&crate::state::Route { item: None, ..state.route.get_untracked() });
    let back_link = view! { <a class="back" href=back_href on:click=back>"‹ 返回目录"</a> };

    let Some(item) = catalog.items.iter().find(|i| i.id == id).cloned() else {
        return view! {
            {back_link}
            <div class="failure" role="alert">
                <p class="failure-title">"未找到该事项："{id}</p>
            </div>
        }
        .into_any();
    };
    let domain = Domain::by_id(item.domain).map(|d| d.name).unwrap_or("");
    let applies = catalog.applies(&item, applicability);
    let levels: Vec<String> = catalog.level_labels(&item).map(str::to_string).collect();
    let extras: Vec<(String, String)> = item
        .extras
        .iter()
        .filter_map(|(i, v)| catalog.extra_columns.get(*i as usize).map(|c| (c.clone(), v.clone())))
        .collect();
    let basis = (!item.basis.is_empty()).then(|| {
        view! {
            <ul class="plain-list">
                {item.basis.iter().map(|b| view! {
                    <li>
                        {b.tag.clone().map(|t| view! { <span class="tag law">{format!("【{t}】")}</span> " " })}
                        {b.text.clone()}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    });
    let time_limit = (!item.time_limit.text.is_empty()).then(|| {
        let words = deadline_words(&item.time_limit);
        view! {
            <p>{item.time_limit.text.clone()}</p>
            {words.map(|w| view! { <p class="muted">"即："{w}</p> })}
        }
        .into_any()
    });
    let links: Vec<AnyView> = [service_link("我要看", item.links.see.as_ref()), service_link("我要办", item.links.act.as_ref())]
        .into_iter()
        .flatten()
        .collect();
    // The county's 我要查 / 我要评 / 依申请公开, for the place the citizen is looking at.
    let channels = {
        let (item_name, modes) = (item.path.join(" "), item.modes.clone());
        move || {
            let m = state.manifest()?;
            let place = state.route.with(|r| r.place.clone())?;
            let list = m.channels_of(&place).to_vec();
            Some(view! { <ItemChannels channels=list place=place item_name=item_name.clone() modes=modes.clone()/> })
        }
    };
    // 公开渠道和载体: where the catalog gives them per level (湘潭's template), a county shows the 县级
    // list, a township the 乡级 one, and a city's template both; otherwise the one list.
    let channel_fields: Vec<(&'static str, Vec<String>)> = if item.township_channels.is_empty() {
        vec![("公开渠道和载体", item.channels.clone())]
    } else {
        match applicability.tier {
            Tier::Province | Tier::City => vec![
                ("公开渠道和载体（县级）", item.channels.clone()),
                ("公开渠道和载体（乡级）", item.township_channels.clone()),
            ],
            Tier::County => vec![("公开渠道和载体（县级）", item.channels.clone())],
            Tier::Township | Tier::Village => vec![("公开渠道和载体（乡级）", item.channels_at(applicability.tier).to_vec())],
        }
    };
    // A template's items are published by the counties (and townships) that adopt it.
    let entries = if applicability.tier == Tier::City {
        view! {
            <section class="published" aria-labelledby="pub-h">
                <h2 id="pub-h">"已公开的信息"</h2>
                <p class="muted">"这是市级目录范本中的事项，由各县（市、区）及乡镇（街道）公开，请返回目录，在下辖县（市、区）中选择所在地区查看已公开的信息。"</p>
            </section>
        }
        .into_any()
    } else {
        view! { <ItemEntries item_id=item.id.clone() item_name=item.path.join("/")/> }.into_any()
    };
    let (title, trail) = match item.path.split_last() {
        Some((title, trail)) => (title.clone(), trail.join(" › ")),
        None => (String::new(), String::new()),
    };

    view! {
        <div class="item-actions">{back_link}<crate::components::read_aloud::ReadAloud/></div>
        <article class="item" aria-labelledby="item-h">
            <p class="item-trail">{domain}{(!trail.is_empty()).then(|| format!(" › {trail}"))}</p>
            <h1 id="item-h">
                {title}
                {sample_tag(item.sample, "示例：并非取自已发布的目录")}
            </h1>
            {item.number.clone().map(|n| view! { <p class="muted">"序号 "{n}</p> })}
            {(!applies).then(|| view! { <p class="note">"本事项不在本地区的公开层级内，以下为所在县目录中的内容。"</p> })}
            {(!links.is_empty()).then(|| view! {
                <div class="services">
                    {links}
                    {item.links.sample.then(|| view! { <span class="tag sample" title="示例：链接为示例，并非本地公布的事项链接">"示例"</span> })}
                </div>
            })}
            {channels}
            <dl class="fields">
                {field("事项类型", item.item_type.clone().map(|t| view! { {t} }.into_any()))}
                {field("公开内容（要素）", list(item.content.clone()))}
                {field("公开内容标题", list(item.content_titles.clone()))}
                {field("公开依据", basis)}
                {field("公开时限", time_limit)}
                {field("公开主体", (!item.body.is_empty()).then(|| view! { {item.body.clone()} }.into_any()))}
                {channel_fields.into_iter().map(|(term, list)| field(term, chips(list))).collect_view()}
                {field("公开对象", chips(item.audience.iter().map(audience_text).collect()))}
                {field("公开方式", chips(item.modes.iter().map(|m| m.label().to_string()).collect()))}
                {field("公开层级", chips(levels))}
                {extras.into_iter().map(|(k, v)| view! { <div class="field"><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
            {entries}
        </article>
    }
    .into_any()
}

/// What the chosen place published under the item, newest first.
#[component]
fn ItemEntries(item_id: String, item_name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let target = Memo::new(move |_| {
        let (m, place) = state.place_files()?;
        Some((m, place.entries?))
    });
    let entries = LocalResource::new(move || {
        let t = target.get();
        async move {
            match t {
                Some((m, path)) => loader::load::<PlaceEntries>(&m, &path).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let today = state.today;
    // Entries published since the citizen's last look at this place are marked 新 (seen.rs).
    let since = state.route.with_untracked(|r| r.place.clone()).and_then(|p| crate::seen::since(&p));
    let list = move || match entries.get() {
        None => view! { <Skeleton lines=3/> }.into_any(),
        Some(Err(e)) => view! { <LoadFailure error=e retry=move || entries.refetch()/> }.into_any(),
        Some(Ok(pe)) => {
            let mut mine: Vec<PublishedEntry> = pe
                .map(|pe| pe.entries.iter().filter(|e| e.item == item_id).cloned().collect())
                .unwrap_or_default();
            // Newest first; the bundle's order (by title) among entries of one day.
            gongkai_catalog::order::sort_by(&mut mine, |a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
            if mine.is_empty() {
                return view! { <p class="muted">"本地区尚未发布此事项的公开信息。"</p> }.into_any();
            }
            let fresh = mine.iter().filter(|e| is_new(e.date, since)).count();
            let entry_line = move |e: &PublishedEntry| {
                let title = match e.url.as_deref().and_then(safe_href) {
                    Some(href) => view! {
                        <a href=href.to_string() target="_blank" rel="noopener noreferrer">{e.title.clone()}</a>
                    }.into_any(),
                    None => view! { <span>{e.title.clone()}</span> }.into_any(),
                };
                view! {
                    {is_new(e.date, since).then(|| view! { <span class="tag new" title="您上次查看以后发布">"新"</span> " " })}
                    {title}
                    {sample_tag(e.sample, "示例：虚构的标题、日期和链接")}
                    <span class="entry-date">
                        <time datetime=e.date.to_string()>{absolute(e.date)}</time>
                        " · "{relative(e.date, today)}
                    </span>
                }
            };
            let place_name = state.place().map(|p| p.name.clone()).unwrap_or_default();
            let export = view! { <ExportEntriesCsv entries=mine.clone() place=place_name item=item_name.clone()/> };
            // By type (政策文件 … 其他), each entry with its interpretations under it (entry_groups.rs).
            let grouped = group(&mine);
            let headings = has_headings(&grouped);
            let groups = grouped
                .iter()
                .map(|g| {
                    let rows = g
                        .entries
                        .iter()
                        .map(|x| {
                            let under = (!x.interpretations.is_empty()).then(|| view! {
                                <ul class="interpretations" aria-label="解读">
                                    {x.interpretations.iter().map(|i| view! {
                                        <li class="entry interpretation">
                                            <span class="tag kind">{i.kind.map_or("解读", |k| k.name())}</span>" "
                                            {entry_line(i)}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            });
                            view! { <li class="entry">{entry_line(x.entry)}{under}</li> }
                        })
                        .collect_view();
                    view! {
                        <div class="entry-group" data-kind=g.label()>
                            {headings.then(|| view! { <h3 class="entry-kind">{g.label()}</h3> })}
                            <ol class="entries">{rows}</ol>
                        </div>
                    }
                })
                .collect_view();
            view! {
                {since.filter(|_| fresh > 0).map(|s| view! {
                    <p class="new-since">{format!("您上次查看时数据截至{}，此后新发布 {fresh} 条（标有「新」）", absolute(s))}</p>
                })}
                {groups}
                <p class="entries-export">{export}</p>
            }
            .into_any()
        }
    };
    view! {
        <section class="published" aria-labelledby="pub-h">
            <h2 id="pub-h">"已公开的信息"</h2>
            {list}
        </section>
    }
}
