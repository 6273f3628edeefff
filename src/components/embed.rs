//! Embed mode (`?embed=1`), for county web teams who put the explorer in an iframe on their portal.
//! The page tools under every view (print, CSV, QR code, the embed snippet) are `tools.rs`.
//!
//! In embed mode:
//! - the site chrome shrinks to a slim credit with 在新窗口打开 (CSS on `html[data-embed]`);
//! - `theme=#rgb|#rrggbb` sets the accent colour, `lang=zh-Hans|zh-Hant` the script (parsed once at
//!   start-up: `state::Embed`, `state::Lang`); `place=` and `domain=` are the ordinary route keys, so
//!   they pin the view;
//! - every URL change replaces the history entry ([`AppState::navigate`]), so clicking inside the
//!   iframe never grows the host page's history, and keeps these keys (`gongkai_view::location`) so a
//!   reload stays embedded;
//! - the page reports its content height to the parent (`{type:"gongkai:height", height}`), which
//!   `public/embed.js` applies to the iframe. The message goes to the embedding page's origin when the
//!   referrer says it, else to `*`: a height is not a secret;
//! - links to other sites open in a new tab.

use crate::state::{AppState, Embed};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Sets embed mode up (once) and draws its slim credit bar. Renders nothing outside embed mode.
#[component]
pub fn EmbedFrame() -> impl IntoView {
    let embed = expect_context::<Embed>();
    if !embed.on() {
        return None;
    }
    let state = expect_context::<AppState>();
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(root) = doc.as_ref().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-embed", "1");
        if let (Some(theme), Some(html)) = (embed.theme(), root.dyn_ref::<web_sys::HtmlElement>()) {
            // CSSOM, not a style attribute: allowed under a CSP without 'unsafe-inline'.
            let style = html.style();
            for var in ["--accent", "--link", "--chip-on"] {
                let _ = style.set_property(var, &theme);
            }
        }
        report_height(&root);
    }
    open_outside_links_in_new_tab();
    let full = move || state.share_url();
    Some(view! {
        <div class="embed-credit">
            <span>"政务公开事项目录"</span>
            <a href=full target="_blank" rel="noopener noreferrer">"在新窗口打开"</a>
        </div>
    })
}

/// Posts the document's height to the parent whenever it changes.
fn report_height(root: &web_sys::Element) {
    let Some(w) = web_sys::window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    if parent == w {
        return;
    }
    let target = w
        .document()
        .map(|d| d.referrer())
        .filter(|r| !r.is_empty())
        .and_then(|r| web_sys::Url::new(&r).ok())
        .map(|u| u.origin())
        .filter(|o| o.starts_with("http"))
        .unwrap_or_else(|| "*".into());
    let last = std::rc::Rc::new(std::cell::Cell::new(0i32));
    let root2 = root.clone();
    let send = move || {
        let h = root2.get_bounding_client_rect().height().ceil() as i32;
        let h = h.clamp(100, 20000);
        if h == last.get() {
            return;
        }
        last.set(h);
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"gongkai:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from(h));
        let _ = parent.post_message(&msg, &target);
    };
    send();
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| send());
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(root);
        if let Some(body) = w.document().and_then(|d| d.body()) {
            ro.observe(&body);
        }
    }
    // Lives as long as the page.
    cb.forget();
}

/// A capturing click listener: a link to another origin gets `target=_blank rel=noopener noreferrer`
/// before the browser follows it, so it never replaces the explorer inside the host's iframe.
fn open_outside_links_in_new_tab() {
    let Some(w) = web_sys::window() else { return };
    let origin = w.location().origin().unwrap_or_default();
    let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Ok(Some(a)) = el.closest("a[href]") else { return };
        let Some(a) = a.dyn_ref::<web_sys::HtmlAnchorElement>() else { return };
        let href = a.href();
        if (href.starts_with("http:") || href.starts_with("https:")) && !href.starts_with(&format!("{origin}/")) {
            a.set_target("_blank");
            a.set_rel("noopener noreferrer");
        }
    });
    if let Some(d) = w.document() {
        let _ = d.add_event_listener_with_callback_and_bool("click", cb.as_ref().unchecked_ref(), true);
    }
    cb.forget();
}
