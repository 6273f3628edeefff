//! 嵌入本页: the iframe snippet of the current view for a county's web team (written by
//! `gongkai_view::location::embed_snippet`), with a 复制 button. Part of the `tools` chunk.

use crate::state::AppState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// 嵌入本页: the snippet in a readonly textarea with a 复制 button.
#[component]
pub fn EmbedSnippet() -> impl IntoView {
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
