//! 分享: the phone's own share sheet (Web Share API) where the browser has one, else the link copied
//! to the clipboard with a visible 已复制; where neither works, the link shown selected to copy by hand.
//! Part of the `tools` chunk.

use crate::state::AppState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// `navigator[name]` when the browser has it.
fn navigator_member(name: &str) -> Option<wasm_bindgen::JsValue> {
    let n = web_sys::window()?.navigator();
    js_sys::Reflect::get(&n, &name.into()).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

#[component]
pub fn ShareButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = RwSignal::new(String::new());
    let manual = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let copy = move |url: String| {
        let clipboard = navigator_member("clipboard").map(|c| c.unchecked_into::<web_sys::Clipboard>());
        let by_hand = move |url: String| {
            manual.set(Some(url));
            status.set("请长按或按 Ctrl+C 复制下面的链接".into());
            request_animation_frame(move || {
                if let Some(i) = input.get_untracked() {
                    let _ = i.focus();
                    i.select();
                }
            });
        };
        match clipboard {
            Some(c) => {
                let promise = c.write_text(&url);
                leptos::task::spawn_local(async move {
                    match wasm_bindgen_futures::JsFuture::from(promise).await {
                        Ok(_) => {
                            manual.set(None);
                            status.set("已复制链接，可以粘贴给别人了".into());
                        }
                        Err(_) => by_hand(url),
                    }
                });
            }
            None => by_hand(url),
        }
    };
    let share = move |_| {
        let url = state.share_url();
        let title = web_sys::window().and_then(|w| w.document()).map(|d| d.title()).unwrap_or_default();
        let sheet = navigator_member("share").and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let Some(sheet) = sheet else { return copy(url) };
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.clone().into());
        let navigator = web_sys::window().map(|w| w.navigator());
        match sheet.call1(&navigator.into(), &data).map(|p| p.dyn_into::<js_sys::Promise>()) {
            Ok(Ok(promise)) => leptos::task::spawn_local(async move {
                if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
                    // The citizen closing the sheet is not a failure; anything else falls back to copying.
                    let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string());
                    if name.as_deref() != Some("AbortError") {
                        copy(url);
                    }
                }
            }),
            _ => copy(url),
        }
    };
    view! {
        <button type="button" class="btn" on:click=share>"分享"</button>
        <span class="copy-status share-status" role="status" aria-live="polite">{move || status.get()}</span>
        {move || manual.get().map(|url| view! {
            <label class="visually-hidden" for="share-url">"本页链接"</label>
            <input id="share-url" class="share-url" type="text" readonly prop:value=url node_ref=input/>
        })}
    }
}
