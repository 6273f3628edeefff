//! 朗读: an item page read aloud by the browser's own speech synthesis (zh-CN), for citizens who
//! find reading hard. Nothing is sent anywhere and nothing is downloaded; where the browser has no
//! `speechSynthesis`, the button is not drawn at all.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `window.speechSynthesis` (bound here rather than through web-sys features: four calls).
    type Synth;
    #[wasm_bindgen(method)]
    fn speak(this: &Synth, u: &Utterance);
    #[wasm_bindgen(method)]
    fn cancel(this: &Synth);

    #[wasm_bindgen(js_name = SpeechSynthesisUtterance)]
    type Utterance;
    #[wasm_bindgen(constructor, catch, js_class = "SpeechSynthesisUtterance")]
    fn new(text: &str) -> Result<Utterance, JsValue>;
    #[wasm_bindgen(method, setter)]
    fn set_lang(this: &Utterance, lang: &str);
    #[wasm_bindgen(method, setter)]
    fn set_rate(this: &Utterance, rate: f64);
    #[wasm_bindgen(method, setter)]
    fn set_onend(this: &Utterance, f: &js_sys::Function);
    #[wasm_bindgen(method, setter)]
    fn set_onerror(this: &Utterance, f: &js_sys::Function);
}

/// The browser's speech synthesis, if it has one (and the utterance type to feed it).
fn synth() -> Option<Synth> {
    let w = web_sys::window()?;
    let has = |k: &str| js_sys::Reflect::get(&w, &k.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());
    has("SpeechSynthesisUtterance")?;
    has("speechSynthesis").map(JsCast::unchecked_into)
}

/// What is read: the item's title and each of its fields as shown (in 繁體 too, once converted), one
/// utterance each — Chrome stops a single long utterance after some seconds.
fn item_text() -> Vec<String> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return Vec::new() };
    let Ok(nodes) = doc.query_selector_all("article.item h1, article.item .field") else { return Vec::new() };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|el| {
            // A field reads as 「公开时限：…」 rather than the two run together.
            let text = el.inner_text();
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            match (el.tag_name().as_str(), lines.next()) {
                ("H1", Some(first)) => std::iter::once(first).chain(lines).collect::<Vec<_>>().join("，"),
                (_, Some(term)) => format!("{term}：{}", lines.collect::<Vec<_>>().join("，")),
                _ => String::new(),
            }
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// 朗读 / 停止朗读 for the item page; nothing where the browser cannot speak.
#[component]
pub fn ReadAloud() -> impl IntoView {
    if synth().is_none() {
        return ().into_any();
    }
    let speaking = RwSignal::new(false);
    // Each press starts a new reading; a cancelled reading's late `error` events must not end it.
    let reading = StoredValue::new(0u32);
    // Leaving the page stops the voice: it must not read an item that is no longer shown.
    on_cleanup(move || {
        if let Some(s) = synth() {
            s.cancel();
        }
    });
    let press = move |_| {
        let Some(s) = synth() else { return };
        s.cancel();
        reading.update_value(|n| *n += 1);
        if speaking.get_untracked() {
            speaking.set(false);
            return;
        }
        let parts = item_text();
        let Some(last) = parts.len().checked_sub(1) else { return };
        let this = reading.get_value();
        let done = Closure::<dyn Fn()>::new(move || {
            if reading.try_get_value() == Some(this) {
                speaking.set(false);
            }
        })
        .into_js_value();
        for (i, text) in parts.iter().enumerate() {
            let Ok(u) = Utterance::new(text) else { return };
            u.set_lang("zh-CN");
            u.set_rate(0.9);
            if i == last {
                u.set_onend(done.unchecked_ref());
            }
            u.set_onerror(done.unchecked_ref());
            s.speak(&u);
        }
        speaking.set(true);
    };
    view! {
        <button type="button" class="btn read-aloud" class:speaking=move || speaking.get() on:click=press>
            // A loudspeaker: a drawing, not an emoji, so it shows without an emoji font.
            <svg class="read-aloud-icon" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M3 9h4l5-4v14l-5-4H3zM16 8.5a5 5 0 0 1 0 7M19 5.5a9 9 0 0 1 0 13" fill="none" stroke="currentColor" stroke-width="2"></path>
            </svg>
            {move || if speaking.get() { "停止朗读" } else { "朗读" }}
        </button>
    }
    .into_any()
}
