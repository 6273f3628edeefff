//! The map by keyboard: every shape is a tab stop; Enter or Space chooses the place, an arrow moves
//! to the nearest shape in its direction (`gongkai_view::map::neighbours`).

use gongkai_view::map::neighbours::neighbour;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The keydown handler of the shape `code`: `select` chooses a place; `refocus` remembers it, so the
/// shape gets the focus back once the page has re-rendered around it.
pub fn shape_keys(
    code: String,
    labels: Arc<Vec<(String, [i32; 2])>>,
    wrap: NodeRef<leptos::html::Div>,
    refocus: StoredValue<Option<String>>,
    select: impl Fn(String) + 'static,
) -> impl Fn(web_sys::KeyboardEvent) + 'static {
    move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" | " " => {
            ev.prevent_default();
            refocus.set_value(Some(code.clone()));
            select(code.clone());
        }
        k @ ("ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown") => {
            ev.prevent_default();
            if let Some(next) = neighbour(&labels, &code, k) {
                focus_shape(wrap, &next);
            }
        }
        _ => {}
    }
}

/// Focuses the shape of `code`, if it is drawn.
pub fn focus_shape(wrap: NodeRef<leptos::html::Div>, code: &str) {
    let Some(el) = wrap.get_untracked() else { return };
    if let Ok(Some(node)) = el.query_selector(&format!("[data-code=\"{code}\"]")) {
        if let Ok(svg) = node.dyn_into::<web_sys::SvgElement>() {
            let _ = svg.focus();
        }
    }
}
