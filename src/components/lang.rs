//! 简体 / 繁體: the interface and the data in traditional characters.
//!
//! The app carries no conversion table: when a citizen switches to 繁體 it fetches the bundle's table
//! (`manifest.hant`, limited to the characters of the dataset and the interface, see
//! `gongkai_catalog::hant`) and converts the text of the page as it is drawn: every text node, the
//! `aria-label`, `title` and `placeholder` attributes, and the document title, through a
//! MutationObserver, so every component shows 繁體 without knowing about it. Form values and the
//! embed code are left as typed. Converting is idempotent, so text the app redraws is simply
//! converted again. Switching back to 简体 reloads the page (the URL holds the view).
//!
//! The choice is remembered (localStorage); in embed mode `lang=zh-Hant` in the URL sets it (the
//! script is `state::Lang`, provided as context).

use crate::state::{AppState, Lang, Script};
use crate::loader::LoadError;
use gongkai_catalog::hant::{Hant, HantTable};
use gongkai_catalog::Manifest;
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn LangSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = expect_context::<Lang>();
    let hant = lang.hant;
    let installed = StoredValue::new(false);

    // Once 繁體 is on and the manifest is here: fetch the table and convert the page.
    Effect::new(move |_| {
        if !hant.get() || installed.get_value() {
            return;
        }
        let Some(m) = state.manifest() else { return };
        let Some(key) = m.hant.clone() else { return };
        installed.set_value(true);
        leptos::task::spawn_local(async move {
            if install_hant(m, key, lang).await.is_err() {
                installed.set_value(false);
            }
        });
    });

    let toggle = move |_| {
        if hant.get_untracked() {
            lang.choose(Script::Hans);
            // The page was converted in place: reload it, in the same view (an embedded page's URL
            // now names 简体).
            state.rewrite_url();
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        } else {
            lang.choose(Script::Hant);
            state.rewrite_url();
        }
    };
    view! {
        <button
            type="button"
            class="lang-toggle"
            lang=move || if hant.get() { "zh-Hans" } else { "zh-Hant" }
            aria-label=move || if hant.get() { "切换到简体中文" } else { "切换到繁體中文" }
            on:click=toggle
        >
            {move || if hant.get() { "简体" } else { "繁體" }}
        </button>
    }
}

/// Loads the bundle's 繁體 table and converts the page with it, in the lazily loaded `tools` chunk
/// (a citizen who never switches never downloads it).
#[wasm_split(tools, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let installing = _; { installing.await } -> Result<(), LoadError>))]
fn install_hant(
    manifest: Arc<Manifest>,
    key: String,
    lang: Lang,
) -> Pin<Box<dyn Future<Output = Result<(), LoadError>>>> {
    Box::pin(async move {
        let table = crate::loader::load::<HantTable>(&manifest, &key).await?;
        let table = Arc::new(Hant::new(&table));
        lang.set_table(table.clone());
        install(table);
        Ok(())
    })
}

/// Converts the page now and every change from now on.
fn install(h: Arc<Hant>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(root) = doc.document_element() else { return };
    let _ = root.set_attribute("lang", "zh-Hant");
    convert_subtree(&doc, &root, &h);

    let h2 = h.clone();
    let doc2 = doc.clone();
    let cb = Closure::<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>::new(
        move |records: js_sys::Array, _obs: web_sys::MutationObserver| {
            for r in records.iter() {
                let r: web_sys::MutationRecord = r.unchecked_into();
                let Some(target) = r.target() else { continue };
                match r.type_().as_str() {
                    "characterData" => convert_text(&target, &h2),
                    "attributes" => {
                        if let (Some(el), Some(name)) = (target.dyn_ref::<web_sys::Element>(), r.attribute_name()) {
                            convert_attr(el, &name, &h2);
                        }
                    }
                    _ => {
                        let added = r.added_nodes();
                        for i in 0..added.length() {
                            if let Some(n) = added.item(i) {
                                convert_subtree(&doc2, &n, &h2);
                            }
                        }
                    }
                }
            }
        },
    );
    if let Ok(obs) = web_sys::MutationObserver::new(cb.as_ref().unchecked_ref()) {
        let init = web_sys::MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        init.set_character_data(true);
        init.set_attributes(true);
        init.set_attribute_filter(&js_sys::Array::of3(&"aria-label".into(), &"title".into(), &"placeholder".into()));
        let _ = obs.observe_with_options(&root, &init);
    }
    cb.forget();
}

const ATTRS: [&str; 3] = ["aria-label", "title", "placeholder"];

fn convert_subtree(doc: &web_sys::Document, node: &web_sys::Node, h: &Hant) {
    if node.node_type() == web_sys::Node::TEXT_NODE {
        convert_text(node, h);
        return;
    }
    let Some(el) = node.dyn_ref::<web_sys::Element>() else { return };
    if skipped(el) {
        return;
    }
    for a in ATTRS {
        convert_attr(el, a, h);
    }
    if let Ok(list) = el.query_selector_all("[aria-label],[title],[placeholder]") {
        for i in 0..list.length() {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                for a in ATTRS {
                    convert_attr(&e, a, h);
                }
            }
        }
    }
    // 0x4 = NodeFilter.SHOW_TEXT
    if let Ok(walker) = doc.create_tree_walker_with_what_to_show(node, 0x4) {
        while let Ok(Some(t)) = walker.next_node() {
            convert_text(&t, h);
        }
    }
}

fn skipped(el: &web_sys::Element) -> bool {
    matches!(el.tag_name().as_str(), "SCRIPT" | "STYLE" | "TEXTAREA" | "INPUT" | "CODE" | "PRE")
}

fn convert_text(node: &web_sys::Node, h: &Hant) {
    if node.node_type() != web_sys::Node::TEXT_NODE {
        return;
    }
    if node.parent_element().is_some_and(|p| skipped(&p)) {
        return;
    }
    if let Some(text) = node.node_value() {
        // Writing even an unchanged value queues another mutation: write only real changes.
        if h.changes(&text) {
            let converted = h.convert(&text);
            if converted != text {
                node.set_node_value(Some(&converted));
            }
        }
    }
}

fn convert_attr(el: &web_sys::Element, name: &str, h: &Hant) {
    if let Some(v) = el.get_attribute(name) {
        if h.changes(&v) {
            let converted = h.convert(&v);
            if converted != v {
                let _ = el.set_attribute(name, &converted);
            }
        }
    }
}
