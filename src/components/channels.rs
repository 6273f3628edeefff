//! The county's service channels on an item page (我要查, 我要评, 依申请公开): a link only where the
//! channel has a safe one, else its name and note as text, so no button leads nowhere; nothing at all
//! for a county without channels.

use gongkai_catalog::channel::{channels_for_item, expand_template};
use gongkai_catalog::{Mode, ServiceChannel};
use crate::components::banner::sample_tag;
use leptos::prelude::*;

/// The channels serving `place` (its county's) for an item named `item_name` with the modes `modes`.
#[component]
pub fn ItemChannels(channels: Vec<ServiceChannel>, place: String, item_name: String, modes: Vec<Mode>) -> impl IntoView {
    let shown: Vec<ServiceChannel> = channels_for_item(&channels, &modes).into_iter().cloned().collect();
    (!shown.is_empty()).then(|| {
        let rows = shown
            .into_iter()
            .map(|c| {
                let href = c.url.as_deref().and_then(|t| expand_template(t, &place, &item_name));
                let kind = c.kind.label();
                let name = match href {
                    Some(href) => view! {
                        <a class="btn service" href=href target="_blank" rel="noopener noreferrer">
                            {c.name.clone()}<span class="visually-hidden">"（在新窗口打开）"</span>
                        </a>
                    }
                    .into_any(),
                    None => view! { <strong class="channel-name">{c.name.clone()}</strong> }.into_any(),
                };
                view! {
                    <li class="channel" data-kind=format!("{:?}", c.kind).to_lowercase()>
                        <span class="tag channel-kind">{kind}</span>
                        " "
                        {name}
                        {sample_tag(c.sample, "示例：并非本地公布的渠道")}
                        {(!c.note.is_empty()).then(|| view! { <p class="channel-note muted">{c.note.clone()}</p> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="channels" aria-labelledby="channels-h">
                <h2 id="channels-h">"查询 · 评价 · 申请公开"</h2>
                <ul class="plain-list channel-list">{rows}</ul>
            </section>
        }
    })
}
