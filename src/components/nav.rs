//! In-app links: real `<a href="?…">` (so a long press or a new tab works) that, on a plain click,
//! navigate without reloading.

use crate::state::{AppState, History};
use crate::state::Route;
use leptos::prelude::*;
use web_sys::MouseEvent;

/// A click the app should handle itself: the main button, no modifier keys.
pub fn plain_click(ev: &MouseEvent) -> bool {
    ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key())
}

#[component]
pub fn NavLink(
    route: Route,
    #[prop(optional, into)] class: String,
    #[prop(optional)] current: bool,
    children: Children,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let href = state.href(&route);
    view! {
        <a
            class=class
            href=href
            aria-current=current.then_some("page")
            on:click=move |ev| {
                if plain_click(&ev) {
                    ev.prevent_default();
                    state.navigate(route.clone(), History::Push);
                }
            }
        >
            {children()}
        </a>
    }
}
