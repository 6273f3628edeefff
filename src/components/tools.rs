//! The tools under every view: 打印本页, 导出表格 (`export.rs`), 分享 (`share.rs`), the QR code of the view (`qr.rs`) and,
//! outside embed mode, 嵌入本页 (`snippet.rs`). Their code is the lazily loaded `tools` chunk.

use crate::components::export::ExportCsv;
use crate::components::qr::QrCode;
use crate::components::share::ShareButton;
use crate::components::snippet::EmbedSnippet;
use crate::components::status::deferred;
use crate::loader::LoadError;
use crate::state::AppState;
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The tools under every view: 打印, 导出表格, the QR code and, outside embed mode, the embed snippet.
/// Their code is the lazily loaded `tools` chunk, fetched when the section comes near the screen (a
/// citizen who never scrolls down never downloads it).
#[component]
pub fn PageTools() -> impl IntoView {
    let near = RwSignal::new(false);
    let section = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(el) = section.get() {
            when_near_screen(&el, "0px", move || near.set(true));
        }
    });
    view! {
        <section class="view-tools" aria-label="本页工具" node_ref=section>
            {move || near.get().then(|| deferred(0, view_tools))}
        </section>
    }
}

/// Calls `then` once, when `el` comes within `margin` (a CSS length) of the viewport (at once where the
/// browser has no IntersectionObserver), or when the browser is about to print the page, so that a
/// printout holds what a deferred part shows (Ctrl+P at the top: it may arrive too late for that print,
/// never for the next). Call it from an effect or a component: the print listener goes with its owner.
pub fn when_near_screen(el: &web_sys::Element, margin: &str, then: impl Fn() + 'static) {
    let done = std::rc::Rc::new(std::cell::Cell::new(false));
    let then = std::rc::Rc::new(move || {
        if !done.replace(true) {
            then();
        }
    });
    let printing = {
        let then = then.clone();
        window_event_listener_untyped("beforeprint", move |_| then())
    };
    on_cleanup(move || printing.remove());
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
    init.set_root_margin(margin);
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
            <ShareButton/>
        </div>
        <figure class="qr-box">
            <QrCode text=url/>
            <figcaption>"扫一扫在手机打开" <span class="muted qr-url">{url}</span></figcaption>
        </figure>
        {(!embedded).then(|| view! { <EmbedSnippet/> })}
    }
}
