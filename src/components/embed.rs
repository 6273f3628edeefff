//! Embed mode (`?embed=1`), for county web teams who put the explorer in an iframe on their portal,
//! and the page tools every view has (print, CSV, QR code, the embed snippet).
//!
//! In embed mode:
//! - the site chrome shrinks to a slim credit with 在新窗口打开 (CSS on `html[data-embed]`);
//! - `theme=#rgb|#rrggbb` sets the accent colour, `lang=zh-Hans|zh-Hant` the script; `place=` and
//!   `domain=` are the ordinary route keys, so they pin the view;
//! - every URL change replaces the history entry ([`AppState::navigate`]), so clicking inside the
//!   iframe never grows the host page's history, and keeps these keys (`gongkai_view::location`) so a
//!   reload stays embedded;
//! - the page reports its content height to the parent (`{type:"gongkai:height", height}`), which
//!   `public/embed.js` applies to the iframe. The message goes to the embedding page's origin when the
//!   referrer says it, else to `*`: a height is not a secret;
//! - links to other sites open in a new tab.

use crate::state::{AppState, Embed};
use crate::components::export::ExportCsv;
use crate::components::qr::QrCode;
use crate::components::status::deferred;
use crate::loader::LoadError;
use leptos::wasm_split::wasm_split;
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

/// The tools under every view: 打印, 导出表格, the QR code and, outside embed mode, the embed snippet.
/// Their code is the lazily loaded `tools` chunk, fetched when the section comes near the screen (a
/// citizen who never scrolls down never downloads it).
#[component]
pub fn PageTools() -> impl IntoView {
    let near = RwSignal::new(false);
    let attempt = RwSignal::new(0u32);
    let section = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(el) = section.get() {
            when_near_screen(&el, move || near.set(true));
        }
    });
    view! {
        <section class="view-tools" aria-label="本页工具" node_ref=section>
            {move || {
                attempt.track();
                near.get().then(|| deferred(0, view_tools(), move || attempt.update(|a| *a += 1)))
            }}
        </section>
    }
}

/// Calls `then` once, when `el` comes into the viewport (at once where the browser has no
/// IntersectionObserver).
fn when_near_screen(el: &web_sys::Element, then: impl Fn() + 'static) {
    let then = std::rc::Rc::new(then);
    let cb = {
        let then = then.clone();
        Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
            move |entries: js_sys::Array, obs: web_sys::IntersectionObserver| {
                let seen = entries
                    .iter()
                    .any(|e| e.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting());
                if seen {
                    obs.disconnect();
                    then();
                }
            },
        )
    };
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin("0px");
    match web_sys::IntersectionObserver::new_with_options(cb.as_ref().unchecked_ref(), &init) {
        Ok(obs) => {
            obs.observe(el);
            cb.forget();
        }
        Err(_) => then(),
    }
}

#[wasm_split(tools, wasm_split_path = ::leptos::wasm_split, fallible)]
fn view_tools() -> Result<AnyView, LoadError> {
    Ok(view! { <ViewTools/> }.into_any())
}

#[component]
fn ViewTools() -> impl IntoView {
    let state = expect_context::<AppState>();
    let url = Signal::derive(move || state.share_url());
    let embedded = state.embed.on();
    view! {
        <div class="view-tools-row">
            <button type="button" class="btn" on:click=move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }>"打印本页"</button>
            <ExportCsv/>
        </div>
        <figure class="qr-box">
            <QrCode text=url/>
            <figcaption>"扫一扫在手机打开" <span class="muted qr-url">{url}</span></figcaption>
        </figure>
        {(!embedded).then(|| view! { <EmbedSnippet/> })}
    }
}

/// 嵌入本页: the snippet in a readonly textarea with a 复制 button.
#[component]
fn EmbedSnippet() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = Signal::derive(move || state.embed_snippet());
    let status = RwSignal::new(String::new());
    let area = NodeRef::<leptos::html::Textarea>::new();
    let copy = move |_| {
        let value = text.get_untracked();
        let select = move || {
            if let Some(a) = area.get_untracked() {
                let _ = a.focus();
                a.select();
            }
        };
        let clipboard = web_sys::window()
            .map(|w| w.navigator())
            .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
            .filter(|c| !c.is_undefined() && !c.is_null())
            .map(|c| c.unchecked_into::<web_sys::Clipboard>());
        match clipboard {
            Some(c) => {
                let promise = c.write_text(&value);
                leptos::task::spawn_local(async move {
                    match wasm_bindgen_futures::JsFuture::from(promise).await {
                        Ok(_) => status.set("已复制到剪贴板".into()),
                        Err(_) => {
                            select();
                            status.set("已选中，请按 Ctrl+C 复制".into());
                        }
                    }
                });
            }
            None => {
                select();
                status.set("已选中，请按 Ctrl+C 复制".into());
            }
        }
    };
    view! {
        <details class="embed-box">
            <summary>"嵌入本页（网站管理员）"</summary>
            <p class="muted">"把下面的代码粘贴到网站栏目页面中，即可嵌入当前视图；高度随内容自动调整。"</p>
            <label for="embed-snippet" class="visually-hidden">"嵌入代码"</label>
            <textarea id="embed-snippet" readonly rows="5" node_ref=area prop:value=text></textarea>
            <button type="button" class="btn" on:click=copy>"复制"</button>
            <span class="copy-status" role="status" aria-live="polite">{move || status.get()}</span>
        </details>
    }
}
