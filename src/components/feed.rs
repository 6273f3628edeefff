//! 订阅: the Atom feed of the place (and domain) on screen, announced in the document head with
//! `<link rel="alternate" type="application/atom+xml">` (browsers and feed readers find it there) and
//! offered on the place screen with words saying what a feed is. Only feeds the bundle has are linked
//! ([`gongkai_catalog::Place::feed`]); every URL is relative to the page, so any sub-path works.

use crate::state::AppState;
use leptos::prelude::*;

/// The feeds of the current view: (relative URL, what it follows), the domain's first when one is open.
fn current_feeds(state: &AppState) -> Vec<(String, String)> {
    let Some(place) = state.place() else { return Vec::new() };
    let domain = state.route.with(|r| r.domain);
    let mut out = Vec::new();
    if let Some(d) = domain.and_then(gongkai_catalog::Domain::by_id) {
        if let Some(path) = place.feed(Some(d.id)) {
            out.push((format!("./data/{path}"), format!("{} · {}", place.name, d.name)));
        }
    }
    if let Some(path) = place.feed(None) {
        out.push((format!("./data/{path}"), format!("{} · 全部领域", place.name)));
    }
    out
}

/// Keeps one `<link rel="alternate" type="application/atom+xml">` in the head for the current view's
/// feed (the domain's when one is open), or none where there is no feed.
pub fn keep_feed_link_in_head(state: AppState) {
    Effect::new(move |_| {
        let feed = current_feeds(&state).into_iter().next();
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(head) = doc.query_selector("head").ok().flatten() else { return };
        let existing = doc.get_element_by_id("feed-link");
        match (feed, existing) {
            (None, Some(el)) => el.remove(),
            (None, None) => {}
            (Some((href, what)), el) => {
                let el = match el.or_else(|| doc.create_element("link").ok()) {
                    Some(el) => el,
                    None => return,
                };
                let _ = el.set_attribute("id", "feed-link");
                let _ = el.set_attribute("rel", "alternate");
                let _ = el.set_attribute("type", "application/atom+xml");
                let _ = el.set_attribute("title", &format!("{what} · 新发布的公开信息"));
                let _ = el.set_attribute("href", &href);
                if el.parent_node().is_none() {
                    let _ = head.append_child(&el);
                }
            }
        }
    });
}

/// The absolute form of a URL relative to the page, for a citizen to copy into a feed reader.
fn absolute(href: &str) -> String {
    let Some(w) = web_sys::window() else { return href.to_string() };
    let base = w.location().href().unwrap_or_default();
    web_sys::Url::new_with_base(href, &base).map(|u| u.href()).unwrap_or_else(|_| href.to_string())
}

/// 订阅: what a feed is, in plain words, and the feed addresses of the current view.
#[component]
pub fn FeedControl() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let feeds = current_feeds(&state);
        (!feeds.is_empty()).then(|| {
            let rows = feeds
                .into_iter()
                .map(|(href, what)| {
                    let full = absolute(&href);
                    view! {
                        <li>
                            <a href=href type="application/atom+xml">{format!("订阅 {what}")}</a>
                            <span class="muted feed-url">{full}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <details class="feed">
                    <summary class="btn">"订阅"</summary>
                    <p>
                        "订阅就是让「阅读器」替您盯着这里：把下面的订阅地址复制到手机或电脑上的 RSS 阅读器"
                        "（订阅源、资讯阅读类应用），以后这里发布新的公开信息，阅读器就会提醒您，不用天天打开本页查看。"
                        "订阅不需要登录，也不会收集您的任何信息。"
                    </p>
                    <ul class="plain-list feed-list">{rows}</ul>
                </details>
            }
        })
    }
}
